"""The "New case…" / "Edit case…" form (事前確認), one module per part.

- :mod:`.form` — :class:`CaseForm`: the dialog, the Case tab, OK (the document checked
  by :func:`desk.domain.case.parse_case`, a problem shown at its key path), filling from
  a stored case;
- :mod:`.technology`, :mod:`.recipient`, :mod:`.provision` — one tab each: its fields,
  how a stored case fills them, and the part of the document they make;
- :mod:`.fields` — the field widgets the tabs share (optional date, country codes,
  checkbox rows, small tables);
- :mod:`.choices` — label tables, table columns, the facts of each exemption basis;
- :mod:`.document` — Qt-free helpers, :func:`prune` above all (a stored case's shape is
  kept, so opening it and pressing OK changes nothing).

The split follows the tabs because that is how the ``desk-case/1`` format is built
(technology, recipient, provision) and how a person reads the form.
"""

from desk.ui.dialogs.case_form.choices import suggest_id
from desk.ui.dialogs.case_form.form import CaseForm

__all__ = ["CaseForm", "suggest_id"]
