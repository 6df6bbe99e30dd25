"""The app's commands: declared once as data, handled here, shown by the main window.

- :mod:`.declared` — :data:`ACTIONS`, every command as an :class:`ActionSpec` (id,
  text, shortcut, menu, toolbar, context menu, when enabled), turned into ``QAction``\\ s;
- :mod:`.context` — :class:`ActionContext`, what the commands need from the window
  (services context, runner, views, status bar);
- :mod:`.app_actions` — :class:`AppActions`, the handlers of the File and Case menus,
  made of :mod:`.file_menu` (import case files, import a list version, audit report,
  export) and :mod:`.case_menu` (new, edit, assess again, issue record, review) over the
  shared steps of :mod:`.base`;
- :mod:`.register_menu` — :class:`RegisterActions`, the registers' New record… / Edit
  record… / Merge records… / Retire record (the forms are
  :mod:`desk.ui.dialogs.register_form`);
- :mod:`.intake_menu` — :class:`IntakeActions`, a person's Record declaration or pledge… and
  Intake review…, Declaration campaigns… and New campaign… (the campaigns list is
  :mod:`desk.ui.dialogs.campaigns`).

The main window depends on this package and never the reverse: the handlers and the
"when enabled" tests receive the window as an :class:`ActionContext` (import-linter
contract: nothing in ``desk.ui`` imports the main window except the start-up). Commands
that are about the window itself (find, copy row, refresh, switch registry, settings,
about, the non-modal "Screen a name…" it keeps and retranslates) stay in the main window.
"""
