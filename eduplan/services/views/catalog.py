"""Read side for the JSON API (and screens): plans, targets, tasks, projects, indicators and
observations as plain frozen values, in pages of at most ``MAX_LIMIT`` rows. Targets are
``store.repositories.targets.TargetRow`` and indicators ``services.dictionary.indicators.IndicatorInfo``, the
values the review and dictionary screens show, so a screen and the API agree.

Reads need no role: every signed-in user may see everything (the edges check sign-in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Select
from sqlalchemy.orm import Session

from eduplan.errors import NotFoundError
from eduplan.services.dictionary.indicators import IndicatorInfo
from eduplan.services.views.tasks import UnitRef
from eduplan.store.db import unit_of_work
from eduplan.store.models import Observation, Plan, Project, Task
from eduplan.store.repositories import indicators as indicator_repo
from eduplan.store.repositories import listing
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import projects as project_repo
from eduplan.store.repositories import targets as target_repo
from eduplan.store.repositories import tasks as task_repo
from eduplan.store.repositories.plans import PlanRow, SectionRow
from eduplan.store.repositories.targets import TargetRow

MAX_LIMIT = 1000
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class PlanDetail:
    plan: PlanRow
    sections: list[SectionRow]
    counts: dict[str, int]
    characters: int  # length of the stored text


@dataclass(frozen=True, slots=True)
class TaskInfo:
    id: int
    plan_id: int
    section_id: int | None
    number: str
    title: str
    due_year: int | None
    status: str
    progress: int
    version: int
    units: list[UnitRef]

    @classmethod
    def of(cls, t: Task) -> TaskInfo:
        return cls(t.id, t.plan_id, t.section_id, t.number, t.title, t.due_year, t.status, t.progress, t.version,
                   _units(t.units))


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    id: int
    plan_id: int
    section_id: int | None
    name: str
    level: str | None
    stage: str | None
    count: int | None
    investment: Decimal | None
    floor_area: Decimal | None
    seats: int | None
    land: Decimal | None
    year: int | None
    investment_done: Decimal | None
    seats_done: int | None
    version: int
    units: list[UnitRef]

    @classmethod
    def of(cls, p: Project, units: list[tuple[int, str]]) -> ProjectInfo:
        return cls(p.id, p.plan_id, p.section_id, p.name, p.level, p.stage, p.count, p.investment, p.floor_area,
                   p.seats, p.land, p.year, p.investment_done, p.seats_done, p.version,
                   [UnitRef(i, n) for i, n in units])


@dataclass(frozen=True, slots=True)
class ObservationInfo:
    id: int
    indicator_id: int
    indicator: str
    region_id: int
    region: str
    region_code: str
    year: int
    value: Decimal
    unit: str | None
    source: str | None
    note: str | None
    recorded_by: int | None
    recorded_at: datetime
    version: int

    @classmethod
    def of(cls, o: Observation, indicator: str, region: str, code: str) -> ObservationInfo:
        return cls(o.id, o.indicator_id, indicator, o.region_id, region, code, o.year, o.value, o.unit, o.source,
                   o.note, o.recorded_by, o.recorded_at, o.version)


def list_plans(engine: Engine, *, region_id: int | None = None, doc_type: str | None = None, limit: int = 100,
               offset: int = 0) -> Page[PlanRow]:
    with unit_of_work(engine) as session:
        return _page(session, plan_repo.filtered(region_id=region_id, doc_type=doc_type), limit, offset,
                     lambda row: PlanRow.of(*row))


def all_plans(engine: Engine) -> list[PlanRow]:
    """Every stored plan, by id (``eduplan plans``)."""
    with unit_of_work(engine) as session:
        return plan_repo.rows(session)


def get_plan(engine: Engine, plan_id: int) -> PlanDetail:
    """A plan with its section outline (in document order) and counts of what was found."""
    with unit_of_work(engine) as session:
        return _detail(session, _plan(session, plan_id))


def find_plan(engine: Engine, plan_ref: str | int) -> PlanDetail:
    """``get_plan`` for a plan id, a unique part of its title or a sha256 prefix."""
    with unit_of_work(engine) as session:
        return _detail(session, plan_repo.find(session, plan_ref))


def _detail(session: Session, plan: Plan) -> PlanDetail:
    return PlanDetail(PlanRow.of(plan, plan.region), [SectionRow.of(s) for s in plan_repo.sections(session, plan.id)],
                      {**plan_repo.counts(session, plan.id),
                       "projects": listing.count(session, project_repo.filtered(plan_id=plan.id))}, len(plan.text))


def list_targets(engine: Engine, plan_id: int, *, kind: str | None = None, review_state: str | None = None,
                 indicator_id: int | None = None, year: int | None = None, unit_id: int | None = None,
                 limit: int = 100, offset: int = 0) -> Page[TargetRow]:
    with unit_of_work(engine) as session:
        _plan(session, plan_id)
        query = target_repo.filtered(plan_id=plan_id, kind=kind, review_state=review_state, indicator_id=indicator_id,
                                year=year, unit_id=unit_id)
        return _page(session, query, limit, offset, TargetRow.of)


def list_tasks(engine: Engine, *, plan_id: int | None = None, unit_id: int | None = None, status: str | None = None,
               limit: int = 100, offset: int = 0) -> Page[TaskInfo]:
    with unit_of_work(engine) as session:
        return _page(session, task_repo.filtered(plan_id=plan_id, unit_id=unit_id, status=status), limit, offset,
                     TaskInfo.of)


def list_projects(engine: Engine, *, plan_id: int | None = None, limit: int = 100,
                  offset: int = 0) -> Page[ProjectInfo]:
    """Projects with the units they answer to (``project_units``)."""
    with unit_of_work(engine) as session:
        page = _page(session, project_repo.filtered(plan_id=plan_id), limit, offset, lambda p: p)
        return replace(page, items=[ProjectInfo.of(p, sorted(((u.id, u.name) for u in p.units), key=lambda u: u[1]))
                                    for p in page.items])


def list_indicators(engine: Engine, *, needs_review: bool | None = None, q: str | None = None, limit: int = 100,
                    offset: int = 0) -> Page[IndicatorInfo]:
    with unit_of_work(engine) as session:
        return _page(session, indicator_repo.filtered(needs_review=needs_review, q=q), limit, offset, IndicatorInfo.of)


def get_indicator(engine: Engine, indicator_id: int) -> IndicatorInfo:
    with unit_of_work(engine) as session:
        found = indicator_repo.get(session, indicator_id)
        if found is None:
            raise NotFoundError(f"找不到指标：{indicator_id}")
        return IndicatorInfo.of(found)


def list_observations(engine: Engine, *, indicator_id: int | None = None, region_id: int | None = None,
                      year_from: int | None = None, year_to: int | None = None, limit: int = 100,
                      offset: int = 0) -> Page[ObservationInfo]:
    with unit_of_work(engine) as session:
        query = observation_repo.filtered(indicator_id=indicator_id, region_id=region_id, year_from=year_from,
                                     year_to=year_to)
        return _page(session, query, limit, offset, lambda row: ObservationInfo.of(*row))


def get_observation(engine: Engine, observation_id: int) -> ObservationInfo:
    with unit_of_work(engine) as session:
        found = observation_repo.with_names(session, observation_id)
        if found is None:
            raise NotFoundError(f"找不到监测数据：{observation_id}")
        return ObservationInfo.of(*found)


def _plan(session: Session, plan_id: int) -> Plan:
    return plan_repo.get(session, plan_id, hint="用 GET /api/v1/plans 查看已入库的规划编号")


def _page(session: Session, query: Select, limit: int, offset: int, item: Callable[[Any], T]) -> Page[T]:
    """One page of ``query`` (``limit`` kept within 0…MAX_LIMIT), each row turned into ``item(row)``."""
    limit, offset = max(0, min(limit, MAX_LIMIT)), max(0, offset)
    rows, total = listing.page(session, query, limit=limit, offset=offset)
    return Page([item(r) for r in rows], total, limit, offset)


def _units(units) -> list[UnitRef]:
    return sorted((UnitRef(u.id, u.name) for u in units), key=lambda u: u.name)
