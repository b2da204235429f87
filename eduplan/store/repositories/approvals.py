"""Submission and approval of data (``DataApproval``): the rows themselves, and which
observations an approval covers.

An approval of (plan, unit, year) covers the observations of the indicators the unit
answers for in that plan (``target_units``), for the target's region (the plan's when
the target names none) and that year. ``approved_keys`` answers "which of these values
are approved (and so locked)" with one query per 500 indicators.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.store.models import DataApproval, Plan, Target, target_units

Key = tuple[int, int, int]  # (indicator_id, region_id, year)
APPROVED = "approved"


def get(session: Session, plan_id: int, unit_id: int, year: int) -> DataApproval | None:
    return session.scalar(select(DataApproval).where(DataApproval.plan_id == plan_id,
                                                     DataApproval.unit_id == unit_id, DataApproval.year == year))


def for_plan(session: Session, plan_id: int) -> list[DataApproval]:
    return list(session.scalars(select(DataApproval).where(DataApproval.plan_id == plan_id)
                                .order_by(DataApproval.unit_id, DataApproval.year)))


def approved_keys(session: Session, indicator_ids: Iterable[int], *, plan_id: int | None = None) -> set[Key]:
    """(indicator, region, year) of every approved value among these indicators (of one
    plan's approvals when ``plan_id`` is given)."""
    ids = sorted(set(indicator_ids))
    region = func.coalesce(Target.region_id, Plan.region_id)
    found: set[Key] = set()
    for start in range(0, len(ids), 500):
        query = (select(Target.indicator_id, region, DataApproval.year)
                 .join(Plan, Plan.id == DataApproval.plan_id)
                 .join(Target, Target.plan_id == DataApproval.plan_id)
                 .join(target_units, (target_units.c.target_id == Target.id)
                       & (target_units.c.unit_id == DataApproval.unit_id))
                 .where(DataApproval.state == APPROVED, Target.kind == "target",
                        Target.indicator_id.in_(ids[start:start + 500]))
                 .distinct())
        if plan_id is not None:
            query = query.where(DataApproval.plan_id == plan_id)
        found.update((i, r, y) for i, r, y in session.execute(query) if r is not None)
    return found


def unit_indicators(session: Session, plan_id: int) -> dict[int, set[tuple[int, int]]]:
    """Unit id → the (indicator, region) pairs it answers for in the plan: what its
    submission covers."""
    region = func.coalesce(Target.region_id, Plan.region_id)
    rows = session.execute(select(target_units.c.unit_id, Target.indicator_id, region)
                           .join(Target, Target.id == target_units.c.target_id)
                           .join(Plan, Plan.id == Target.plan_id)
                           .where(Target.plan_id == plan_id, Target.indicator_id.is_not(None),
                                  Target.kind == "target").distinct())
    found: dict[int, set[tuple[int, int]]] = {}
    for unit_id, indicator_id, region_id in rows:
        if region_id is not None:
            found.setdefault(unit_id, set()).add((indicator_id, region_id))
    return found
