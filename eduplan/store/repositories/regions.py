"""Regions (区划): look-ups by name, code or reference, rows for evaluation, a level's
regions, a region's children and ancestors, and plans not yet linked to a region."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models import Plan, Region


@dataclass(frozen=True, slots=True)
class RegionRow:
    id: int
    code: str
    name: str
    level: str


def by_name(session: Session, name: str) -> Region | None:
    """A region by its name; short names match too (瑞安 → 瑞安市)."""
    name = name.strip()
    region = session.scalar(select(Region).where(Region.name == name))
    if region is None:
        candidates = list(session.scalars(select(Region).where(Region.name.startswith(name, autoescape=True))))
        if len(candidates) == 1:
            region = candidates[0]
    return region


def by_code(session: Session, code: str) -> Region | None:
    return session.scalar(select(Region).where(Region.code == code))


def by_ref(session: Session, ref: str) -> Region | None:
    """A region by id, code or exact name."""
    text = ref.strip()
    if text.isdigit():
        found = session.scalar(select(Region).where(Region.code == text)) or session.get(Region, int(text))
        if found is not None:
            return found
    return session.scalar(select(Region).where(Region.name == text))


def all_regions(session: Session) -> list[Region]:
    return list(session.scalars(select(Region).order_by(Region.code)))


def names(session: Session) -> dict[int, str]:
    """Region id → name."""
    return dict(session.execute(select(Region.id, Region.name)).all())


def rows(session: Session, ids: Iterable[int]) -> dict[int, RegionRow]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(select(Region.id, Region.code, Region.name, Region.level).where(Region.id.in_(wanted)))
    return {r[0]: RegionRow(*r) for r in rows}


def of_level(session: Session, level: str) -> list[RegionRow]:
    """Every region of a level, by code."""
    rows = session.execute(select(Region.id, Region.code, Region.name, Region.level)
                           .where(Region.level == level).order_by(Region.code))
    return [RegionRow(*r) for r in rows]


def children(session: Session, region_id: int | None) -> list[Region]:
    return list(session.scalars(select(Region).where(Region.parent_id == region_id if region_id is not None
                                                     else Region.parent_id.is_(None)).order_by(Region.code)))


def with_ancestors(session: Session, ids: Iterable[int]) -> list[Region]:
    """The regions and all their ancestors, parents before children."""
    found: dict[int, Region] = {}
    pending = {i for i in ids if i is not None}
    while pending:
        batch = list(session.scalars(select(Region).where(Region.id.in_(sorted(pending)))))
        pending = set()
        for region in batch:
            found[region.id] = region
            if region.parent_id is not None and region.parent_id not in found:
                pending.add(region.parent_id)

    def depth(region: Region) -> int:
        n, current = 0, region
        while current.parent_id is not None and current.parent_id in found and n < 10:
            current, n = found[current.parent_id], n + 1
        return n

    return sorted(found.values(), key=lambda r: (depth(r), r.code))


def plans_without_region(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.region_id.is_(None), Plan.region_name.is_not(None))))
