"""The projects table (建设项目): each project's investment and seats planned against done,
stage, land and year, and the 合计 that counts each amount once (``evaluate.project_totals``).

Everyone signed in sees every project; ``editable`` says whether the actor may report
progress or change its units (the writes are ``services.plans.progress``, which checks
again).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.evaluate.project_totals import ProjectFacts, counting
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.views.tasks import UnitRef
from eduplan.store.db import unit_of_work
from eduplan.store.models import Project
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import progress as progress_repo
from eduplan.store.repositories import projects as project_repo
from eduplan.store.repositories import units as unit_repo

STAGES = ("前期", "新建", "开工", "在建", "主体完工", "竣工", "投入使用")  # suggestions; stage is free text


@dataclass(frozen=True, slots=True)
class ProjectRow:
    id: int
    plan_id: int
    plan_title: str
    name: str
    level: str | None
    stage: str | None
    count: int | None
    investment: Decimal | None  # 元
    investment_done: Decimal | None
    seats: int | None
    seats_done: int | None
    land: Decimal | None  # 亩
    floor_area: Decimal | None
    year: int | None
    quote: str
    units: tuple[UnitRef, ...]
    version: int
    editable: bool
    last_note: str | None
    last_year: int | None
    counted: bool = True  # part of the totals
    not_counted: str | None = None  # why not (a part of another project, outside the plan period …)
    part_of: int | None = None

    @property
    def investment_share(self) -> float | None:
        return _share(self.investment_done, self.investment)

    @property
    def seats_share(self) -> float | None:
        return _share(self.seats_done, self.seats)


@dataclass(frozen=True, slots=True)
class ProjectTable:
    rows: list[ProjectRow]
    plans: list[tuple[int, str]]
    units: list[UnitRef]
    plan_id: int | None
    unit_id: int | None
    investment: Decimal  # totals of the counted rows only: each amount once, this plan period only
    investment_done: Decimal
    seats: int
    seats_done: int
    left_out: int = 0  # rows shown but not counted
    units_editable: bool = False  # the actor may change projects' 责任单位


def project_table(engine: Engine, *, actor: Actor | None, plan_id: int | None = None,
                  unit_id: int | None = None) -> ProjectTable:
    """Projects (planned vs done) with the units they answer to: the units of the tasks
    in the project's section, as ``services.plans.progress`` decides who may report."""
    with unit_of_work(engine) as session:
        projects = project_repo.find(session, plan_id=plan_id)
        rows = project_rows(session, projects, actor)
        titles = plan_repo.titles(session)
        units = [UnitRef(u.id, u.name) for u in unit_repo.all_units(session)]
    if unit_id is not None:
        rows = [r for r in rows if any(u.id == unit_id for u in r.units)]
    counted = [r for r in rows if r.counted]
    return ProjectTable(rows, list(titles.items()), units, plan_id, unit_id,
                        sum((r.investment or Decimal(0) for r in counted), Decimal(0)),
                        sum((r.investment_done or Decimal(0) for r in counted), Decimal(0)),
                        sum(r.seats or 0 for r in counted), sum(r.seats_done or 0 for r in counted),
                        len(rows) - len(counted), access.allowed(actor, Action.PLAN))


def project_rows(session: Session, projects: list[Project], actor: Actor | None) -> list[ProjectRow]:
    """Projects as the table shows them, with their units and the actor's right to report."""
    titles = plan_repo.titles(session)
    regions = plan_repo.regions_by_plan(session)
    notes = progress_repo.last_project_updates(session, (p.id for p in projects))
    sections = plan_repo.section_titles(session, {p.plan_id for p in projects})
    counts = counting([ProjectFacts(p.id, p.plan_id, p.start, p.end, p.year, p.quote or "",
                                    sections.get(p.section_id, ())) for p in projects],
                      plan_repo.periods(session))
    rows = []
    for p in projects:
        c = counts[p.id]
        units = tuple(sorted((UnitRef(u.id, u.name) for u in p.units), key=lambda u: u.id))
        last = notes.get(p.id)
        rows.append(ProjectRow(
            p.id, p.plan_id, titles.get(p.plan_id, ""), p.name, p.level, p.stage, p.count, p.investment,
            p.investment_done, p.seats, p.seats_done, p.land, p.floor_area, p.year, p.quote or "", units, p.version,
            access.allowed(actor, Action.PROJECT, unit_id={u.id for u in units}, region_id=regions.get(p.plan_id)),
            last.note if last else None, last.year if last else None, c.counted, c.reason, c.part_of))
    return rows


def _share(done: Decimal | int | None, planned: Decimal | int | None) -> float | None:
    if done is None or not planned:
        return None
    return float(done) / float(planned)
