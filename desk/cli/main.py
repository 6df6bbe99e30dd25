"""``desk`` subcommands.

Each command lives in its own module with ``register(subparsers)`` that adds its parser
and sets ``func(args) -> int``; ``--database`` and ``--lang`` are added to every command
here, so the modules do not declare them. Only the module of the command given is imported
(a command costs what it uses, not what every command uses): ``desk --help`` lists the
others from :data:`SUMMARIES`, and a command module imports its services when it runs.

Expected problems (:class:`desk.domain.errors.DeskError`) print ``desk: <message>`` on
stderr and exit with status 2; nothing is left half-stored because every service runs in
one transaction.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from typing import Any

import desk
from desk.domain.errors import DeskError
from desk.domain.i18n import N_, _, set_language
from desk.domain.limits import escape_controls

# command name → module under desk.cli that registers it
COMMANDS: dict[str, str] = {
    "assess": "desk.cli.assess",
    "screen": "desk.cli.screen",
    "lists": "desk.cli.lists",
    "hits": "desk.cli.hits",
    "cases": "desk.cli.cases",
    "shipments": "desk.cli.shipments",
    "trips": "desk.cli.trips",
    "stats": "desk.cli.stats",
    "demo": "desk.cli.demo",
    "db": "desk.cli.db",
    "report": "desk.cli.report",
    "review": "desk.cli.review",
    "audit": "desk.cli.audit",
    "people": "desk.cli.people",
    "orgs": "desk.cli.orgs",
    "projects": "desk.cli.projects",
    "tech": "desk.cli.tech",
    "goods": "desk.cli.goods",
    "internal-audit": "desk.cli.internal_audit",
    "roster": "desk.cli.roster",
    "export": "desk.cli.export",
    "declarations": "desk.cli.declarations",
    "campaigns": "desk.cli.campaigns",
    "intake": "desk.cli.intake",
    "settings": "desk.cli.settings",
    "retention": "desk.cli.retention",
    "keys": "desk.cli.keys",
    "users": "desk.cli.users",
    "home": "desk.cli.home",
    "classify": "desk.cli.classify",
    "licences": "desk.cli.licences",
    "informs": "desk.cli.informs",
}

# command name → its line in ``desk --help`` (the same text as its module's ``help=``; a test
# keeps them equal). A command missing here is imported to be listed.
SUMMARIES: dict[str, str] = {
    "assess": "judge desk-case/1 and desk-shipment/1 files",
    "screen": N_("screen names against restricted-party lists"),
    "lists": N_("import, compare and show list versions"),
    "hits": N_("stored screening hits: list, clear, confirm; the screening record"),
    "cases": N_("import, export, list and assess stored cases"),
    "shipments": N_("import, export, list, assess, review and record shipments of goods"),
    "trips": N_("trip applications: the traveller's cases and hand-carried goods judged together"),
    "stats": N_("count what is stored"),
    "demo": N_("fill an empty database with fictitious demo data"),
    "db": N_("check or upgrade the database schema; back it up and restore it"),
    "report": N_("issue PDF review records and the audit report"),
    "review": N_("submit, review and decide cases; licences; users and roles"),
    "audit": N_("check and read the audit trail"),
    "people": N_("register people: add, edit, show, list, merge, retire"),
    "orgs": N_("register organizations (screened when added or renamed)"),
    "projects": N_("register projects: members, funding, partners"),
    "tech": N_("register technical data with its classification"),
    "goods": N_("register goods with their classification, reused by shipments"),
    "internal-audit": N_("keep the internal audit: plan, checklist, findings, corrective actions"),
    "roster": N_("import rosters of people (名寄せ) and review doubtful pairs"),
    "export": N_("export a register (people, orgs, projects, tech, goods) to CSV, Excel or JSON"),
    "declarations": N_("people's declarations and pledges: request, receive, expire"),
    "campaigns": N_("ask a cohort for declarations or pledges; who has not answered"),
    "intake": N_("review people at admission, hiring or a visit; who is due"),
    "settings": N_("show or change the office's settings (the institution's name)"),
    "retention": N_("retention periods, the disposal list, legal holds, disposal"),
    "keys": N_("the institution's signing key for issued records"),
    "users": N_("users, departments, roles, passwords and sign-in policy"),
    "home": N_("show what needs doing today"),
    "classify": N_("classify technical data and goods; the re-classification queue"),
    "licences": N_("the licence register: consultation, application, grant; coverage, expiry"),
    "informs": N_("the inform notice register, applied to every affected case"),
}
TOP_OPTIONS_WITH_VALUE = ("--database", "--lang", "--user")

USER_HELP = (
    "who acts, once desk has sign-in accounts (also DESK_USER); the password is asked at "
    "a prompt or read from DESK_PASSWORD"
)

EXIT_INVALID = 2
EXIT_INTERNAL = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"desk: {message}\n")


class _VersionAction(argparse.Action):
    """Like argparse's "version", but reads the version only when asked (it costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"desk {desk.__version__}")
        parser.exit(0)


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database URL (sqlite:///FILE or postgresql+psycopg://...); "
        "default: DESK_DATABASE_URL or the SQLite file in the user data directory",
    )


