"""Qt item models over rows the services return (``QAbstractTableModel`` and friends).

- :mod:`.registry_table` — :class:`RegistryTableModel`, one registry's rows fetched
  lazily in pages of 200, filtered and sorted in SQL, with the custom :class:`Role`\\ s.

Models hold data and fetch it through the operation runner; they import no views,
dialogs or actions (import-linter contract), so a view or a test can use one alone.
The small fixed tables (stored list versions, screening hits, the case form's rows)
are ``QTableWidget``\\ s: a handful of rows, no model of their own needed.
"""
