"""A plan and its sections: look-ups, the rows lists of plans show (without the text),
periods and regions of plans, and the section tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, defer

from eduplan.domain import DocType, RegionLevel
from eduplan.errors import NotFoundError
from eduplan.store.models import Plan, Project, Region, Section, Target, Task


@dataclass(frozen=True, slots=True)
class PlanRow:
    """A stored plan without its text, as every reader gets it: the API, ``eduplan plans``,
    the dashboard's and the reports page's choices, comparisons. Made from the row and its
    linked region in one place, ``PlanRow.of``."""

    id: int
    title: str
    issuer: str | None
    doc_type: str
    region_id: int | None
    region_name: str | None  # the region as the plan names it
    region: str | None  # the name of the linked region (None: not linked)
    region_level: str | None
    period_start: int | None
    period_end: int | None
    base_year: int | None
    source_name: str
    sha256: str
    created_at: datetime

    @classmethod
    def of(cls, p: Plan, region: Region | None) -> PlanRow:
        return cls(p.id, p.title, p.issuer, p.doc_type, p.region_id, p.region_name, region.name if region else None,
                   region.level if region else None, p.period_start, p.period_end, p.base_year, p.source_name,
                   p.sha256, p.created_at)

    @property
    def place(self) -> str | None:
        """The plan's region: the linked one's name, else as the plan names it."""
        return self.region or self.region_name

    @property
    def level(self) -> str:
        """The level of the plan's region (a county's when not linked)."""
        return self.region_level or RegionLevel.COUNTY.value

    @property
    def period(self) -> tuple[int, int] | None:
        """(first year, last year) of the plan, when it states both."""
        return (self.period_start, self.period_end) if self.period_start and self.period_end else None

    @property
    def label(self) -> str:
        try:
            kind = DocType(self.doc_type).label
        except ValueError:
            kind = self.doc_type
        return f"{self.title}（{kind}）"


@dataclass(frozen=True, slots=True)
class SectionRow:
    """A section of a plan's text (章节) as readers get it; ``SectionRow.of`` makes it."""

    id: int
    parent_id: int | None
    position: int
    level: int
    number: str
    title: str
    kind: str
    start: int
    end: int

    @classmethod
    def of(cls, s: Section) -> SectionRow:
        return cls(s.id, s.parent_id, s.position, s.level, s.number, s.title, s.kind, s.start, s.end)


def by_sha256(session: Session, sha256: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.sha256 == sha256))


