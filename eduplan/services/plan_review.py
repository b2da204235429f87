"""Read side of the plan screens: the list of plans with review progress, and one plan
with everything the review screen shows (text, section tree, targets, tasks, projects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine

from eduplan.domain import DocType, ReviewState
from eduplan.errors import NotFoundError
from eduplan.services.boards import ProjectRow, TaskCard, UnitRef, card_of, project_rows
from eduplan.services.targets import TargetInfo
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan, User
from eduplan.store.repositories import boards
from eduplan.store.repositories import plan_review as repo


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
    states: dict[str, int]  # review state → number of targets
    tasks: int
    projects: int

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
class PlanReview:
    summary: PlanSummary
    text: str
    sections: list[SectionNode]  # the roots of the tree
    targets: list[TargetInfo]
    tasks: list[TaskCard]
    projects: list[ProjectRow]

    @property
    def states(self) -> dict[str, int]:
        return self.summary.states


def list_plan_summaries(engine: Engine) -> list[PlanSummary]:
    with unit_of_work(engine) as session:
        return [_summary(p, states, tasks, projects) for p, states, tasks, projects in repo.plans_with_counts(session)]


def plan_review(engine: Engine, plan_id: int, *, actor: User | None, year: int | None = None,
                work: bool = True) -> PlanReview:
    """Everything the review screen shows; ``work=False`` leaves out tasks and projects
    (the target panel needs only the text, sections and targets)."""
    year = year or date.today().year
    with unit_of_work(engine) as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError(f"找不到规划：{plan_id}", hint="请从规划列表进入")
        targets = [TargetInfo.of(t) for t in repo.targets(session, plan_id)]
        sections = repo.sections(session, plan_id)
        titles = {plan.id: plan.title}
        tasks = repo.tasks(session, plan_id) if work else []
        notes = boards.last_task_updates(session, (t.id for t in tasks))
        cards = [card_of(t, titles, notes.get(t.id), actor, year) for t in tasks]
        projects = project_rows(session, repo.projects(session, plan_id), actor) if work else []
        states: dict[str, int] = {}
        for t in targets:
            states[t.review_state] = states.get(t.review_state, 0) + 1
        summary = _summary(plan, states, len(cards), len(projects))
        return PlanReview(summary, plan.text, _tree(sections, targets), targets, cards, projects)


def _summary(p: Plan, states: dict[str, int], tasks: int, projects: int) -> PlanSummary:
    try:
        label = DocType(p.doc_type).label
    except ValueError:
        label = p.doc_type
    return PlanSummary(p.id, p.title, p.doc_type, label, p.region_name, p.period_start, p.period_end, p.source_name,
                       p.created_at, dict(states), tasks, projects)


def _tree(sections, targets: list[TargetInfo]) -> list[SectionNode]:
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


__all__ = ["PlanReview", "PlanSummary", "SectionNode", "UnitRef", "list_plan_summaries", "plan_review"]
