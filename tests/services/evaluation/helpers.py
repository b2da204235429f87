"""Builders for evaluation-service tests: indicators, a plan with sections, targets and
tasks, observations — written straight to the database."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import count

from sqlalchemy import Engine, select

from eduplan.services.plans.target_groups import regroup
from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator, Observation, Plan, Region, ResponsibleUnit, Section, Target, Task

_n = count(1)


def indicator(engine: Engine, name: str, *, unit: str | None = "%", kind: str = "level", direction: str = "up",
              precision: int = 1, max_value: float | None = 100) -> int:
    with unit_of_work(engine) as session:
        row = Indicator(name=name, unit=unit, kind=kind, direction=direction, precision=precision,
                        max_value=None if max_value is None else Decimal(str(max_value)))
        session.add(row)
        session.flush()
        return row.id


def region_id(engine: Engine, name: str) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(Region.id).where(Region.name == name))


def observe(engine: Engine, indicator_id: int, region: str, values: dict[int, float]) -> None:
    rid = region_id(engine, region)
    with unit_of_work(engine) as session:
        for year, value in values.items():
            session.add(Observation(indicator_id=indicator_id, region_id=rid, year=year, value=Decimal(str(value))))


def make_plan(engine: Engine, *, region: str | None = "瑞安市", period: tuple[int, int] | None = (2021, 2025),
              sections: list[tuple[str, str | None, str, str]] = (), targets: list[dict] = (),
              tasks: list[tuple[str, list[str]]] = ()) -> tuple[int, dict[str, int]]:
    """A plan; returns (plan id, {target key: target id}).

    ``sections``: (key, parent key, number, title), parents first. ``targets``: dicts with
    key, name, value, year, comparator (>=), kind (target), unit, indicator (id), region
    (name), baseline_year, baseline_value, review_state (confirmed: these tests are about
    evaluation, which takes reviewed targets), measure, direction, section (key), units
    (names), start. ``tasks``: (section key, unit names). Targets are grouped as ingest
    groups them (``services.plans.target_groups.regroup``).
    """
    n = next(_n)
    with unit_of_work(engine) as session:
        rid = session.scalar(select(Region.id).where(Region.name == region)) if region else None
        plan = Plan(title=f"测试规划{n}", region_id=rid, region_name=region, doc_type="plan",
                    period_start=period[0] if period else None, period_end=period[1] if period else None,
                    base_year=period[0] - 1 if period else None, source_name=f"plan{n}.txt",
                    sha256=hashlib.sha256(f"plan{n}".encode()).hexdigest(), text="")
        session.add(plan)
        session.flush()
        section_ids: dict[str, int] = {}
        for position, (key, parent, number, title) in enumerate(sections):
            row = Section(plan_id=plan.id, parent_id=section_ids.get(parent), position=position,
                          level=1 if parent is None else 2, number=number, title=title, start=position, end=position)
            session.add(row)
            session.flush()
            section_ids[key] = row.id
        units: dict[str, ResponsibleUnit] = {}

        def unit(name: str) -> ResponsibleUnit:
            if name not in units:
                found = session.scalar(select(ResponsibleUnit).where(ResponsibleUnit.name == name))
                units[name] = found or ResponsibleUnit(name=name)
            return units[name]

        ids: dict[str, int] = {}
        for i, t in enumerate(targets):
            target_region = t.get("region")
            row = Target(
                plan_id=plan.id, section_id=section_ids.get(t.get("section")), indicator_id=t.get("indicator"),
                region_id=(session.scalar(select(Region.id).where(Region.name == target_region))
                           if target_region else rid),
                indicator_name=t["name"], comparator=t.get("comparator", ">="),
                value=None if t.get("value") is None else Decimal(str(t["value"])), unit=t.get("unit", "%"),
                year=t.get("year", 2025), kind=t.get("kind", "target"), baseline_year=t.get("baseline_year"),
                baseline_value=None if t.get("baseline_value") is None else Decimal(str(t["baseline_value"])),
                quote=t.get("quote", t["name"]), start=t.get("start", i * 10), end=t.get("start", i * 10) + 5,
                review_state=t.get("review_state", "confirmed"), units=[unit(u) for u in t.get("units", [])],
                measure=t.get("measure"), direction=t.get("direction"),
            )
            session.add(row)
            session.flush()
            ids[t.get("key", t["name"])] = row.id
        for section, names in tasks:
            session.add(Task(plan_id=plan.id, section_id=section_ids[section], title="任务", text="任务",
                             units=[unit(u) for u in names]))
        regroup(session, plan.id)  # as ingest does: one target per indicator, earlier years its milestones
        return plan.id, ids
