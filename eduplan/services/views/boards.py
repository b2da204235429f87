"""Read side of the tasks board (重点任务) and the projects table (建设项目).

The board groups tasks by responsible unit: a task with several units shows under each,
so every unit finds all of its tasks in its own group. Within a group tasks sit in four
columns — 未启动, 推进中, 已完成, and 逾期 for tasks past their due year and not done.

Everyone signed in sees every task and project; ``editable`` says whether the actor may
report progress (``access.allowed``: admin and planner on all, a unit user on those of its
own unit in plans of its regions). The write itself is ``services.plans.progress``, which
checks again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.domain import TaskStatus
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.evaluate.project_totals import ProjectFacts, counting
from eduplan.store.db import unit_of_work
from eduplan.store.models import Project, Task, TaskUpdate
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import progress as progress_repo
from eduplan.store.repositories import projects as project_repo
from eduplan.store.repositories import tasks as task_repo
from eduplan.store.repositories import units as unit_repo

OVERDUE = "overdue"
COLUMNS = (TaskStatus.NOT_STARTED.value, TaskStatus.IN_PROGRESS.value, TaskStatus.DONE.value, OVERDUE)
COLUMN_LABELS = {**{s.value: s.label for s in TaskStatus}, OVERDUE: "逾期"}
STAGES = ("前期", "新建", "开工", "在建", "主体完工", "竣工", "投入使用")  # suggestions; stage is free text


@dataclass(frozen=True, slots=True)
class UnitRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class TaskCard:
    id: int
    plan_id: int
    plan_title: str
    number: str
    title: str
    text: str
    section_label: str | None
    due_year: int | None
    status: str
    progress: int
    version: int
    units: tuple[UnitRef, ...]
    overdue: bool
    editable: bool
    last_note: str | None
    last_year: int | None
    last_at: datetime | None

    @property
    def column(self) -> str:
        return OVERDUE if self.overdue else self.status


@dataclass(slots=True)
class TaskGroup:
    unit: UnitRef | None  # None: tasks that name no responsible unit
    columns: dict[str, list[TaskCard]] = field(default_factory=lambda: {c: [] for c in COLUMNS})

    @property
    def count(self) -> int:
        return sum(len(cards) for cards in self.columns.values())


@dataclass(frozen=True, slots=True)
class TaskBoard:
    groups: list[TaskGroup]
    totals: dict[str, int]  # column → number of tasks (each task once)
    plans: list[tuple[int, str]]
    units: list[UnitRef]
    plan_id: int | None
    unit_id: int | None
    year: int


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


def task_board(engine: Engine, *, actor: Actor | None, plan_id: int | None = None, unit_id: int | None = None,
               year: int | None = None) -> TaskBoard:
    """Tasks grouped by unit and column; the actor's own unit comes first. ``year``: the
    board as at the end of that year, default today: a task is 逾期 when its due year
    has ended (before this year, or by the end of a past ``year``) and it is not done."""
    today = date.today().year
    year = today if year is None or year >= today else year + 1
    with unit_of_work(engine) as session:
        tasks = task_repo.find(session, plan_id=plan_id, unit_id=unit_id)
        titles = plan_repo.titles(session)
        regions = plan_repo.regions_by_plan(session)
        notes = progress_repo.last_task_updates(session, (t.id for t in tasks))
        cards = [card_of(t, titles, notes.get(t.id), actor, year, regions.get(t.plan_id)) for t in tasks]
        units = [UnitRef(u.id, u.name) for u in unit_repo.all_units(session)]
    groups: dict[int | None, TaskGroup] = {}
    totals = {c: 0 for c in COLUMNS}
    for card in cards:
        totals[card.column] += 1
        shown = [u for u in card.units if unit_id is None or u.id == unit_id] or [None]
        for unit in shown:
            group = groups.setdefault(unit.id if unit else None, TaskGroup(unit))
            group.columns[card.column].append(card)
    own = actor.unit_id if actor is not None else None
    order = sorted(groups.values(), key=lambda g: (g.unit is None, g.unit is None or g.unit.id != own,
                                                   g.unit.id if g.unit else 0))
    return TaskBoard(order, totals, list(titles.items()), units, plan_id, unit_id, year)


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


def card_of(task: Task, titles: dict[int, str], last: TaskUpdate | None, actor: Actor | None,
            year: int, region_id: int | None = None) -> TaskCard:
    """A task as the board shows it, with the actor's right to report on it."""
    units = tuple(sorted((UnitRef(u.id, u.name) for u in task.units), key=lambda u: u.id))
    overdue = task.due_year is not None and task.due_year < year and task.status != TaskStatus.DONE
    section = task.section
    return TaskCard(task.id, task.plan_id, titles.get(task.plan_id, ""), task.number, task.title, task.text,
                    f"{section.number} {section.title}" if section else None, task.due_year, task.status,
                    task.progress, task.version, units, overdue,
                    access.allowed(actor, Action.TASK, unit_id={u.id for u in units}, region_id=region_id),
                    last.note if last else None, last.year if last else None, last.recorded_at if last else None)


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
