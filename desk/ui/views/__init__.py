"""Views: what the main window shows in its own area, beside the navigation.

- :mod:`.registry` — :class:`RegistryView`, one registry: search box, lazy table,
  detail pane;
- :mod:`.detail` — :class:`DetailPane`, the selected record's labelled fields and, for
  a case, its current assessment;
- :mod:`.list_versions` — :class:`ListVersionsPanel`, the stored list versions and the
  age warning above the Lists registry's entries.

The views do not import each other (import-linter contract): the main window composes
them, handing a registry view the factories of its detail pane and of the Lists panel.
So a view added later (a home page, a wizard step) can be read, changed and tested on
its own, and the registry view does not grow a case for every registry. Views read
through the table models (:mod:`desk.ui.models`) and the operation runner; they never
import dialogs, actions or the main window.
"""
