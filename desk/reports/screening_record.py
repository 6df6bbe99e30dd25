"""The printable screening record (リスト照合記録): one recorded screening of a name — who
screened it, when, against which list versions (with their SHA-256), every hit with its
score, the listed name and how it matched, and each hit's disposition with its reason.

:func:`render_screening_record` is a pure function of :class:`ScreeningRecordData`: no
clock, no database, no settings, so the same data gives the same bytes; the content's
SHA-256 is printed on every page and the document number is in the PDF's keywords, so
``desk hits verify FILE.pdf`` re-creates the record from the database and compares bytes
(a record decided again after it was printed no longer verifies). The record is its own
module (not a kind of :mod:`desk.reports.records`, which is about cases).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass

from reportlab.platypus.flowables import Flowable

from desk.domain.countries import country_label
from desk.domain.localtime import zone, zone_label
from desk.reports.layout import PageInfo, build, fields_table, gap, grid_table, heading, para

TITLE = ("リスト照合記録", "Restricted-party screening record")
KEYWORD = "desk-screening"
STATUS = {
    "open": ("未完了", "open"),
    "cleared": ("同一でないと判断", "cleared (not the listed party)"),
    "confirmed": ("同一と確認（上申）", "confirmed (escalated)"),
}
# the lists by the names an officer knows (glossary: never print the list's id)
LIST_TITLES = {
    "jp-eul": ("外国ユーザーリスト", "End User List (METI)"),
    "un-sc": ("国連安保理統合制裁リスト", "UN Security Council Consolidated List"),
    "us-csl": ("米国統合スクリーニングリスト", "US Consolidated Screening List"),
    "jp-mof": ("財務省 経済制裁対象者リスト", "MOF economic sanctions list"),
}
BANDS = {"match": ("一致", "match"), "review": ("要確認", "review"), "weak": ("弱い類似", "weak")}


@dataclass(frozen=True)
class RecordHitRow:
    id: int
    list_id: str
    list_version: str
    program: str
    entry: str
    entry_name: str
    entry_country: str
    score: float
    band: str
    matched_name: str
    key: str
    status: str
    reason: str
    decided_by: str
    decided_at: str  # ISO, "" when open


@dataclass(frozen=True)
class ScreeningRecordData:
    record_id: int
    query: str
    country: str
    screened_at: dt.datetime
    screened_by: str
    status: str
    lists: tuple[tuple[str, str, str], ...]  # (list, version, SHA-256)
    hits: tuple[RecordHitRow, ...]
    institution: str = ""
    zone: str = "Asia/Tokyo"

    @property
    def document_number(self) -> str:
        return f"DESK-SCR-{self.record_id:06d}"

    @property
    def generated_at(self) -> dt.datetime:
        """The record as of its last change (screened, a hit found or decided): printing it
        again gives the same bytes until something changes."""
        times = [self.screened_at]
        times += [dt.datetime.fromisoformat(h.decided_at) for h in self.hits if h.decided_at]
        return max(t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in times)


def fingerprint(data: ScreeningRecordData) -> str:
    doc = asdict(data)
    doc["screened_at"] = data.screened_at.isoformat()
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def list_title(list_id: str, version: str) -> str:
    """「外国ユーザーリスト（2025年9月29日公表）」; an unknown list by its id."""
    ja = LIST_TITLES.get(list_id, (list_id, list_id))[0]
    try:
        day = dt.date.fromisoformat(version)
    except ValueError:
        return f"{ja}（{version}）"
    return f"{ja}（{day.year}年{day.month}月{day.day}日公表）"


def _when(value: dt.datetime, zone_name: str) -> str:
    local = value.astimezone(zone(zone_name))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def render_screening_record(data: ScreeningRecordData) -> bytes:
    status = STATUS.get(data.status, (data.status, data.status))
    lists = "\n".join(
        f"{list_title(lid, version)}\nSHA-256 {sha}" for lid, version, sha in data.lists
    )
    story: list[Flowable] = [
        fields_table(
            [
                (("照合した名称", "Name screened"), para(data.query, field="query")),
                (
                    ("国・地域", "Country"),
                    para(country_label(data.country, "ja") if data.country else "—", field="c"),
                ),
                (
                    ("照合日時", "Screened at"),
                    para(_when(data.screened_at, data.zone), field="date"),
                ),
                (("照合者", "Screened by"), para(data.screened_by or "—", field="user")),
                (("照合リスト（版）", "Lists (versions)"), para(lists or "—", field="lists")),
                (("結果", "Outcome"), para(f"{status[0]} / {status[1]}", field="status")),
            ]
        ),
        gap(),
        heading(("該当候補", "Hits")),
    ]
    if not data.hits:
        story.append(para("該当候補なし / No hits", field="hits"))
    else:
        rows: list[list[Flowable | str]] = []
        for h in data.hits:
            band = BANDS.get(h.band, (h.band, h.band))
            st = STATUS.get(h.status, (h.status, h.status))
            where = list_title(h.list_id, h.list_version) + (f"\n{h.program}" if h.program else "")
            listed = f"{h.entry}  {h.entry_name}\n{country_label(h.entry_country, 'ja')}"
            how = f"{band[0]} {h.score:.2f}\n{h.matched_name or h.entry_name}"
            decision = st[0] + (f"\n{h.reason}" if h.reason else "")
            if h.decided_by:
                at = _when(dt.datetime.fromisoformat(h.decided_at), data.zone)
                decision += f"\n{h.decided_by} {at}"
            rows.append(
                [
                    para(f"#{h.id}", field="hit"),
                    para(where, field="list"),
                    para(listed, field="entry"),
                    para(how, field="score"),
                    para(decision, field="decision"),
                ]
            )
        story.append(
            grid_table(
                [
                    ("番号", "Hit"),
                    ("照合リスト", "List"),
                    ("掲載番号・掲載名称", "Entry, listed name"),
                    ("一致度・一致した名称", "Score, name matched"),
                    ("判断・理由", "Disposition, reason"),
                ],
                rows,
                [12, 36, 56, 44, 52],
            )
        )
    story += [
        gap(6),
        fields_table(
            [
                (("機関", "Institution"), para(data.institution or "—", field="inst")),
                (("確認者署名", "Reviewer's signature"), para(" ", field="signature")),
            ]
        ),
    ]
    info = PageInfo(
        title=TITLE,
        document_number=data.document_number,
        generated_at=data.generated_at,
        versions=" · ".join(list_title(lid, version) for lid, version, _sha in data.lists),
        fingerprint=fingerprint(data),
        lang="ja",
        keywords=f"{KEYWORD} {data.document_number}",
        zone=data.zone,
    )
    return build(info, story)
