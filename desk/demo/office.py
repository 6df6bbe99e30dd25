"""The demo's office around the people: the review chain's staff, the organizations,
the research projects and the technical items (from the templates of ``items.csv``)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from desk.demo import content
from desk.demo.content import ItemTemplate
from desk.demo.model import (
    DEFAULT_ITEMS,
    DEFAULT_PROJECTS,
    EMAIL_DOMAIN,
    DemoItem,
    DemoOrganization,
    DemoPerson,
    DemoProject,
    DemoStaff,
)
from desk.domain.case import (
    ExemptionClaim,
    Technology,
)

# --------------------------------------------------------------------------- staff


def generate_staff(seed: int) -> list[DemoStaff]:
    """The review chain: the office, a reviewer per department (一次), the director (二次)."""
    rng = random.Random(f"{seed}/staff")
    posts: list[tuple[str, str | None, tuple[str, ...]]] = [
        # the office's officer is also the 該非確認責任者 who confirms classifications
        ("輸出管理室 担当", None, ("office", "admin", "classification_officer")),
        *((f"部局責任者 {d.name_ja}", d.code, ("dept_head",)) for d in content.DEPARTMENTS),
        ("統括責任者 研究担当理事", None, ("chief",)),
        ("監査担当", None, ("auditor",)),
    ]
    out: list[DemoStaff] = []
    seen: set[str] = set()
    for title, dep, roles in posts:
        while True:
            s, g = rng.choice(content.JA_SURNAMES), rng.choice(content.JA_GIVEN)
            login = f"{g[2]}.{s[2]}".lower()
            if login not in seen:
                seen.add(login)
                break
        out.append(
            DemoStaff(
                login=login,
                name=f"{s[0]} {g[0]}",
                name_latin=f"{s[2]} {g[2]}",
                title_ja=title,
                department=dep,
                roles=roles,
                email=f"{login}@{EMAIL_DOMAIN}",
            )
        )
    return out


# --------------------------------------------------------------------------- organizations


def all_organizations() -> tuple[DemoOrganization, ...]:
    """Every organization the people and cases name, once each (by name)."""
    seen: dict[str, DemoOrganization] = {}
    rows: list[tuple[str, str | None, str, str]] = [content.HOME_UNIVERSITY, *content.JAPANESE_ORGS]
    for pool in content.FOREIGN_ORGS.values():
        rows.extend(pool)
    rows.extend(content.EUL_LOOKALIKE_ORGS)
    rows.extend(o[:4] for o in content.EUL_FALSE_FRIENDS)
    for name, local, country, kind in rows:
        seen.setdefault(name, DemoOrganization(name, local, country, kind))
    return tuple(seen.values())


# --------------------------------------------------------------------------- projects and items


def generate_projects(
    seed: int, people: Sequence[DemoPerson], count: int = DEFAULT_PROJECTS
) -> list[DemoProject]:
    rng = random.Random(f"{seed}/projects")
    leaders: dict[str, list[str]] = {d.code: [] for d in content.DEPARTMENTS}
    for p in people[:2000]:  # leaders come from the first people, so they do not depend on --people
        if p.role == "faculty" and p.department and p.recipient.effective_location == "japan":
            leaders[p.department].append(p.key)
    partners = [
        o
        for o in all_organizations()
        if o.country != "JP"
        and o.kind in ("company", "university")
        and o.name not in {x[0] for x in content.EUL_LOOKALIKE_ORGS}
    ]
    out: list[DemoProject] = []
    for i in range(count):
        dep = content.DEPARTMENTS[i % len(content.DEPARTMENTS)].code
        titles = content.PROJECT_TITLES[dep]
        ja, en, funder = titles[(i // len(content.DEPARTMENTS)) % len(titles)]
        lead = rng.choice(leaders[dep]) if leaders[dep] else None
        partner = rng.choice(partners).name if rng.random() < 0.4 else None
        out.append(
            DemoProject(
                f"PJ-{dep}-{i // len(content.DEPARTMENTS) + 1:02d}",
                ja,
                en,
                dep,
                lead,
                funder,
                partner,
            )
        )
    return out


def _exemptions(rng: random.Random, tpl: ItemTemplate) -> tuple[ExemptionClaim, ...]:
    roll = rng.random()
    if tpl.classification == "listed":
        if roll < 0.2:
            # a paper is out, but the process data go beyond it: the claim fails
            covers = rng.random() < 0.35
            return (
                ExemptionClaim(
                    basis="public_domain",
                    evidence="Journal article (2025), open access",
                    covers_all_content=covers,
                ),
            )
        if roll < 0.38:
            product = rng.random() < 0.3
            use = rng.random() < 0.15
            return (
                ExemptionClaim(
                    basis="fundamental_research",
                    aims_at_natural_principles=not product,
                    aims_at_specific_product=product,
                    covers_all_content=True,
                    includes_use_technology=use,
                ),
            )
        if roll < 0.43:
            return (
                ExemptionClaim(
                    basis="patent_filing",
                    minimum_necessary=rng.random() < 0.8,
                    note="Japanese patent application in preparation",
                ),
            )
        if roll < 0.5 and tpl.item == "9":
            return (
                ExemptionClaim(
                    basis="commercial_software",
                    sold_to_public=True,
                    not_custom_made=True,
                    evidence="Vendor catalogue",
                ),
            )
        return ()
    if tpl.classification == "undetermined" and roll < 0.3:
        return (
            ExemptionClaim(
                basis="fundamental_research",
                aims_at_natural_principles=True,
                aims_at_specific_product=False,
                covers_all_content=rng.random() < 0.8,
            ),
        )
    if roll < 0.15:
        return (
            ExemptionClaim(
                basis="publication",
                audience=rng.choice(("open", "open", "restricted")),
                covers_all_content=True,
                note="Conference proceedings",
            ),
        )
    return ()


def generate_items(
    seed: int, projects: Sequence[DemoProject], count: int = DEFAULT_ITEMS
) -> list[DemoItem]:
    rng = random.Random(f"{seed}/items")
    # every (template, parameter) once, in random order, before any is used again
    pools: dict[str, list[tuple[ItemTemplate, str]]] = {}
    for tpl in content.TEMPLATES:
        pools.setdefault(tpl.classification, []).extend((tpl, n) for n in tpl.choices)
    for pool in pools.values():
        rng.shuffle(pool)
    drawn: dict[str, int] = {}
    used: dict[str, int] = {}
    out: list[DemoItem] = []
    # the classifications in fixed shares (40 % listed, ...), in random order
    total = sum(content.CLASSIFICATION_WEIGHTS.values())
    classes = [
        c for c, w in content.CLASSIFICATION_WEIGHTS.items() for _ in range(count * w // total)
    ]
    classes += list(content.CLASSIFICATION_WEIGHTS)[: count - len(classes)]
    rng.shuffle(classes)
    for i, cls in enumerate(classes):
        pool = pools[cls]
        tpl, n = pool[drawn.get(cls, 0) % len(pool)]
        drawn[cls] = drawn.get(cls, 0) + 1
        en, ja = tpl.title_en.format(n=n), tpl.title_ja.format(n=content.CHOICE_JA.get(n, n))
        # researchers file in either language; the registry keeps both
        in_japanese = rng.random() < 0.5
        used[en] = used.get(en, 0) + 1
        if used[en] > 1:  # the same technology, documented again by another group
            en, ja = f"{en} (ed. {used[en]})", f"{ja}（第{used[en]}版）"
        dep_projects = [p for p in projects if p.department == tpl.department] or list(projects)
        project = rng.choice(dep_projects)
        tech = Technology(
            classification=tpl.classification,
            title=ja if in_japanese else en,
            item=tpl.item if tpl.classification != "undetermined" else None,
            specific_item_16_1=tpl.specific_16_1,
            concern_relevance=tpl.concerns,
            exemptions=_exemptions(rng, tpl),
        )
        out.append(DemoItem(f"T-{i + 1:04d}", ja, en, tpl.department, project.code, tech))
    return out
