"""How much is stored: the counts ``desk stats`` prints and the app's status bar shows."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from desk.services.context import ServiceContext
from desk.storage import models as m


@dataclass(frozen=True)
class Stats:
    projects: int
    people: int
    organizations: int
    technical_items: int
    cases: int
    shipments: int
    goods_items: int

    def to_json(self) -> dict[str, int]:
        return asdict(self)


def stats(ctx: ServiceContext) -> Stats:
    with ctx.reading() as session:

        def count(model: type[m.Base]) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        return Stats(
            projects=count(m.Project),
            people=count(m.Person),
            organizations=count(m.Organization),
            technical_items=count(m.TechnicalItem),
            cases=count(m.Case),
            shipments=count(m.Shipment),
            goods_items=count(m.GoodsItem),
        )
