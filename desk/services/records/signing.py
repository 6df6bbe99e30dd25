"""The institution's Ed25519 signature on every issued record.

The private key is a PEM file kept **outside the database** (``desk keys generate``; its
path is ``[signing] key`` in the local settings or ``DESK_SIGNING_KEY``). When it is set,
issuing a record signs ``desk-record-signature/1``, the document number and the SHA-256 of
the PDF; the signature is stored with the record (``record_signatures``) and in its
``record.issue`` audit event (which the hash chain protects). ``desk report verify`` checks
the file's own hash against that signature with the **public** key from the settings or
``--public-key`` — never a key or hash the database holds — so a PDF edited and its stored
hash rewritten fails, and so does a signature made with another key.

The fingerprint of a public key is the SHA-256 of its 32 raw bytes, shown in groups of
four hex digits (settings, docs, ``desk keys show``).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.services.local_config import LocalConfig, load_config

SIGNATURE_FORMAT = "desk-record-signature/1"
PRIVATE_NAME = "desk-signing-key.pem"
PUBLIC_NAME = "desk-signing-key.pub.pem"


@dataclass(frozen=True)
class KeyInfo:
    private_path: Path | None
    public_path: Path | None
    fingerprint: str

    @property
    def shown(self) -> str:
        return show_fingerprint(self.fingerprint)


class Signer:
    """A loaded private key (kept in memory for one issuing run only)."""

    def __init__(self, key: object, fingerprint: str):
        self._key = key
        self.fingerprint = fingerprint

    def sign(self, number: str, pdf_sha256: str) -> str:
        signature = self._key.sign(_message(number, pdf_sha256))  # type: ignore[attr-defined]
        return base64.b64encode(signature).decode("ascii")


def _message(number: str, pdf_sha256: str) -> bytes:
    return f"{SIGNATURE_FORMAT}\n{number}\n{pdf_sha256}".encode("ascii")


def show_fingerprint(fingerprint: str) -> str:
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def _raw(public_key: object) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return public_key.public_bytes(  # type: ignore[attr-defined, no-any-return]
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def key_fingerprint(public_key: object) -> str:
    return hashlib.sha256(_raw(public_key)).hexdigest()


def generate_keys(folder: str | Path) -> KeyInfo:
    """A new key pair in ``folder``: the private key readable by its owner only, the
    public key to hand out. Existing key files are never overwritten."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    target = Path(folder)
    if not target.is_dir():
        raise InvalidInput(_("Folder {folder} does not exist").format(folder=target), where="--out")
    private_path, public_path = target / PRIVATE_NAME, target / PUBLIC_NAME
    for path in (private_path, public_path):
        if path.exists():
            raise InvalidInput(
                _("{file} exists already; desk never overwrites a key").format(file=path),
                where="--out",
            )
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_pem)
    public_path.write_bytes(public_pem)
    return KeyInfo(private_path, public_path, key_fingerprint(key.public_key()))


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read the {what} {file}: {error}").format(
                what=what, file=path, error=exc.strerror or exc
            )
        ) from None


def load_signer(config: LocalConfig | None = None) -> Signer | None:
    """The configured private key, or None when signing is not set up."""
    config = config or load_config()
    if config.signing_key is None:
        return None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data = _read(config.signing_key, _("signing key"))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            _("{file} is not an Ed25519 private key: {error}").format(
                file=config.signing_key, error=exc
            )
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(
            _("{file} is not an Ed25519 private key: {error}").format(
                file=config.signing_key, error=type(key).__name__
            )
        )
    return Signer(key, key_fingerprint(key.public_key()))


def load_public_key(path: str | Path | None = None, config: LocalConfig | None = None) -> object:
    """The public key to verify with: ``path``, else the settings' public key, else the one
    of the configured private key; None when none is set up."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    config = config or load_config()
    chosen = Path(path) if path else config.public_key
    if chosen is None:
        signer = load_signer(config)
        return None if signer is None else signer._key.public_key()  # type: ignore[attr-defined]
    data = _read(chosen, _("public key"))
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            _("{file} is not an Ed25519 public key: {error}").format(file=chosen, error=exc)
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(
            _("{file} is not an Ed25519 public key: {error}").format(
                file=chosen, error=type(key).__name__
            )
        )
    return key


def key_info(config: LocalConfig | None = None) -> KeyInfo | None:
    """What the settings name, with its fingerprint (for settings, ``desk keys show``)."""
    config = config or load_config()
    key = load_public_key(config=config)
    if key is None:
        return None
    return KeyInfo(config.signing_key, config.public_key, key_fingerprint(key))


def signature_valid(public_key: object, number: str, pdf_sha256: str, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, _message(number, pdf_sha256))  # type: ignore[attr-defined]
    except (InvalidSignature, ValueError):
        return False
    return True
