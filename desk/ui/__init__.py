"""desk.ui: the desktop app (PySide6), the only package that imports Qt.

Rooms, from the top down; each imports only the rooms below it (import-linter
contracts in ``pyproject.toml``, which also forbid any import cycle in this package):

- :mod:`.app` — start-up: arguments, language, the window shown, the database opened
  in the background, ``--screenshot``. The only importer of the main window.
- :mod:`.main_window` and :mod:`.screenshot` — the window that composes everything
  below, and the picture taken of it (through a small protocol, not the class).
- :mod:`.actions` — every command declared once as data, and the File / Case menu
  handlers, which see the window only as an ``ActionContext``.
- :mod:`.views` (what the window shows: registry view, detail pane, list versions) and
  :mod:`.dialogs` (what a person opens, fills in and closes: case form, review, screen
  a name, settings, import and record forms). Neither imports the other, and views do
  not import each other.
- :mod:`.models` — the lazy table model over rows the services return.
- App services every room may use: :mod:`.operations` (work off the UI thread),
  :mod:`.errors` (message box, crash dialog, log capture), :mod:`.settings` (the
  versioned INI file), :mod:`.database` (open the database, name it in the title).

Why this cut rather than one flat folder: a menu item leads to one module
(``actions.file_menu``, ``actions.case_menu``), a screen to one module (``views``,
``dialogs``), and the contracts keep the direction fixed as the app grows (registers,
goods, trust, the home page and wizard each get a view or dialog of their own).
"""
