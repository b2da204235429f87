"""Everything a plan holds besides its targets' evaluation: tasks and projects (reports),
and the full rows an export writes (targets with units, indicators, observations, regions)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eduplan.store.models import Indicator, Observation, Project, Region, Target, Task


def tasks(session: Session, plan_id: int) -> list[Task]:
    """A plan's key tasks in text order, their units loaded."""
    return list(session.scalars(select(Task).where(Task.plan_id == plan_id).options(selectinload(Task.units))
                                .order_by(Task.start, Task.id)))


def projects(session: Session, plan_id: int) -> list[Project]:
    return list(session.scalars(select(Project).where(Project.plan_id == plan_id).order_by(Project.start, Project.id)))


def targets(session: Session, plan_id: int) -> list[Target]:
    """Every target of a plan (both kinds) in text order, units and indicator loaded."""
    return list(session.scalars(select(Target).where(Target.plan_id == plan_id)
                                .options(selectinload(Target.units), selectinload(Target.indicator))
                                .order_by(Target.start, Target.id)))


def indicators(session: Session, ids: Iterable[int]) -> list[Indicator]:
    wanted = sorted(set(ids))
    found: list[Indicator] = []
    for start in range(0, len(wanted), 500):
        found += session.scalars(select(Indicator).where(Indicator.id.in_(wanted[start:start + 500]))
                                 .options(selectinload(Indicator.aliases)).order_by(Indicator.id))
    return found


def observations(session: Session, indicator_ids: Iterable[int]) -> list[tuple[Observation, str, str, str]]:
    """(observation, indicator name, region code, region name) for every observation of
    the indicators, by indicator, region code and year."""
    wanted = sorted(set(indicator_ids))
    rows: list[tuple[Observation, str, str, str]] = []
    for start in range(0, len(wanted), 500):
        query = (select(Observation, Indicator.name, Region.code, Region.name)
                 .join(Indicator, Indicator.id == Observation.indicator_id)
                 .join(Region, Region.id == Observation.region_id)
                 .where(Observation.indicator_id.in_(wanted[start:start + 500]))
                 .order_by(Indicator.name, Region.code, Observation.year))
        rows += [(o, i, c, n) for o, i, c, n in session.execute(query)]
    return rows


def regions_with_ancestors(session: Session, ids: Iterable[int]) -> list[Region]:
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
