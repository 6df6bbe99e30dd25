"""``desk users``: desk's users, their departments, roles, passwords and lock-out.

``add``, ``list``, ``show``, ``grant``, ``revoke``, ``disable``, ``enable``, ``passwd``,
``unlock`` and ``policy``. Every change is the administrator's (管理者) and an audit event.
``desk review users list|add`` stays as an alias. Passwords are typed at a prompt (twice),
or read from standard input with ``--password-stdin`` (one line) for scripts; never on the
command line, where other users of the machine could see them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from desk.cli.main import database_url
from desk.domain.errors import InvalidInput
from desk.domain.i18n import _
from desk.domain.localtime import shown
from desk.services.permissions import ROLES


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "users", help=_("users, departments, roles, passwords and sign-in policy")
    )
    sub = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add_actions(sub)

    p = sub.add_parser("show", help=_("one user: department, roles, password, lock"))
    p.add_argument("login", metavar="LOGIN")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_show)

    for name, helptext in (
        ("grant", _("give a user roles")),
        ("revoke", _("take roles from a user")),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("login", metavar="LOGIN")
        p.add_argument("--role", action="append", required=True, choices=ROLES)
        p.set_defaults(func=_grant if name == "grant" else _revoke)

    for name, helptext in (
        ("disable", _("stop a user from acting (kept in the records)")),
        ("enable", _("let a disabled user act again")),
        ("unlock", _("unlock an account locked after failed sign-ins")),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("login", metavar="LOGIN")
        p.set_defaults(func=_state, action=name)

    p = sub.add_parser("passwd", help=_("set a user's sign-in password (single-PC mode)"))
    p.add_argument("login", metavar="LOGIN")
    p.add_argument(
        "--password-stdin", action="store_true", help=_("read the password from standard input")
    )
    p.set_defaults(func=_passwd)

    p = sub.add_parser("policy", help=_("show or change the lock-out and idle sign-out"))
    p.add_argument("--max-failures", type=int, default=None, metavar="N")
    p.add_argument("--lock-minutes", type=int, default=None, metavar="MIN")
    p.add_argument("--idle-minutes", type=int, default=None, metavar="MIN")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=_policy)


def add_actions(sub: Any) -> None:
    """``list`` and ``add`` (shared with ``desk review users``)."""
    u = sub.add_parser("list", help=_("list users and their roles"))
    u.add_argument("--json", action="store_true", help=_("print JSON"))
    u.set_defaults(func=_list)
    u = sub.add_parser("add", help=_("add a user or give them roles"))
    u.add_argument("login", metavar="LOGIN", help=_("login name"))
    u.add_argument("--role", action="append", required=True, choices=ROLES)
    u.add_argument("--department", default=None, metavar="CODE", help=_("the user's department"))
    u.add_argument("--name", default=None, help=_("display name"))
    u.add_argument("--email", default=None)
    u.add_argument(
        "--password", action="store_true", help=_("set a sign-in password (asked at a prompt)")
    )
    u.add_argument(
        "--password-stdin", action="store_true", help=_("read the password from standard input")
    )
    u.set_defaults(func=_add)


def _context(args: argparse.Namespace) -> Any:
    from desk.services.context import open_context

    return open_context(database_url(args))


def account_json(a: Any) -> dict[str, Any]:
    return {
        "login": a.login,
        "name": a.display_name,
        "email": a.email,
        "department": a.department,
        "roles": list(a.roles),
        "active": a.active,
        "password": a.has_password,
        "locked_until": a.locked_until.isoformat() if a.locked_until else None,
    }


def _line(a: Any) -> str:
    from desk.services.permissions import role_list

    state = [] if a.active else [_("disabled")]
    if a.locked_until:
        state.append(_("locked until {time}").format(time=shown(a.locked_until)))
    return "\t".join(
        [a.login, a.display_name, a.department or "-", role_list(a.roles) or "-", *state]
    )


def _read_password(args: argparse.Namespace, login: str) -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InvalidInput(
            _("no terminal to ask the password at: use --password-stdin"), where="--password"
        )
    first = getpass.getpass(_("New password for {user}: ").format(user=login))
    again = getpass.getpass(_("The same password again: "))
    if first != again:
        raise InvalidInput(_("the two passwords differ; nothing was changed"), where="--password")
    return first


def _list(args: argparse.Namespace) -> int:
    from desk.services.users import list_users

    with _context(args) as ctx:
        accounts = list_users(ctx)
    if args.json:
        print(json.dumps([account_json(a) for a in accounts], ensure_ascii=False, indent=2))
        return 0
    for a in accounts:
        print(_line(a))
    return 0


def _add(args: argparse.Namespace) -> int:
    from desk.services.users import add_user

    password = None
    if args.password or args.password_stdin:
        password = _read_password(args, args.login)
    with _context(args) as ctx:
        account = add_user(
            ctx,
            args.login,
            args.role,
            department=args.department,
            display_name=args.name,
            email=args.email,
            password=password,
        )
    print(_("{user} now holds: {roles}").format(user=account.login, roles=", ".join(account.roles)))
    return 0


def _show(args: argparse.Namespace) -> int:
    from desk.services.users import show_user

    with _context(args) as ctx:
        account = show_user(ctx, args.login)
    if args.json:
        print(json.dumps(account_json(account), ensure_ascii=False, indent=2))
    else:
        print(_line(account))
    return 0


def _grant(args: argparse.Namespace) -> int:
    from desk.services.users import grant

    with _context(args) as ctx:
        account = grant(ctx, args.login, args.role)
    print(_("{user} now holds: {roles}").format(user=account.login, roles=", ".join(account.roles)))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from desk.services.users import revoke

    with _context(args) as ctx:
        account = revoke(ctx, args.login, args.role)
    print(
        _("{user} now holds: {roles}").format(
            user=account.login, roles=", ".join(account.roles) or "-"
        )
    )
    return 0


def _state(args: argparse.Namespace) -> int:
    from desk.services.users import set_active, unlock

    with _context(args) as ctx:
        if args.action == "unlock":
            account = unlock(ctx, args.login)
        else:
            account = set_active(ctx, args.login, args.action == "enable")
    print(_line(account))
    return 0


def _passwd(args: argparse.Namespace) -> int:
    from desk.services.users import set_password

    password = _read_password(args, args.login)
    with _context(args) as ctx:
        set_password(ctx, args.login, password)
    print(_("The password of {user} was set").format(user=args.login))
    return 0


def _policy(args: argparse.Namespace) -> int:
    from desk.services.users import get_policy, set_policy

    with _context(args) as ctx:
        if (args.max_failures, args.lock_minutes, args.idle_minutes) == (None, None, None):
            p = get_policy(ctx)
        else:
            p = set_policy(
                ctx,
                max_failures=args.max_failures,
                lock_minutes=args.lock_minutes,
                idle_minutes=args.idle_minutes,
            )
    if args.json:
        print(json.dumps(p.__dict__, indent=2))
        return 0
    print(
        _(
            "Lock after {n} failed sign-ins for {lock} minutes; sign out after {idle} idle minutes"
        ).format(n=p.max_failures, lock=p.lock_minutes, idle=p.idle_minutes)
    )
    return 0
