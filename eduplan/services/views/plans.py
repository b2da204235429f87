"""Read side of the plan screens: the list of plans with review progress, and one plan
with everything the review screen shows (text, section tree, targets, tasks, projects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine

from eduplan.domain import DocType, ReviewState
from eduplan.extract.tables import find_flat_tables, find_spaced_tables
from eduplan.services.access import Actor
from eduplan.services.views.projects import ProjectRow, project_rows
from eduplan.services.views.tasks import TaskCard, UnitRef, card_of
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import progress as progress_repo
from eduplan.store.repositories import projects as project_repo
from eduplan.store.repositories import targets as target_repo
from eduplan.store.repositories import tasks as task_repo
from eduplan.store.repositories.targets import TargetRow


@dataclass(frozen=True, slots=True)
class PlanSummary:
    id: int
    title: str
    doc_type: str
    doc_type_label: str
    region: str | None
    period_start: int | None
    period_end: int | None
    source_name: str
    created_at: datetime
    states: dict[str, int]  # review state → number of targets (every statement: milestones included)
    tasks: int
    projects: int
    indicators: int = 0  # targets as evaluation counts them: one per indicator

    @property
    def targets(self) -> int:
        return sum(self.states.values())

    @property
    def pending(self) -> int:
        return self.states.get(ReviewState.EXTRACTED.value, 0)


@dataclass(slots=True)
class SectionNode:
    id: int
    number: str
    title: str
    level: int
    start: int
    end: int
    targets: int = 0  # targets in this section and its subsections
    children: list[SectionNode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TableRows:
    """The targets read from one indicator table of the plan (全部确认 confirms them at once)."""

    start: int
    end: int
    label: str  # the table's first header words
    target_ids: tuple[int, ...]
    pending: tuple[int, ...]  # those still awaiting review


@dataclass(frozen=True, slots=True)
class PlanReview:
    summary: PlanSummary
    text: str
    sections: list[SectionNode]  # the roots of the tree
    targets: list[TargetRow]
    tasks: list[TaskCard]
    projects: list[ProjectRow]
    tables: list[TableRows] = field(default_factory=list)

    @property
    def states(self) -> dict[str, int]:
        return self.summary.states

    @property
    def indicators(self) -> list[TargetRow]:
        """One per indicator: the targets heading their group (milestones are part of them)."""
        return [t for t in self.targets if t.kind == "target" and t.parent_id is None and t.review_state != "rejected"]

    @property
    def pending_indicators(self) -> int:
        """Indicators (targets) still awaiting review: evaluation leaves them out until confirmed."""
        return sum(1 for t in self.indicators if t.review_state == ReviewState.EXTRACTED.value)


def list_plan_summaries(engine: Engine) -> list[PlanSummary]:
    with unit_of_work(engine) as session:
        indicators = target_repo.counts_by_plan(session)
        return [_summary(p, states, tasks, projects, indicators.get(p.id, 0))
                for p, states, tasks, projects in plan_repo.with_counts(session)]


def plan_review(engine: Engine, plan_id: int, *, actor: Actor | None, year: int | None = None,
                work: bool = True) -> PlanReview:
    """Everything the review screen shows; ``work=False`` leaves out tasks and projects
    (the target panel needs only the text, sections and targets)."""
    year = year or date.today().year
    with unit_of_work(engine) as session:
        plan = plan_repo.get(session, plan_id, hint="请从规划列表进入")
        targets = target_repo.rows(session, plan_id)
        sections = plan_repo.sections(session, plan_id)
        titles = {plan.id: plan.title}
        tasks = task_repo.find(session, plan_id=plan_id) if work else []
        notes = progress_repo.last_task_updates(session, (t.id for t in tasks))
        cards = [card_of(t, titles, notes.get(t.id), actor, year) for t in tasks]
        projects = project_rows(session, project_repo.find(session, plan_id=plan_id), actor) if work else []
        states: dict[str, int] = {}
        for t in targets:
            states[t.review_state] = states.get(t.review_state, 0) + 1
        summary = _summary(plan, states, len(cards), len(projects))
        return PlanReview(summary, plan.text, _tree(sections, targets), targets, cards, projects,
                          table_rows(plan.text, targets))


def table_rows(text: str, targets: list[TargetRow]) -> list[TableRows]:
    """The plan's indicator tables (text tables found the way extraction finds them, and
    the cell-per-line quotes of tables read from a document) with the targets inside."""
    spans = sorted((g.header_start, g.end) for g in find_flat_tables(text) + find_spaced_tables(text))
    covered: set[int] = set()
    out: list[TableRows] = []
    for a, b in spans:
        inside = [t for t in targets if t.start is not None and a <= t.start < b]
        if len(inside) >= 2:  # a "table" holding one statement is a line that merely names two years
            covered.update(t.id for t in inside)
            out.append(_table(a, b, text, inside))
    loose = [t for t in targets if t.id not in covered and "\n" in (t.quote or "") and t.start is not None]
    by_section: dict[int | None, list[TargetRow]] = {}
    for t in loose:  # tables of .docx/.pdf files: their rows quote several cells
        by_section.setdefault(t.section_id, []).append(t)
    for members in by_section.values():
        if len(members) < 2:
            continue
        out.append(_table(min(t.start or 0 for t in members), max(t.end or 0 for t in members), text, members))
    return sorted(out, key=lambda r: r.start)


def _table(a: int, b: int, text: str, inside: list[TargetRow]) -> TableRows:
    label = " ".join(text[a:min(b, a + 40)].split())[:24]
    return TableRows(a, b, label, tuple(t.id for t in inside),
                     tuple(t.id for t in inside if t.review_state == ReviewState.EXTRACTED.value))


def _summary(p: Plan, states: dict[str, int], tasks: int, projects: int, indicators: int = 0) -> PlanSummary:
    try:
        label = DocType(p.doc_type).label
    except ValueError:
        label = p.doc_type
    return PlanSummary(p.id, p.title, p.doc_type, label, p.region_name, p.period_start, p.period_end, p.source_name,
                       p.created_at, dict(states), tasks, projects, indicators)


def _tree(sections, targets: list[TargetRow]) -> list[SectionNode]:
    nodes = {s.id: SectionNode(s.id, s.number, s.title, s.level, s.start, s.end) for s in sections}
    parents = {s.id: s.parent_id for s in sections}
    roots: list[SectionNode] = []
    for s in sections:  # stored parents first
        parent = nodes.get(s.parent_id) if s.parent_id else None
        (parent.children if parent else roots).append(nodes[s.id])
    for t in targets:
        section_id = t.section_id
        while section_id is not None and section_id in nodes:
            nodes[section_id].targets += 1
            section_id = parents.get(section_id)
    return roots


__all__ = ["PlanReview", "PlanSummary", "SectionNode", "TableRows", "UnitRef", "list_plan_summaries", "plan_review",
           "table_rows"]