def command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is not an option or an option's value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in TOP_OPTIONS_WITH_VALUE:
            skip = True
        elif arg == "--":
            continue
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(command: str | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """The parser, with ``command``'s module registered (every module's when ``every``);
    the other commands are listed, with their summaries, but not imported."""
    parser = _Parser(prog="desk", description="desk: deemed-export screening and review records.")
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show the version and exit"
    )
    parser.add_argument("--database", metavar="URL", default=None, help="database URL")
    parser.add_argument("--lang", choices=("ja", "en"), default=None, help="language of messages")
    parser.add_argument("--user", metavar="LOGIN", default=None, help=USER_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if not every and name != command and name in SUMMARIES:
            sub.add_parser(name, help=_(SUMMARIES[name]))  # listed; parsed only when given
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # not built yet
            raise
        module.register(sub)
    add_common_options(parser)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Give every command under ``parser`` ``--database`` and ``--lang``."""
    for child in _subparsers(parser):
        _add_common_options(child)


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    out: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                out.append(child)
                out.extend(_subparsers(child))
    return out


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    """``--database`` and ``--lang`` work before or after any subcommand."""
    known = parser._option_string_actions
    if "--database" not in known:
        add_database_option(parser)
    if "--user" not in known:
        parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help=USER_HELP)
    if "--lang" not in known:
        parser.add_argument(
            "--lang", choices=("ja", "en"), default=argparse.SUPPRESS, help="language of messages"
        )


PASSPHRASE_ENV = "DESK_DB_PASSPHRASE"
NEW_PASSPHRASE_ENV = "DESK_DB_NEW_PASSPHRASE"


def database_url(args: argparse.Namespace) -> str | None:
    """The database the command works on; an encrypted one (``sqlite+pysqlcipher:///FILE``)
    is unlocked here with its passphrase (``DESK_DB_PASSPHRASE``, else a prompt)."""
    url = getattr(args, "database", None) or os.environ.get("DESK_DATABASE_URL") or None
    if url and url.startswith("sqlite+pysqlcipher:"):
        from desk.services.database import locked_database, unlock_database

        path = locked_database(url)
        if path is not None:
            unlock_database(path, ask_passphrase(path))
    return url


def ask_passphrase(path: object, *, env: str = PASSPHRASE_ENV, new: bool = False) -> str:
    """A passphrase from ``env``, else asked on the terminal (twice when ``new``); never
    from a command-line argument, which other users of the machine can see."""
    from desk.domain.errors import InvalidInput

    given = os.environ.get(env)
    if given:
        return given
    if sys.stdin is None or not sys.stdin.isatty():
        raise InvalidInput(
            _(
                "{file} is encrypted: give its passphrase in {env}, or run desk on a terminal "
                "to be asked for it"
            ).format(file=path, env=env)
            if not new
            else _("Give the new passphrase in {env}, or run desk on a terminal").format(env=env)
        )
    import getpass

    if not new:
        return getpass.getpass(_("Passphrase for {file}: ").format(file=path))
    first = getpass.getpass(_("New passphrase for {file}: ").format(file=path))
    if getpass.getpass(_("The new passphrase again: ")) != first:
        raise InvalidInput(_("The two passphrases differ; nothing was changed"))
    return first


class _TerminalText:
    """stdout/stderr with control characters escaped (desk.domain.limits.escape_controls):
    names and ids come from files and databases that others wrote."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(escape_controls(text)) or 0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None, *, whole_process: bool = False) -> int:
    """Run one command. ``whole_process``: this call is the process (the ``desk`` launcher),
    so the start-up may tune the process-wide cycle collector (:func:`_main`)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalText(out), _TerminalText(err)
    user_before = os.environ.get("DESK_USER")
    try:
        return _main(argv, whole_process)
    finally:
        sys.stdout, sys.stderr = out, err
        # --user holds for this command only (a test or a script calling main() again)
        if user_before is None:
            os.environ.pop("DESK_USER", None)
        else:
            os.environ["DESK_USER"] = user_before


# young objects between two passes of the cycle collector in a CLI process (Python: 700)
COMMAND_GC_THRESHOLD = 100_000


def _main(argv: Sequence[str] | None, whole_process: bool = False) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The modules a command imports live as long as the process: the cycle collector is
    # paused while they load (its passes over half a million import-time objects cost as
    # much as the imports), then they are moved out of its sight (gc.freeze), so the
    # command's own collections walk only the command's own objects. Those collections are
    # spaced out too (COMMAND_GC_THRESHOLD young objects instead of 700): one record makes
    # some 75,000 objects (mappers configured, rows, the PDF's flowables), and a hundred
    # passes over them cost a tenth of the command; a long command still collects.
    # Only when this call is the whole process: frozen objects are never collected.
    if whole_process:
        gc.disable()
        try:
            parser = build_parser(command_in(argv))
        finally:
            gc.freeze()
            gc.set_threshold(COMMAND_GC_THRESHOLD, *gc.get_threshold()[1:])
            gc.enable()
    else:
        parser = build_parser(command_in(argv))
    args = parser.parse_args(argv)
    set_language(args.lang)
    if getattr(args, "user", None):
        os.environ["DESK_USER"] = args.user  # read by open_context (desk.services.context)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_INVALID
    try:
        return int(func(args) or 0)
    except DeskError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("desk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: a short message and the details in a file, not a traceback
        if os.environ.get("DESK_DEBUG"):
            raise
        log = _write_crash_log()
        print(
            _("desk: internal error ({error}); the details are in {path}").format(
                error=f"{type(exc).__name__}: {exc}"[:300], path=log or "-"
            ),
            file=sys.stderr,
        )
        if log is None:
            traceback.print_exc()
        return EXIT_INTERNAL


def _write_crash_log() -> str | None:
    """The traceback in a new file in the user's log folder (DESK_LOG_DIR overrides it)."""
    try:
        from desk.applog import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        fd, path = tempfile.mkstemp(prefix=f"crash-{stamp}-", suffix=".log", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"desk {desk.__version__}\nargv: {sys.argv!r}\n\n")
            out.write(traceback.format_exc())
        return path
    except Exception:
        return None
