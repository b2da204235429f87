from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models import Plan, Region


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


def all_regions(session: Session) -> list[Region]:
    return list(session.scalars(select(Region).order_by(Region.code)))


def names(session: Session) -> dict[int, str]:
    """Region id → name."""
    return dict(session.execute(select(Region.id, Region.name)).all())


def plans_without_region(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.region_id.is_(None), Plan.region_name.is_not(None))))


def children(session: Session, region_id: int | None) -> list[Region]:
    return list(session.scalars(select(Region).where(Region.parent_id == region_id if region_id is not None
                                                     else Region.parent_id.is_(None)).order_by(Region.code)))
