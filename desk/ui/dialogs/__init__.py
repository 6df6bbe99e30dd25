"""Dialogs: windows a person opens from a menu, fills in or reads, and closes.

One module per dialog (or per family of small forms): the case form
(:mod:`.case_form`, a package of its own), the review dialog (:mod:`.review`), "Screen a
name…" (:mod:`.screen_name`), settings (:mod:`.settings`), the list import and its
impact report (:mod:`.import_list`), the record and audit report forms
(:mod:`.records`), the register records' Add/Edit form (:mod:`.register_form`) and the
pieces those small forms share (:mod:`.forms`).

A dialog collects what the person chose and shows what it is given; it does not run use
cases that change data (the handlers in :mod:`desk.ui.actions` do, off the UI thread)
and it knows nothing of the main window or the registry views (import-linter contract
in ``pyproject.toml``): it is handed its parent widget, the operation runner or the
services context when it needs them. "Screen a name…" looks names up itself, through
the runner, because it stays open beside the registries and stores nothing.
"""
