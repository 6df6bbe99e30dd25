"""The three review records: 事前確認シート, 該非判定票, 取引審査票.

:func:`render_record` is a pure function of :class:`RecordData`: it reads no clock,
no database and no settings, so the same data always gives the same bytes.

One module per record kind (:mod:`.precheck`, :mod:`.classification`,
:mod:`.screening`), the blocks they share (:mod:`.blocks`, :mod:`.context`) and the
entry point (:mod:`.render`).
"""

from desk.reports.records.render import page_info, render_record

__all__ = ["page_info", "render_record"]
