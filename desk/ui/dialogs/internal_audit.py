"""The "Internal audit…" dialog: the year's internal audit (内部監査) — plan and scope,
auditors and date, the checklist (適／不適／該当なし with notes), findings, corrective
actions with owners and due dates, their follow-up, and the sign-off.

Each button stores one change through ``desk.services.internal_audit``: the dialog hands
the service call to ``run(work, done)`` (the File menu's handler runs it off the UI thread)
and shows the audit as the service returns it. A refusal (the office writing a finding, an
auditor adding a corrective action, a signed-off audit) comes back as the service's own
message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.domain.i18n import N_, _
from desk.domain.limits import strict_date
from desk.domain.localtime import shown

Run = Callable[[Callable[[Any], Any], Callable[[Any], None]], None]

RESULTS = (
    (None, "—"),
    ("conform", N_("Conforms (適)")),
    ("nonconform", N_("Does not conform (不適)")),
    ("na", N_("Not applicable (該当なし)")),
)
SEVERITIES = (
    (None, "—"),
    ("major", N_("Major")),
    ("minor", N_("Minor")),
    ("observation", N_("Observation")),
)


def _date(text: str) -> dt.date | None:
    text = text.strip()
    return strict_date(text) if text else None


class InternalAuditDialog(QDialog):
    changed = Signal(object)  # the AuditView after each stored change

    def __init__(self, view: Any | None, fiscal_year: int, run: Run, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("internalAuditDialog")
        self.view = view
        self.fiscal_year = fiscal_year
        self._run = run
        self.resize(900, 640)

        self.title = QLabel(self)
        self.title.setObjectName("auditTitle")
        self.problem = QLabel(self)
        self.problem.setObjectName("auditProblem")
        self.problem.setStyleSheet("color: #a00")
        self.tabs = QTabWidget(self)

        # plan
        plan_page = QWidget(self)
        self.plan = QPlainTextEdit(plan_page)
        self.plan.setObjectName("planEdit")
        self.scope = QPlainTextEdit(plan_page)
        self.scope.setObjectName("scopeEdit")
        self.auditors = QLineEdit(plan_page)
        self.auditors.setObjectName("auditorsEdit")
        self.audit_on = QLineEdit(plan_page)
        self.audit_on.setObjectName("auditDateEdit")
        self.audit_on.setPlaceholderText(_("YYYY-MM-DD"))
        self.save_plan = QPushButton(_("Save the plan"), plan_page)
        self.save_plan.setObjectName("savePlanButton")
        self.sign_comment = QLineEdit(plan_page)
        self.sign_comment.setObjectName("signOffComment")
        self.sign_off = QPushButton(_("Sign off"), plan_page)
        self.sign_off.setObjectName("signOffButton")
        self.signed = QLabel(plan_page)
        self.signed.setObjectName("signedLabel")
        form = QFormLayout(plan_page)
        form.addRow(_("Plan:"), self.plan)
        form.addRow(_("Scope:"), self.scope)
        form.addRow(_("Auditors:"), self.auditors)
        form.addRow(_("Audit date:"), self.audit_on)
        form.addRow(self.save_plan)
        form.addRow(_("Sign-off comment:"), self.sign_comment)
        form.addRow(self.sign_off)
        form.addRow(self.signed)
        self.tabs.addTab(plan_page, _("Plan"))

        # checklist
        check_page = QWidget(self)
        self.checks = QTableWidget(0, 4, check_page)
        self.checks.setObjectName("checkTable")
        self.checks.setHorizontalHeaderLabels(
            [_("No."), _("Checklist item"), _("Result"), _("Notes")]
        )
        self.checks.horizontalHeader().setStretchLastSection(True)
        self.checks.verticalHeader().setVisible(False)
        self.checks.setColumnWidth(1, 420)
        self.checks.setColumnWidth(2, 190)
        self.save_checks = QPushButton(_("Save the checklist"), check_page)
        self.save_checks.setObjectName("saveChecksButton")
        box = QVBoxLayout(check_page)
        box.addWidget(self.checks)
        box.addWidget(self.save_checks)
        self.tabs.addTab(check_page, _("Checklist"))

        # findings and corrective actions
        find_page = QWidget(self)
        self.findings = QTableWidget(0, 7, find_page)
        self.findings.setObjectName("findingTable")
        self.findings.setHorizontalHeaderLabels(
            [
                _("No."),
                _("Finding"),
                _("Severity"),
                _("Corrective action"),
                _("Owner"),
                _("Due"),
                _("Status"),
            ]
        )
        self.findings.horizontalHeader().setStretchLastSection(True)
        self.findings.verticalHeader().setVisible(False)
        self.finding_text = QLineEdit(find_page)
        self.finding_text.setObjectName("findingEdit")
        self.finding_check = QComboBox(find_page)
        self.finding_check.setObjectName("findingCheckBox")
        self.finding_severity = QComboBox(find_page)
        self.finding_severity.setObjectName("findingSeverityBox")
        for key, label in SEVERITIES:
            self.finding_severity.addItem(_(label) if key else label, key)
        self.add_finding = QPushButton(_("Add finding"), find_page)
        self.add_finding.setObjectName("addFindingButton")
        self.action_finding = QComboBox(find_page)
        self.action_finding.setObjectName("actionFindingBox")
        self.action_text = QLineEdit(find_page)
        self.action_text.setObjectName("actionEdit")
        self.action_owner = QLineEdit(find_page)
        self.action_owner.setObjectName("actionOwnerEdit")
        self.action_due = QLineEdit(find_page)
        self.action_due.setObjectName("actionDueEdit")
        self.action_due.setPlaceholderText(_("YYYY-MM-DD"))
        self.add_action = QPushButton(_("Add corrective action"), find_page)
        self.add_action.setObjectName("addActionButton")
        self.open_actions = QComboBox(find_page)
        self.open_actions.setObjectName("openActionBox")
        self.follow_up = QLineEdit(find_page)
        self.follow_up.setObjectName("followUpEdit")
        self.close_action = QPushButton(_("Close the action"), find_page)
        self.close_action.setObjectName("closeActionButton")
        col = QVBoxLayout(find_page)
        col.addWidget(self.findings)
        row = QHBoxLayout()
        for w in (
            QLabel(_("Finding:")),
            self.finding_text,
            self.finding_check,
            self.finding_severity,
            self.add_finding,
        ):
            row.addWidget(w)
        col.addLayout(row)
        row = QHBoxLayout()
        for w in (
            QLabel(_("Corrective action for finding")),
            self.action_finding,
            self.action_text,
            QLabel(_("Owner:")),
            self.action_owner,
            QLabel(_("Due:")),
            self.action_due,
            self.add_action,
        ):
            row.addWidget(w)
        col.addLayout(row)
        row = QHBoxLayout()
        for w in (QLabel(_("Follow-up of")), self.open_actions, self.follow_up, self.close_action):
            row.addWidget(w)
        col.addLayout(row)
        self.tabs.addTab(find_page, _("Findings and corrective actions"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        main = QVBoxLayout(self)
        main.addWidget(self.title)
        main.addWidget(self.tabs)
        main.addWidget(self.problem)
        main.addWidget(self.buttons)

        self.save_plan.clicked.connect(self._save_plan)
        self.save_checks.clicked.connect(self._save_checks)
        self.add_finding.clicked.connect(self._add_finding)
        self.add_action.clicked.connect(self._add_action)
        self.close_action.clicked.connect(self._close_action)
        self.sign_off.clicked.connect(self._sign_off)
        self.show_view(view)

    # --- showing ----------------------------------------------------------------------
    def show_view(self, view: Any | None) -> None:
        self.view = view
        self.problem.clear()
        if view is None:
            self.setWindowTitle(_("Internal audit"))
            self.title.setText(
                _(
                    "No internal audit for fiscal year {year} yet: write the plan and save it."
                ).format(year=self.fiscal_year)
            )
        else:
            self.setWindowTitle(_("Internal audit {ref}").format(ref=view.ref))
            self.title.setText(
                _("Internal audit {ref} (fiscal year {year})").format(
                    ref=view.ref, year=view.fiscal_year
                )
            )
            self.plan.setPlainText(view.plan or "")
            self.scope.setPlainText(view.scope or "")
            self.auditors.setText(view.auditors or "")
            self.audit_on.setText(view.audit_on.isoformat() if view.audit_on else "")
        self._fill_checks(view)
        self._fill_findings(view)
        exists = view is not None
        open_ = exists and not view.signed_off
        for w in (self.plan, self.scope, self.auditors, self.audit_on, self.save_plan):
            w.setEnabled(not exists or open_)
        for w in (
            self.checks,
            self.save_checks,
            self.finding_text,
            self.finding_check,
            self.finding_severity,
            self.add_finding,
            self.sign_off,
            self.sign_comment,
        ):
            w.setEnabled(open_)
        has_findings = exists and bool(view.findings)
        for w in (
            self.action_finding,
            self.action_text,
            self.action_owner,
            self.action_due,
            self.add_action,
        ):
            w.setEnabled(has_findings)
        has_open = self.open_actions.count() > 0
        for w in (self.open_actions, self.follow_up, self.close_action):
            w.setEnabled(has_open)
        if exists and view.signed_off:
            self.signed.setText(
                _("Signed off by {name} on {date}").format(
                    name=view.signed_off_by, date=shown(view.signed_off_on)
                )
            )
        else:
            self.signed.setText(_("Not signed off"))

    def _fill_checks(self, view: Any | None) -> None:
        checks = view.checks if view is not None else ()
        self.checks.setRowCount(len(checks))
        for r, c in enumerate(checks):
            code = QTableWidgetItem(c.code)
            item = QTableWidgetItem(f"{c.section}：{c.question}")
            item.setToolTip(c.question)
            for cell in (code, item):
                cell.setFlags(cell.flags() & ~cell.flags().ItemIsEditable)
            self.checks.setItem(r, 0, code)
            self.checks.setItem(r, 1, item)
            box = QComboBox(self.checks)
            for key, label in RESULTS:
                box.addItem(_(label) if key else label, key)
            box.setCurrentIndex(box.findData(c.result) if c.result else 0)
            self.checks.setCellWidget(r, 2, box)
            self.checks.setItem(r, 3, QTableWidgetItem(c.notes or ""))
        self.finding_check.clear()
        self.finding_check.addItem("—", None)
        for c in checks:
            self.finding_check.addItem(c.code, c.code)

    def _fill_findings(self, view: Any | None) -> None:
        rows: list[list[str]] = []
        self.action_finding.clear()
        self.open_actions.clear()
        for f in view.findings if view is not None else ():
            self.action_finding.addItem(str(f.number), f.number)
            severity = dict(SEVERITIES).get(f.severity) if f.severity else None
            head = [
                str(f.number),
                f.text + (f"（{f.check_code}）" if f.check_code else ""),
                _(severity) if severity else "—",
            ]
            if not f.actions:
                rows.append([*head, "", "", "", ""])
            for i, a in enumerate(f.actions):
                if a.status == "open":
                    self.open_actions.addItem(f"{f.number}: {a.text}", a.id)
                status = (
                    _("closed {date}").format(date=shown(a.closed_on))
                    if a.status == "closed"
                    else (_("overdue") if a.overdue else _("open"))
                )
                if a.follow_up:
                    status += f" — {a.follow_up}"
                rows.append(
                    [*(head if i == 0 else ["", "", ""]), a.text, a.owner, shown(a.due_on), status]
                )
        self.findings.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                cell.setFlags(cell.flags() & ~cell.flags().ItemIsEditable)
                self.findings.setItem(r, c, cell)
        self.findings.resizeColumnsToContents()
        for c in range(self.findings.columnCount()):
            self.findings.setColumnWidth(c, min(self.findings.columnWidth(c), 260))

    # --- storing ----------------------------------------------------------------------
    def _store(self, work: Callable[[Any], Any]) -> None:
        self.problem.clear()

        def done(result: Any) -> None:
            self.show_view(result)
            self.changed.emit(result)

        self._run(work, done)

    def _bad(self, message: str) -> None:
        self.problem.setText(message)

    def _save_plan(self) -> None:
        try:
            day = _date(self.audit_on.text())
        except ValueError:
            self._bad(_("not a date YYYY-MM-DD: {text}").format(text=self.audit_on.text()))
            return
        plan, scope = self.plan.toPlainText(), self.scope.toPlainText()
        auditors, year = self.auditors.text(), self.fiscal_year
        ref = self.view.ref if self.view is not None else None

        def work(ctx: Any) -> Any:
            from desk.services import internal_audit as ia

            if ref is None:
                return ia.create_audit(
                    ctx, year, plan=plan, scope=scope, auditors=auditors, audit_on=day
                )
            return ia.update_audit(
                ctx, ref, plan=plan, scope=scope, auditors=auditors, audit_on=day
            )

        self._store(work)

    def _save_checks(self) -> None:
        if self.view is None:
            return
        ref = self.view.ref
        changes = []
        for r, c in enumerate(self.view.checks):
            box = self.checks.cellWidget(r, 2)
            result = box.currentData() if isinstance(box, QComboBox) else c.result
            notes_item = self.checks.item(r, 3)
            notes = (notes_item.text() if notes_item else "").strip() or None
            if result != c.result or notes != c.notes:
                changes.append((c.code, result, notes))

        def work(ctx: Any) -> Any:
            from desk.services import internal_audit as ia

            view = ia.get_audit(ctx, ref)
            for code, result, notes in changes:
                view = ia.set_check(ctx, ref, code, result, notes)
            return view

        self._store(work)

    def _add_finding(self) -> None:
        if self.view is None:
            return
        ref, text = self.view.ref, self.finding_text.text()
        check, severity = self.finding_check.currentData(), self.finding_severity.currentData()

        def work(ctx: Any) -> Any:
            from desk.services import internal_audit as ia

            ia.add_finding(ctx, ref, text, check_code=check, severity=severity)
            return ia.get_audit(ctx, ref)

        self.finding_text.clear()
        self._store(work)

    def _add_action(self) -> None:
        if self.view is None or self.action_finding.currentData() is None:
            return
        try:
            due = _date(self.action_due.text())
        except ValueError:
            due = None
        if due is None:
            self._bad(_("not a date YYYY-MM-DD: {text}").format(text=self.action_due.text()))
            return
        ref, number = self.view.ref, int(self.action_finding.currentData())
        text, owner = self.action_text.text(), self.action_owner.text()

        def work(ctx: Any) -> Any:
            from desk.services import internal_audit as ia

            ia.add_action(ctx, ref, number, text, owner=owner, due_on=due)
            return ia.get_audit(ctx, ref)

        self._store(work)

    def _close_action(self) -> None:
        if self.view is None or self.open_actions.currentData() is None:
            return
        ref, action = self.view.ref, int(self.open_actions.currentData())
        follow_up = self.follow_up.text()

        def work(ctx: Any) -> Any:
            from desk.services import internal_audit as ia

            ia.close_action(ctx, action, follow_up=follow_up)
            return ia.get_audit(ctx, ref)

        self.follow_up.clear()
        self._store(work)

    def _sign_off(self) -> None:
        if self.view is None:
            return
        ref, comment = self.view.ref, self.sign_comment.text()

        def work(ctx: Any) -> Any:
            from desk.services import internal_audit as ia

            return ia.sign_off(ctx, ref, comment=comment)

        self._store(work)
