"""The Japanese-UI quality gate: every window, view and dialog in Japanese, no English.

The app starts in Japanese over the demo database (``desk demo``: people in their own
scripts, cases in every status, shipments, lists) acted on by a user holding every role.
The walk shows each view of the navigation with its first row selected, then triggers
every action of the menu bar — found generically, so a dialog added later is walked too —
from the first place where it is enabled (Home, or a registry with its first row
selected). Each window that appears (a modal one through a timer running in its own
event loop) is read once its background work is over, then closed. Every text a person
reads is judged by :class:`tests.gui.ui_walk.Judge`: an ASCII word that is neither data
of the database nor in the documented allow-list fails the test (docs/ui.md, "The
Japanese walk"). Each dialog's focusable widgets must have an accessible name or a buddy
label, as tests/gui/test_keyboard_access.py asks of the main views.

An action that opens nothing, or is never enabled, must be listed below with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gui.ui_walk import (
    DialogCatcher,
    Judge,
    menu_actions,
    plain,
    unnamed_widgets,
    widget_texts,
)

# actions the walk does not trigger, and why
NOT_TRIGGERED = {
    "file.quit": "closes the window (its menu text is walked)",
}
# actions that open no window of their own: what they do instead
NO_WINDOW = {
    "edit.find": "puts the focus in the search box",
    "edit.copy_row": "copies the selected row to the clipboard",
    "view.refresh": "reads the table again",
    "view.home": "shows Home (walked as a view)",
    "case.assess": "assesses the selected case again; the status bar says so",
    "file.switch_user": "no one has a password in the demo: the status bar says how to set one",
}
NAVIGATION_PREFIX = "view.registry."  # shows a registry (each is walked as a view)
# actions no place of the walk enables, and why
NEVER_ENABLED: dict[str, str] = {}

WALKER = "walker"  # the acting user, holding every role
# columns and document keys that hold codes (HOLD, STOP, R4, listed…): never data to show
CODE_KEYS = frozenset(
    {
        "outcome",
        "previous_outcome",
        "risk",
        "status",
        "kind",
        "role",
        "classification",
        "result",
        "action",
        "entity",
        "decision",
        "level",
        "band",
        "channels",
        "place",
        "basis",
        "code",
        "track",
        "concern_relevance",
        "categories",
    }
)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from desk.demo.loader import load_demo
    from desk.services.context import open_context
    from desk.services.permissions import ROLES
    from desk.storage import models as m

    url = f"sqlite:///{tmp_path_factory.mktemp('walk') / 'demo.sqlite3'}"
    with open_context(url, actor="setup") as ctx:
        load_demo(ctx, people=40)
        with ctx.transaction() as s:
            s.add(
                m.User(
                    login=WALKER,
                    display_name="歩行 太郎",
                    roles=[m.UserRole(role=r) for r in ROLES],
                )
            )
    with open_context(url, actor=WALKER) as ctx:
        _add_trip(ctx)  # the demo has no trip: one, so that "Open trip…" has one to open
    return url


def _add_trip(ctx: Any) -> None:
    from sqlalchemy import select

    from desk.services.trips import assess_trips, save_trip
    from desk.storage import models as m

    with ctx.reading() as s:
        person = s.scalars(select(m.Person.id).order_by(m.Person.id)).first()
        case = s.scalars(select(m.Case.ref).order_by(m.Case.ref)).first()
        carried = select(m.Shipment.ref).where(m.Shipment.mode == "hand_carry")
        shipments = list(s.scalars(carried.order_by(m.Shipment.ref).limit(1)))
    save_trip(
        ctx,
        {
            "id": "T-2026-0001",
            "title": "シンガポールでの国際会議",
            "traveller": person,
            "departs_on": "2026-11-28",
            "returns_on": "2026-12-03",
            "destinations": ["SG"],
            "cases": [case],
            "shipments": shipments,
        },
    )
    assess_trips(ctx, ["T-2026-0001"])


def database_data(url: str) -> set[str]:
    """The free text stored in the demo database: names, titles, references, e-mails…

    Values that look like codes (``first_review``, ``LICENSE_REQUIRED``) are left out:
    they must never be shown as they are."""
    import re

    from sqlalchemy import JSON, String, Text, select

    from desk.services.context import open_context
    from desk.storage import models as m

    code = re.compile(r"[a-z][a-z0-9_.]*|[A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z]\d")
    found: set[str] = set()
    with open_context(url, actor="setup") as ctx, ctx.reading() as s:
        for mapper in m.Base.registry.mappers:
            table = mapper.local_table
            if table.name == "audit_events":  # actions and entities are codes: not data
                found.update(s.scalars(select(m.AuditEvent.actor)))
                continue
            columns = [
                c
                for c in table.columns
                if isinstance(c.type, String | Text | JSON)
                and not c.foreign_keys
                and c.name not in CODE_KEYS
            ]
            if not columns:
                continue
            for row in s.execute(select(*columns)):
                for value in _strings(list(row)):
                    if value and not code.fullmatch(value):
                        found.add(value)
                        found.update(part for part in value.splitlines() if part)
        for user in s.scalars(select(m.User)):
            found.add(user.login)
    return found


def _strings(value: Any) -> Iterator[str]:
    """The strings in a row or a JSON value (names in lists, aliases, a document's text)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in CODE_KEYS:
                yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


@pytest.fixture
def ja_window(qtbot, demo_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from desk.ui.app import apply_language, create_main_window

    monkeypatch.setenv("LOGNAME", WALKER)
    monkeypatch.setenv("USER", WALKER)
    win = create_main_window(demo_url, lang="ja")
    win.auto_backup = False
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=20000):
        win.show()
    qtbot.waitUntil(lambda: not win.runner.in_flight, timeout=20000)
    yield win
    win.runner.wait_idle()
    win.context.close()
    apply_language("en")


class Findings:
    def __init__(self, judge: Judge):
        self.judge = judge
        self.found: dict[tuple[str, str], str] = {}

    def read(self, texts: Any, origin: str) -> None:
        for where, kind, text in texts:
            if not text:
                continue
            words = self.judge.english_in(text)
            if words and (kind, text) not in self.found:
                self.found[(kind, text)] = f"{origin} · {where} · {kind}: {text!r} → {words}"

    def report(self) -> str:
        return "\n".join(sorted(self.found.values()))


def settle(win: Any) -> bool:
    return not win.runner.in_flight


def show_place(qtbot: Any, win: Any, key: str) -> None:
    """Show Home or registry ``key`` with its first row selected and its detail read."""
    win.show_registry(key)
    if key != "home":
        view = win.view(key)
        qtbot.waitUntil(lambda: view.model.has_loaded, timeout=20000)
        if view.model.rowCount() > 0:
            view.select_row(0)
    qtbot.waitUntil(lambda: not win.runner.in_flight, timeout=20000)
    qtbot.wait(50)
    win.update_actions()


def test_every_window_view_and_dialog_reads_japanese(qtbot, ja_window, demo_url) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.main_window import NAV

    win = ja_window
    findings = Findings(Judge(database_data(demo_url) | {win.database_label}))

    # the views, each with its first row selected (Home first)
    for key in NAV:
        show_place(qtbot, win, key)
        findings.read(widget_texts(win), f"view {key}")

    opened: dict[str, list[str]] = {}
    unnamed: set[str] = set()  # focusable widgets of the dialogs with no accessible name
    actions = menu_actions(win)
    assert len(actions) > 30
    pending = {a.objectName(): (path, a) for path, a in actions}
    assert all(pending), "every menu action has an object name (its id)"
    for key in NAV:
        show_place(qtbot, win, key)
        for action_id, (_path, action) in list(pending.items()):
            if action_id in NOT_TRIGGERED or action_id.startswith(NAVIGATION_PREFIX):
                pending.pop(action_id)
                continue
            if not action.isEnabled():
                continue
            pending.pop(action_id)

            def inspect(w: Any, a: str = action_id, place: str = key) -> None:
                findings.read(widget_texts(w), f"{a} ({place})")
                unnamed.update(f"{a}: {name}" for name in unnamed_widgets(w))

            catcher = DialogCatcher(inspect, lambda _w: settle(win))
            seen = catcher.run(action.trigger, qtbot, busy=lambda: win.runner.in_flight)
            if catcher.errors:
                raise catcher.errors[0]
            qtbot.waitUntil(lambda: not win.runner.in_flight, timeout=20000)
            findings.read([("status bar", "message", win.statusBar().currentMessage())], action_id)
            opened[action_id] = [type(w).__name__ for w in seen]
            if key != "home":  # an action may have moved elsewhere: back to the place
                show_place(qtbot, win, key)

    never = {a: p for a, (p, _act) in pending.items() if a not in NEVER_ENABLED}
    silent = sorted(a for a, windows in opened.items() if not windows and a not in NO_WINDOW)
    assert not findings.found, "English or codes in the Japanese UI:\n" + findings.report()
    assert not unnamed, "no accessible name and no buddy label:\n" + "\n".join(sorted(unnamed))
    assert not never, f"enabled nowhere in the walk (say why in NEVER_ENABLED): {never}"
    assert not silent, f"opened no window (say what they do in NO_WINDOW): {silent}"
    dialogs = {a for a, windows in opened.items() if windows}
    assert {"file.settings", "file.audit_log", "case.new", "help.about"} <= dialogs, opened


def test_the_judge_finds_codes_and_english_but_not_data_or_the_allow_list() -> None:
    judge = Judge({"Wang Wei", "Tsinghua University", "EC-2026-0001"})
    assert judge.english_in("判定 LICENSE_REQUIRED") == ["LICENSE_REQUIRED"]
    assert judge.english_in("（STOP R4）") == ["STOP", "R4"]
    assert judge.english_in("covers_all_content が false") == ["covers_all_content", "false"]
    assert judge.english_in("Yemen") == ["Yemen"]
    assert judge.english_in("機関の方針（institutional policy）") == ["institutional", "policy"]
    assert judge.english_in("懸念区分 B、M") == ["B", "M"]
    assert judge.english_in("[decided]") == ["decided"]
    # data, numbers, the allow-list
    assert judge.english_in("EC-2026-0001 Wang Wei（Tsinghua University）") == []
    assert judge.english_in("PDF を書き出す（SHA-256: 0a1b…）、CSV、*.json") == []
    assert judge.english_in("CN 中国／KR 韓国（グループA）") == []
    assert judge.english_in("2026年12月7日 10:14、3.5 kg、F5、Ctrl+Shift+N") == []
    assert judge.english_in("desk — /tmp/demo.sqlite3") == []
    assert plain("<b>ファイル(&F)</b>") == " ファイル "
    assert judge.english_in("<p>記録 &amp; 許可</p>") == []


def test_a_dialog_button_box_speaks_japanese(qtbot, ja_window) -> None:  # type: ignore[no-untyped-def]
    """Qt's own catalogue (qtbase_ja.qm, from PySide6's translations folder) is loaded."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
    )
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    assert box.button(QDialogButtonBox.StandardButton.Yes).text().startswith("はい")
    message = QMessageBox(QMessageBox.Icon.Question, "確認", "削除しますか。")
    message.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert message.button(QMessageBox.StandardButton.No).text().startswith("いいえ")


def test_translations_folder_holds_qtbase_ja() -> None:
    """What the PyInstaller build copies (installer/desk.spec, PySide6's hook)."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert (folder / "qtbase_ja.qm").is_file()
    assert plain("&Cancel") == "Cancel"
