"""Render the declaration, intake review and campaign forms offscreen to PNG for the docs.

    .venv/bin/python tools/intake_screenshots.py [OUT_DIR] [--lang en|ja]

Makes a small register in a temporary SQLite database (a visiting researcher with an
affiliation, a declaration on file and a reviewed status that has changed since; a
campaign with people who have not yet submitted), opens the forms through the same
actions the menus use and saves ``declaration-form.png``, ``intake-review.png`` and
``campaigns.png`` (default: docs/images). Japanese needs a CJK font (see
scripts/screenshot); English renders with any font.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _register(url: str) -> dict[str, int]:
    from desk.services import registers as reg
    from desk.services.context import open_context

    with open_context(url) as ctx:
        org = reg.add(ctx, "organization", {"name": "Harbin Institute of Technology"}).id
        ids = {
            "li": reg.add(
                ctx,
                "person",
                {
                    "name": "Li Ming",
                    "role": "student",
                    "department": "Engineering",
                    "nationalities": "CN",
                    "visa_status": "Student",
                    "stay_until": "2028-03-31",
                    "affiliations": [org],
                },
            ).id
        }
        for name in ("Ana Souza", "Chen Jie", "Kim Minji"):
            ids[name] = reg.add(
                ctx, "person", {"name": name, "role": "student", "department": "Engineering"}
            ).id
        reg.receive_document(
            ctx, ids["li"], "declaration", "2026-04-01", valid_until="2027-03-31", types=[2]
        )
        reg.review_person(ctx, ids["li"], "admission", "cleared", on="2026-04-01")
        reg.edit(ctx, "person", ids["li"], {"role": "researcher"})
        reg.start_campaign(ctx, "Pledges of the new students, April 2026", "pledge", role="student")
        reg.receive_document(ctx, ids["Chen Jie"], "pledge", "2026-04-10")
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="docs/images")
    parser.add_argument("--lang", default="en", choices=("en", "ja"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DESK_SETTINGS_FILE"] = str(Path(tmp) / "desk-ui.ini")
        url = f"sqlite:///{Path(tmp) / 'intake.sqlite3'}"
        from desk.services.context import open_context

        with open_context(url):
            pass
        ids = _register(url)

        from PySide6.QtWidgets import QApplication

        from desk.services import registers as reg
        from desk.ui.app import create_main_window

        app = QApplication.instance() or QApplication(sys.argv)
        win = create_main_window(url, lang=args.lang)
        win.show()
        win.runner.wait_idle()
        app.processEvents()
        acts = win.intake_actions

        def shoot(dialog, name: str) -> None:  # type: ignore[no-untyped-def]
            dialog.adjustSize()
            dialog.resize(max(dialog.width(), 620), dialog.height())
            for _ in range(5):
                app.processEvents()
            dialog.grab().save(str(out / name), "PNG")
            print(out / name)

        ctx = win.context
        docs = reg.list_documents(ctx, person_id=ids["li"])
        form = acts.open_declaration_form(ids["li"], "Li Ming", docs)
        form.widgets["kind"].setCurrentIndex(form.widgets["kind"].findData("change_report"))
        form.widgets["received_on"].setText("2026-10-01")
        form.widgets["note"].setText("Now a researcher of the Engineering department")
        shoot(form, "declaration-form.png")
        form.confirm_discard = lambda: True
        form.reject()

        form = acts.open_review_form(reg.review_status(ctx, ids["li"]))
        form.widgets["outcome"].setCurrentIndex(form.widgets["outcome"].findData("conditions"))
        form.widgets["notes"].setText("Technology shared only under the project's plan")
        shoot(form, "intake-review.png")
        form.confirm_discard = lambda: True
        form.reject()

        acts.show_campaigns()
        win.runner.wait_idle()
        for _ in range(5):
            app.processEvents()
        shoot(acts.campaigns_dialog, "campaigns.png")
        acts.campaigns_dialog.reject()
        win.runner.wait_idle()
        win.context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
