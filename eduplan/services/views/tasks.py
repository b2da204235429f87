"""The tasks board (重点任务): tasks grouped by responsible unit — a task with several units
shows under each, so every unit finds all of its tasks in its own group — and, within a
group, in four columns: 未启动, 推进中, 已完成, and 逾期 for tasks past their due year and
not done.

Everyone signed in sees every task; ``editable`` says whether the actor may report
progress (``access.allowed``: admin and planner on all, a unit user on those of its own
unit in plans of its regions). The write itself is ``services.plans.progress``, which
checks again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine

from eduplan.domain import TaskStatus
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.store.db import unit_of_work
from eduplan.store.models import Task, TaskUpdate
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import progress as progress_repo
from eduplan.store.repositories import tasks as task_repo
from eduplan.store.repositories import units as unit_repo

OVERDUE = "overdue"
COLUMNS = (TaskStatus.NOT_STARTED.value, TaskStatus.IN_PROGRESS.value, TaskStatus.DONE.value, OVERDUE)
COLUMN_LABELS = {**{s.value: s.label for s in TaskStatus}, OVERDUE: "逾期"}


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
