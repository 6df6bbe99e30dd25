"""Every command of the main window, declared once as data (after napari and Picard).

An :class:`ActionSpec` says what the command is called, its shortcut, where it appears
(menu, toolbar, table context menu) and when it is enabled. :func:`build_actions` turns
the specs into ``QAction`` objects; the main window connects each id to a handler and
calls :func:`update_enabled` whenever its state changes. The "when enabled" tests
read the window through :class:`desk.ui.actions.context.ActionContext`, never the main
window's class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle

from desk.domain.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desk.ui.actions.context import ActionContext

Shortcut = str | QKeySequence.StandardKey | None


def _always(_w: ActionContext) -> bool:
    return True


def _has_selection(w: ActionContext) -> bool:
    return w.current_view().selected_row() is not None


def _idle(w: ActionContext) -> bool:
    return w.context is not None and not w.runner.in_flight


def _open(w: ActionContext) -> bool:
    return w.context is not None


def _case_selected(w: ActionContext) -> bool:
    return _idle(w) and w.current_view().registry == "cases" and _has_selection(w)


def _writable(w: ActionContext) -> bool:
    """Not an auditor (auditors read and report; desk.services.reviews refuses them)."""
    return not w.read_only


def _idle_writable(w: ActionContext) -> bool:
    return _idle(w) and _writable(w)


def _case_selected_writable(w: ActionContext) -> bool:
    return _case_selected(w) and _writable(w)


REGISTER_VIEWS = ("people", "organizations", "projects", "technical_items", "goods_items")


def _register_view(w: ActionContext) -> bool:
    return _idle_writable(w) and w.current_view().registry in REGISTER_VIEWS


def _register_selected(w: ActionContext) -> bool:
    return _register_view(w) and _has_selection(w)


def _register_shown(w: ActionContext) -> bool:
    """A register is shown (auditors too may export what they can read)."""
    return _idle(w) and w.current_view().registry in REGISTER_VIEWS


def _person_selected(w: ActionContext) -> bool:
    return _idle_writable(w) and w.current_view().registry == "people" and _has_selection(w)


def _technical_item_selected(w: ActionContext) -> bool:
    return (
        _idle_writable(w) and w.current_view().registry == "technical_items" and _has_selection(w)
    )


def _shipment_selected(w: ActionContext) -> bool:
    return _idle(w) and w.current_view().registry == "shipments" and _has_selection(w)


def _shipment_selected_writable(w: ActionContext) -> bool:
    return _shipment_selected(w) and _writable(w)


def _trip_selected(w: ActionContext) -> bool:
    return _idle(w) and w.current_view().registry == "trips" and _has_selection(w)


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # msgid, translated when shown
    menu: str  # msgid of the menu it belongs to
    shortcut: Shortcut = None
    toolbar: bool = False
    context_menu: bool = False
    enabled_when: Callable[[ActionContext], bool] = _always
    tip: str = ""  # msgid of the status tip
    icon: str | None = None  # name of a QStyle.StandardPixmap (the platform's own icon)
    # the roles that may — the name of a desk.services.permissions constant, the same the
    # service checks (read once someone is signed in: the window is drawn before the
    # database stack is imported) — and what the action does, for the sentence a disabled
    # action shows as its tip; "" = anyone
    roles: str = ""
    what: str = ""


MENU_FILE = N_("&File")
MENU_VIEW = N_("&View")
MENU_EDIT = N_("&Edit")
MENU_CASE = N_("&Case")
MENU_GOODS = N_("&Goods")
MENU_HELP = N_("&Help")
MENUS = (MENU_FILE, MENU_EDIT, MENU_VIEW, MENU_CASE, MENU_GOODS, MENU_HELP)

HOME_TITLE = N_("Home")
# the registries of desk.services.registers.REGISTRIES, in its order, with their titles
# (a test checks they are the same): the window is drawn before the services' registry
# shapes are imported
REGISTRY_TITLES: dict[str, str] = {
    "projects": N_("Projects"),
    "people": N_("People"),
    "organizations": N_("Organizations"),
    "technical_items": N_("Technical data"),
    "cases": N_("Cases"),
    "lists": N_("Lists"),
    "shipments": N_("Shipments"),
    "trips": N_("Trips"),
    "goods_items": N_("Goods"),
}
REGISTRIES: tuple[str, ...] = tuple(REGISTRY_TITLES)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "file.import_cases",
        N_("&Import case files…"),
        MENU_FILE,
        QKeySequence.StandardKey.Open,
        toolbar=True,
        enabled_when=_idle_writable,
        tip=N_("Store desk-case/1 files (new ids are added, known ids get the new facts)"),
        roles="IMPORT_CASE_ROLES",
        what=N_("import case files"),
        icon="SP_DialogOpenButton",
    ),
    ActionSpec(
        "file.import_list",
        N_("Import &list version…"),
        MENU_FILE,
        enabled_when=_idle_writable,
        tip=N_("Store a restricted-party list CSV as a new version and screen again"),
        roles="LIST_ROLES",
        what=N_("import list versions"),
    ),
    ActionSpec(
        "file.export_cases",
        N_("&Export case files…"),
        MENU_FILE,
        enabled_when=_idle,
        tip=N_("Write every stored case as a desk-case/1 file into a folder"),
    ),
    ActionSpec(
        "file.audit_report",
        N_("Annual &audit report…"),
        MENU_FILE,
        enabled_when=_idle,
        tip=N_("The internal-audit report (PDF) for one fiscal year"),
    ),
    ActionSpec(
        "file.internal_audit",
        N_("I&nternal audit…"),
        MENU_FILE,
        enabled_when=_idle,
        tip=N_("Plan, checklist, findings and corrective actions of this fiscal year's audit"),
    ),
    ActionSpec(
        "file.audit_log",
        N_("Audit lo&g…"),
        MENU_FILE,
        enabled_when=_idle,
        tip=N_("Read the audit trail: filter, search, export CSV"),
    ),
    ActionSpec(
        "file.verify_record",
        N_("&Verify a record…"),
        MENU_FILE,
        enabled_when=_idle,
        tip=N_("Check that an issued record's PDF is unaltered: it is re-created and compared"),
    ),
    ActionSpec(
        "file.retention",
        N_("Re&tention…"),
        MENU_FILE,
        enabled_when=_idle,
        tip=N_("Records due for disposal, legal holds, the approved disposal"),
    ),
    ActionSpec(
        "file.backup",
        N_("&Back up…"),
        MENU_FILE,
        enabled_when=_idle_writable,
        tip=N_("Write a checked backup of the whole database"),
    ),
    ActionSpec(
        "file.restore",
        N_("&Restore…"),
        MENU_FILE,
        enabled_when=_idle_writable,
        tip=N_("Replace the database with a backup (checked before and after)"),
    ),
    ActionSpec(
        "file.settings",
        N_("&Settings…"),
        MENU_FILE,
        "Ctrl+,",
        tip=N_("Language and other preferences"),
    ),
    ActionSpec(
        "file.switch_user",
        N_("S&witch user…"),
        MENU_FILE,
        "Ctrl+Shift+U",
        enabled_when=_open,
        tip=N_("Sign in as someone else without restarting desk"),
    ),
    ActionSpec("file.quit", N_("&Quit"), MENU_FILE, QKeySequence.StandardKey.Quit),
    ActionSpec(
        "edit.find",
        N_("&Find"),
        MENU_EDIT,
        QKeySequence.StandardKey.Find,
        toolbar=True,
        tip=N_("Focus the search box"),
        icon="SP_FileDialogContentsView",
    ),
    ActionSpec(
        "edit.copy_row",
        N_("&Copy row"),
        MENU_EDIT,
        "Ctrl+Shift+C",
        context_menu=True,
        enabled_when=_has_selection,
        tip=N_("Copy the selected row as tab-separated text"),
    ),
    ActionSpec(
        "case.new",
        N_("&New case…"),
        MENU_CASE,
        QKeySequence.StandardKey.New,
        toolbar=True,
        enabled_when=_idle_writable,
        tip=N_("Enter a planned provision in the self-assessment form, store and assess it"),
        roles="IMPORT_CASE_ROLES",
        what=N_("enter new cases"),
        icon="SP_FileIcon",
    ),
    ActionSpec(
        "case.wizard",
        N_("New self-assessment (&wizard)…"),
        MENU_CASE,
        "Ctrl+Shift+W",
        enabled_when=_idle_writable,
        tip=N_("File a self-assessment step by step, with each question explained"),
    ),
    ActionSpec(
        "case.edit",
        N_("&Edit case…"),
        MENU_CASE,
        "Ctrl+E",
        context_menu=True,
        enabled_when=_case_selected_writable,
        tip=N_("Change the selected case's facts in the form; it is assessed again"),
        roles="EDIT_CASE_ROLES",
        what=N_("edit cases"),
    ),
    ActionSpec(
        "case.assess",
        N_("&Assess again"),
        MENU_CASE,
        "Ctrl+Shift+A",  # F5 is Refresh
        context_menu=True,
        enabled_when=_case_selected_writable,
        tip=N_("Assess the selected case again with the current rules and lists"),
        roles="ASSESS_ROLES",
        what=N_("assess cases"),
    ),
    ActionSpec(
        "case.issue_record",
        N_("&Issue record…"),
        MENU_CASE,
        "Ctrl+Shift+P",
        context_menu=True,
        enabled_when=_case_selected_writable,
        tip=N_("Write the selected case's record (PDF) and store it as issued"),
        roles="RECORD_ROLES",
        what=N_("issue records"),
    ),
    ActionSpec(
        "case.transaction",
        N_("&Transaction review…"),
        MENU_CASE,
        context_menu=True,
        enabled_when=_case_selected_writable,
        tip=N_(
            "Record the selected case's end-use and end-user check, the guideline checklist "
            "and the red-flag answers"
        ),
        roles="RECORD_ROLES",
        what=N_("record the transaction review"),
    ),
    ActionSpec(
        "case.review",
        N_("Re&view case…"),
        MENU_CASE,
        "Ctrl+Shift+R",  # Ctrl+R is Refresh on some desktops
        context_menu=True,
        enabled_when=_case_selected_writable,
        tip=N_("Submit the selected case, or record a first or second review decision"),
        roles="REVIEW_ACTION_ROLES",
        what=N_("submit or review cases"),
    ),
    ActionSpec(
        "case.link_shipment",
        N_("&Link cleared shipment…"),
        MENU_CASE,
        context_menu=True,
        enabled_when=_case_selected_writable,
        tip=N_(
            "Name the cleared shipment the selected case's minimum-use-technology exemption "
            "relies on, or remove the link"
        ),
        roles="SHIPMENT_ROLES",
        what=N_("link shipments to cases"),
    ),
    ActionSpec(
        "register.import_roster",
        N_("Import r&oster…"),
        MENU_FILE,
        enabled_when=_idle_writable,
        tip=N_("Register a roster's people (Excel or CSV), recognising those already registered"),
    ),
    ActionSpec(
        "register.export",
        N_("E&xport register…"),
        MENU_FILE,
        enabled_when=_register_shown,
        tip=N_("Write the register shown, as filtered, to an Excel, CSV or JSON file"),
    ),
    ActionSpec(
        "register.review_pairs",
        N_("Review &doubtful pairs…"),
        MENU_EDIT,
        enabled_when=_idle_writable,
        tip=N_("Decide whether roster rows and registered people are the same person"),
    ),
    ActionSpec(
        "shipment.new",
        N_("New &shipment…"),
        MENU_GOODS,
        "Ctrl+Shift+G",
        enabled_when=_idle_writable,
        tip=N_("Enter a shipment of goods with its lines; it is stored and judged"),
    ),
    ActionSpec(
        "shipment.edit",
        N_("&Open shipment…"),
        MENU_GOODS,
        context_menu=True,
        enabled_when=_shipment_selected,
        tip=N_(
            "The selected shipment in its form: change it, see its judgment, issue the certificate"
        ),
    ),
    ActionSpec(
        "shipment.review",
        N_("Re&view shipment…"),
        MENU_GOODS,
        context_menu=True,
        enabled_when=_shipment_selected_writable,
        tip=N_("Submit the selected shipment, or record a first or second review decision"),
        roles="REVIEW_ACTION_ROLES",
        what=N_("submit or review shipments"),
    ),
    ActionSpec(
        "shipment.permit",
        N_("Record export &permit…"),
        MENU_GOODS,
        context_menu=True,
        enabled_when=_shipment_selected_writable,
        tip=N_("Record the Customs export permit number and date of the selected shipment"),
        roles="PERMIT_ROLES",
        what=N_("record export permits"),
    ),
    ActionSpec(
        "shipment.record",
        N_("Issue goods &record…"),
        MENU_GOODS,
        context_menu=True,
        enabled_when=_shipment_selected_writable,
        tip=N_(
            "Write the selected shipment's transaction review sheet or Customs record book "
            "entry (PDF)"
        ),
        roles="RECORD_ROLES",
        what=N_("issue records"),
    ),
    ActionSpec(
        "trip.new",
        N_("New &trip…"),
        MENU_GOODS,
        "Ctrl+Shift+T",
        enabled_when=_idle_writable,
        tip=N_(
            "Enter a trip: the traveller, dates, destinations, the technology cases and the "
            "goods carried by hand; it is stored and judged"
        ),
        roles="SHIPMENT_ROLES",
        what=N_("enter trips"),
    ),
    ActionSpec(
        "trip.edit",
        N_("Open tr&ip…"),
        MENU_GOODS,
        context_menu=True,
        enabled_when=_trip_selected,
        tip=N_("The selected trip in its form: change it, see its decision, issue its records"),
    ),
    ActionSpec(
        "register.new",
        N_("New &record…"),
        MENU_EDIT,
        "Ctrl+Shift+I",
        enabled_when=_register_view,
        tip=N_("Register a new person, organization, project or technical data"),
        roles="REGISTER_ROLES",
        what=N_("change the registers"),
    ),
    ActionSpec(
        "register.edit",
        N_("Edit r&ecord…"),
        MENU_EDIT,
        context_menu=True,
        enabled_when=_register_selected,
        tip=N_("Change the selected record in the register"),
        roles="REGISTER_ROLES",
        what=N_("change the registers"),
    ),
    ActionSpec(
        "register.merge",
        N_("&Merge records…"),
        MENU_EDIT,
        context_menu=True,
        enabled_when=_register_selected,
        tip=N_("Merge another record into the selected one (its links move here)"),
        roles="REGISTER_ROLES",
        what=N_("change the registers"),
    ),
    ActionSpec(
        "register.retire",
        N_("Re&tire record"),
        MENU_EDIT,
        context_menu=True,
        enabled_when=_register_selected,
        tip=N_("Keep the selected record but no longer offer or match it"),
        roles="REGISTER_ROLES",
        what=N_("change the registers"),
    ),
    ActionSpec(
        "intake.declaration",
        N_("Record declaration or &pledge…"),
        MENU_EDIT,
        "Ctrl+Shift+D",
        context_menu=True,
        enabled_when=_person_selected,
        tip=N_("Record a person's received declaration, pledge, exit pledge or change report"),
        roles="REGISTER_ROLES",
        what=N_("change the registers"),
    ),
    ActionSpec(
        "intake.review",
        N_("Intake re&view…"),
        MENU_EDIT,
        context_menu=True,
        enabled_when=_person_selected,
        tip=N_("Review the person at admission, hiring or a visit, or again after a change"),
        roles="REGISTER_ROLES",
        what=N_("change the registers"),
    ),
    ActionSpec(
        "intake.campaigns",
        N_("Declaration campaign&s…"),
        MENU_EDIT,
        enabled_when=_open,
        tip=N_("Campaigns asking for declarations or pledges, and who has not yet submitted"),
    ),
    ActionSpec(
        "intake.new_campaign",
        N_("New c&ampaign…"),
        MENU_EDIT,
        enabled_when=_idle_writable,
        tip=N_("Ask a term's entrants or a department's staff for a declaration or pledge"),
        roles="REGISTER_ROLES",
        what=N_("change the registers"),
    ),
    ActionSpec(
        "classify.item",
        N_("Classif&y…"),
        MENU_EDIT,
        context_menu=True,
        enabled_when=_technical_item_selected,
        tip=N_("Record or change the classification of the selected technical data"),
    ),
    ActionSpec(
        "classify.queue",
        N_("Re-classification &queue…"),
        MENU_EDIT,
        enabled_when=_open,
        tip=N_("Classifications that cite an item a later revision of the rules changed"),
    ),
    ActionSpec(
        "licences.register",
        N_("Licence re&gister…"),
        MENU_EDIT,
        enabled_when=_open,
        tip=N_("Licences from prior consultation to grant, and those about to expire"),
    ),
    ActionSpec(
        "informs.register",
        N_("Inform n&otices…"),
        MENU_EDIT,
        enabled_when=_open,
        tip=N_("Inform notices from METI, applied to every affected case"),
    ),
    ActionSpec(
        "screen.name",
        N_("Screen a &name…"),
        MENU_EDIT,
        "Ctrl+Shift+N",
        toolbar=True,
        enabled_when=_open,
        tip=N_("Screen a typed name against the restricted-party lists in use"),
        icon="SP_FileDialogDetailedView",
    ),
    ActionSpec(
        "screen.hits",
        N_("Screening &hits…"),
        MENU_EDIT,
        enabled_when=_open,
        tip=N_("The hits of recorded screenings: clear false positives, confirm true matches"),
    ),
    ActionSpec(
        "view.refresh",
        N_("&Refresh"),
        MENU_VIEW,
        QKeySequence.StandardKey.Refresh,
        toolbar=True,
        enabled_when=_idle,
        tip=N_("Read the table again from the database"),
        icon="SP_BrowserReload",
    ),
    ActionSpec("view.home", HOME_TITLE, MENU_VIEW, "Ctrl+0", tip=N_("What needs doing today")),
    *(
        ActionSpec(
            f"view.registry.{key}", REGISTRY_TITLES[key], MENU_VIEW, f"Ctrl+{n}", toolbar=False
        )
        for n, key in enumerate(REGISTRIES, start=1)
    ),
    ActionSpec(
        "help.manual",
        N_("&Manual"),
        MENU_HELP,
        "F1",
        tip=N_("The user manual: the tasks of each role, step by step"),
    ),
    ActionSpec("help.about", N_("&About desk"), MENU_HELP),
)


def build_actions(parent: QWidget) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(parent)
        action.setObjectName(spec.id)
        if isinstance(spec.shortcut, QKeySequence.StandardKey):
            action.setShortcuts(spec.shortcut)
        elif spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon:
            pixmap = getattr(QStyle.StandardPixmap, spec.icon)
            action.setIcon(parent.style().standardIcon(pixmap))
        actions[spec.id] = action
    retranslate_actions(actions)
    return actions


def retranslate_actions(actions: dict[str, QAction]) -> None:
    for spec in ACTIONS:
        action = actions[spec.id]
        action.setText(_(spec.text))
        if spec.tip:
            action.setStatusTip(_(spec.tip))
            action.setToolTip(_(spec.tip))


def _roles(name: str) -> tuple[str, ...]:
    from desk.services import permissions

    return tuple(getattr(permissions, name))


# the states of actions that change something: off for a read-only role (auditor, president)
WRITING = (
    _idle_writable,
    _case_selected_writable,
    _register_view,
    _register_selected,
    _technical_item_selected,
    _shipment_selected_writable,
)


def update_enabled(window: ActionContext, actions: dict[str, QAction]) -> None:
    """Enable each action by its state and the acting user's roles; an action the role does
    not allow is disabled with the sentence the service would refuse it with as its tip
    (a read-only role: every action that changes something)."""
    read_only = window.read_only
    known = window.acting_known  # before, no one's roles refuse anything
    for spec in ACTIONS:
        action = actions[spec.id]
        why = window.refusal(_roles(spec.roles), spec.what) if spec.roles and known else None
        if why is None and read_only and spec.enabled_when in WRITING:
            why = window.refusal(("office",), spec.what or N_("change anything"))
        action.setEnabled(why is None and spec.enabled_when(window))
        if spec.tip or why:
            tip = why or _(spec.tip)
            action.setStatusTip(tip)
            action.setToolTip(tip)
