"""``desk keys generate | show``: the institution's Ed25519 key that signs issued records
(kept outside the database; docs/security.md)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desk.domain.i18n import _
from desk.services.records import generate_keys, key_info, show_fingerprint


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "keys", help=_("the institution's signing key for issued records")
    )
    sub = parser.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    p = sub.add_parser("generate", help=_("make a new key pair (never overwrites one)"))
    p.add_argument("--out", required=True, metavar="FOLDER", help=_("where to write the two files"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_generate)
    p = sub.add_parser("show", help=_("the key the settings name, with its fingerprint"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)


def _generate(args: argparse.Namespace) -> int:
    info = generate_keys(args.out)
    if args.json:
        payload = {
            "private_key": str(info.private_path),
            "public_key": str(info.public_path),
            "fingerprint": info.fingerprint,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(
        _("Private key (keep it safe, outside the database): {path}").format(path=info.private_path)
    )
    print(_("Public key (hand it out to verify records): {path}").format(path=info.public_path))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=info.shown))
    print(
        _(
            "To sign records, name the private key in the settings, or set DESK_SIGNING_KEY={path}"
        ).format(path=info.private_path)
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    info = key_info()
    if args.json:
        payload = None
        if info is not None:
            payload = {
                "private_key": str(info.private_path) if info.private_path else None,
                "public_key": str(info.public_path) if info.public_path else None,
                "fingerprint": info.fingerprint,
            }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if info is None:
        print(_("No signing key is set up: records are not signed (desk keys generate)."))
        return 0
    if info.private_path:
        print(_("Signing key: {path}").format(path=info.private_path))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=show_fingerprint(info.fingerprint)))
    return 0