def get(session: Session, plan_id: int, *, hint: str | None = None) -> Plan:
    """The plan ``plan_id``; ``NotFoundError`` (with ``hint``) when there is none."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"找不到规划：{plan_id}", hint=hint)
    return plan


def find(session: Session, ref: str | int) -> Plan:
    """A plan by id, sha256 prefix or a unique part of its title."""
    text = str(ref).strip()
    if text.isdigit() and len(text) <= 10 and int(text) < 2**31:  # larger numbers are no id the database holds
        plan = session.get(Plan, int(text))
        if plan:
            return plan
    matches = list(session.scalars(select(Plan).where(
        or_(Plan.title.contains(text, autoescape=True),
            Plan.sha256.startswith(text.lower(), autoescape=True) if len(text) >= 6 else False)
    )))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"找不到规划：{text}", hint="用 eduplan plans 查看已入库的规划编号")
    raise NotFoundError(
        f"“{text}”对应多个规划（{', '.join(str(p.id) for p in matches)}）",
        hint="请使用规划编号",
    )


def filtered(*, region_id: int | None = None, doc_type: str | None = None) -> Select:
    """(plan without its text, linked region) rows by plan id, of one region or genre."""
    query = (select(Plan, Region).outerjoin(Region, Region.id == Plan.region_id).options(defer(Plan.text))
             .order_by(Plan.id))
    if region_id is not None:
        query = query.where(Plan.region_id == region_id)
    if doc_type:
        query = query.where(Plan.doc_type == doc_type)
    return query


def rows(session: Session) -> list[PlanRow]:
    """Every stored plan (without its text), by id."""
    return [PlanRow.of(p, r) for p, r in session.execute(filtered())]


def with_counts(session: Session) -> list[tuple[Plan, dict[str, int], int, int]]:
    """Every plan (newest first) with its targets (every statement to review) counted by
    review state, and its numbers of tasks and projects."""
    plans = list(session.scalars(select(Plan).order_by(Plan.id.desc())))
    states: dict[int, dict[str, int]] = {p.id: {} for p in plans}
    for plan_id, state, n in session.execute(select(Target.plan_id, Target.review_state, func.count())
                                             .group_by(Target.plan_id, Target.review_state)):
        states.setdefault(plan_id, {})[state] = n
    tasks = dict(session.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)).all())
    projects = dict(session.execute(select(Project.plan_id, func.count()).group_by(Project.plan_id)).all())
    return [(p, states.get(p.id, {}), tasks.get(p.id, 0), projects.get(p.id, 0)) for p in plans]


def counts(session: Session, plan_id: int) -> dict[str, int]:
    """Sections, targets (one per indicator: the heads of kind target) and tasks of a plan."""
    def n(model, *where) -> int:
        return session.scalar(select(func.count()).select_from(model).where(model.plan_id == plan_id, *where)) or 0

    return {"sections": n(Section), "targets": n(Target, Target.kind == "target", Target.parent_id.is_(None)),
            "tasks": n(Task)}


def period(session: Session, plan_id: int) -> tuple[int, int] | None:
    """(first year, last year) of a plan, when it states both."""
    row = session.execute(select(Plan.period_start, Plan.base_year, Plan.period_end).where(Plan.id == plan_id)).first()
    if row is None:
        return None
    start = row[0] or (row[1] + 1 if row[1] else None)
    return (start, row[2]) if start and row[2] else None


def periods(session: Session) -> dict[int, tuple[int, int] | None]:
    """Plan id → (first, last year) of its period, when it states both."""
    return {i: (a, b) if a and b else None for i, a, b in
            session.execute(select(Plan.id, Plan.period_start, Plan.period_end))}


def region_of(session: Session, plan_id: int) -> int | None:
    """The region of a plan (its tasks and projects belong to it)."""
    return session.scalar(select(Plan.region_id).where(Plan.id == plan_id))


def regions_by_plan(session: Session) -> dict[int, int | None]:
    """Plan id → its region (tasks and projects belong to their plan's region)."""
    return dict(session.execute(select(Plan.id, Plan.region_id)).all())


def titles(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Plan.id, Plan.title).order_by(Plan.id)).all())


@dataclass(frozen=True, slots=True)
class PlanTarget:
    """A plan that sets a target for the indicator, and the region the target is for."""

    plan_id: int
    plan_title: str
    doc_type: str
    region_id: int | None


def committing_to(session: Session, indicator_id: int) -> list[PlanTarget]:
    """Plans with a commitment (kind target) for the indicator, by plan id; one row per
    (plan, region)."""
    region = func.coalesce(Target.region_id, Plan.region_id)
    rows = session.execute(select(Plan.id, Plan.title, Plan.doc_type, region)
                           .join(Plan, Plan.id == Target.plan_id)
                           .where(Target.indicator_id == indicator_id, Target.kind == "target")
                           .group_by(Plan.id, Plan.title, Plan.doc_type, region).order_by(Plan.id))
    return [PlanTarget(int(r[0]), r[1], r[2], r[3]) for r in rows]


def sections(session: Session, plan_id: int) -> list[Section]:
    return list(session.scalars(select(Section).where(Section.plan_id == plan_id).order_by(Section.position)))


def section_rows(session: Session, plan_id: int) -> dict[int, SectionRow]:
    return {s.id: SectionRow.of(s) for s in sections(session, plan_id)}


def section_titles(session: Session, plan_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Section id → its title and the titles of every section above it."""
    rows = {i: (parent, title) for i, parent, title in session.execute(
        select(Section.id, Section.parent_id, Section.title).where(Section.plan_id.in_(sorted(set(plan_ids)))))}
    out: dict[int, tuple[str, ...]] = {}
    for section_id in rows:
        titles, current, seen = [], section_id, set()
        while current in rows and current not in seen:
            seen.add(current)
            parent, title = rows[current]
            titles.append(title)
            current = parent
        out[section_id] = tuple(titles)
    return out


def innermost_section(session: Session, plan_id: int, offset: int) -> Section | None:
    """The deepest section whose span holds ``offset``."""
    return session.scalar(select(Section).where(Section.plan_id == plan_id, Section.start <= offset,
                                                Section.end > offset)
                          .order_by(Section.level.desc(), (Section.end - Section.start), Section.id.desc()).limit(1))
