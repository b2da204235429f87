"""Results are not targets: the achieved values a plan states become observations.

A plan reports where it starts — 发展基础, 十三五 results, the base-year column of its
indicator table. Extraction marks those statements kind ``actual``; at ingest each one
linked to an indicator, dated the plan's base year (or undated) and in the plan's region
becomes the observation of that indicator, region and year, with its quote as the source.
The evaluation then finds the baseline among the observations like any other value, and
a planner sees it (and may correct it) on the entry grid.

An observation already stored for the same indicator, region and year is never replaced:
monitoring data wins over a number quoted in a plan. Values in another unit than their
indicator, and values older than the base year (2015年为9.32%), are left alone.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.domain import TargetKind
from eduplan.store.models import Indicator, Observation, Plan, Target
from eduplan.store.repositories import audit

log = logging.getLogger(__name__)


def record_plan_baselines(session: Session, plan: Plan, *, user_id: int | None = None) -> int:
    """Store the plan's stated base-year values as observations; returns how many."""
    if plan.region_id is None or plan.base_year is None:
        return 0
    session.flush()
    rows = list(session.scalars(select(Target).where(
        Target.plan_id == plan.id, Target.kind == TargetKind.ACTUAL.value, Target.value.is_not(None),
        Target.indicator_id.is_not(None)).order_by(Target.start, Target.id)))
    if not rows:
        return 0
    units = dict(session.execute(select(Indicator.id, Indicator.unit)
                                 .where(Indicator.id.in_({t.indicator_id for t in rows}))).all())
    existing = set(session.execute(select(Observation.indicator_id, Observation.year).where(
        Observation.region_id == plan.region_id, Observation.indicator_id.in_({t.indicator_id for t in rows}),
        Observation.year == plan.base_year)).all())
    created = 0
    for t in rows:
        year = t.year if t.year is not None else plan.base_year
        key = (t.indicator_id, year)
        unit = units.get(t.indicator_id)
        if year != plan.base_year or key in existing or (unit and t.unit and unit != t.unit):
            continue
        existing.add(key)
        session.add(Observation(indicator_id=t.indicator_id, region_id=plan.region_id, year=year, value=t.value,
                                unit=unit or t.unit, source=(t.quote or "").replace("\n", " ")[:200],
                                note=f"《{plan.title[:150]}》所述基期值", recorded_by=user_id))
        created += 1
    if created:
        session.flush()
        audit.record(session, user_id=user_id, action="create", object_type="observation", object_id=None,
                     summary=f"规划《{plan.title}》所述{plan.base_year}年基期值记为监测数据：{created} 项",
                     new={"plan_id": plan.id, "year": plan.base_year, "created": created})
    log.info("plan baselines plan_id=%s created=%s", plan.id, created)
    return created

