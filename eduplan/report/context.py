"""ReportContext: everything a report says, as plain data. No I/O, no database, no clock.

``services.evaluation.reports`` builds one from the evaluation service and the database (tasks,
projects, sections); ``report.compose`` arranges it (chapters, problems, suggestions,
supervision list) and writes the generated sentences; each renderer (docx, html,
markdown, xlsx) turns the same context into bytes, so a number or a status can never
differ between formats.

Numbers stay floats as the engine gave them; renderers format them with
``report.figures`` (tables) and the sentences are already written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eduplan.domain import Comparator, IndicatorKind, Measure, Status, TaskStatus, measure_of_kind
from eduplan.evaluate import Point
from eduplan.report import figures
from eduplan.report.sectors import Sector, sector_of, task_sector
from eduplan.report.units import Roles

# "Lagging" in the broad sense used by the problems section, the suggestions and the
# supervision list (督办清单): every status that needs action, most serious first.
PROBLEM_STATUSES: tuple[Status, ...] = (Status.OVERDUE, Status.LAGGING, Status.REGRESSING, Status.AT_RISK)
NO_UNIT = "未明确责任单位"


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """The plan the report is about. ``period`` is (first year, last year), 2021–2025."""

    plan_id: int
    title: str
    issuer: str | None
    region: str | None
    doc_type_label: str
    period: tuple[int, int] | None
    base_year: int | None


@dataclass(frozen=True, slots=True)
class Chapter:
    """A top-level section of the plan ("二、" "发展目标"); ``key`` is their join, "" for
    targets outside any section."""

    key: str
    number: str
    title: str

    @property
    def label(self) -> str:
        return self.title or "其他"


NO_CHAPTER = Chapter("", "", "")


@dataclass(frozen=True, slots=True)
class TargetLine:
    """One evaluated target with the facts a report prints.

    ``name`` is the plan's wording, ``indicator`` the dictionary name. ``elapsed`` is the
    target's own time share (from the plan's base year to its latest year); ``facts`` are
    the engine's inputs (``expected`` — the plan's milestone or the 序时进度参考值 —,
    ``implied_target``/``actual_rate`` of growth targets, ``failing_years`` of maintained
    levels and year-by-year targets). ``measure`` says how it was judged, ``milestones``
    the plan-stated (year, value) pairs, ``reviewed`` whether a person confirmed it.
    """

    target_id: int
    name: str
    indicator: str
    kind: IndicatorKind
    comparator: Comparator
    target: float | None
    target_year: int
    unit: str | None
    precision: int
    baseline: Point | None
    latest: Point | None
    elapsed: float | None
    completion: float | None
    pace: float | None
    status: Status
    reason: str
    flags: tuple[str, ...]
    forecast: float | None
    forecast_meets: bool | None
    units: tuple[str, ...]
    chapter: Chapter
    section_number: str | None
    section_title: str | None
    quote: str
    milestone_of: int | None = None
    region: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    measure: Measure | None = None  # None: from ``kind`` and the comparator
    milestones: tuple[tuple[int, float], ...] = ()
    reviewed: bool = True
    roles: Roles | None = None  # None: the first of ``units`` leads
    sector: Sector | None = None  # None: from the indicator, the wording and the section

    def __post_init__(self) -> None:
        if self.measure is None:
            object.__setattr__(self, "measure", measure_of_kind(self.kind.value, self.comparator.value))
        if self.sector is None:
            object.__setattr__(self, "sector", sector_of(self.indicator, self.name, self.section_title))
        if self.roles is None:
            object.__setattr__(self, "roles", Roles(tuple(self.units[:1]), tuple(self.units[1:])))

    @property
    def units_label(self) -> str:
        return "、".join(self.units) or NO_UNIT

    @property
    def lead(self) -> tuple[str, ...]:
        assert self.roles is not None
        return self.roles.lead

    @property
    def assist(self) -> tuple[str, ...]:
        assert self.roles is not None
        return self.roles.assist

    @property
    def scale(self) -> figures.Scale:
        """How the plan writes this target's numbers (magnitude, decimals)."""
        values = [abs(p.value) for p in (self.baseline, self.latest) if p is not None]
        return figures.plan_scale(self.unit, self.precision, self.quote, self.target, max(values, default=None))

    @property
    def needs_action(self) -> bool:
        return self.status in PROBLEM_STATUSES

    @property
    def binary(self) -> bool:
        return self.measure is Measure.BINARY


@dataclass(frozen=True, slots=True)
class SkippedLine:
    """A target the evaluation left out, and why."""

    target_id: int
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class TaskLine:
    """A key task (重点任务). ``overdue``: due year reached (due_year ≤ as_of: the report
    speaks of the end of the as-of year) and not done."""

    task_id: int
    number: str
    title: str
    units: tuple[str, ...]
    due_year: int | None
    status: TaskStatus
    progress: int
    chapter: Chapter
    overdue: bool
    reported: bool = True  # a progress report was entered (else 未填报进展, never 未启动 0%)
    roles: Roles | None = None
    sector: Sector | None = None
    section_title: str | None = None

    def __post_init__(self) -> None:
        if self.sector is None:
            object.__setattr__(self, "sector", task_sector(self.title, self.section_title))
        if self.roles is None:
            object.__setattr__(self, "roles", Roles(tuple(self.units[:1]), tuple(self.units[1:])))

    @property
    def units_label(self) -> str:
        return "、".join(self.units) or NO_UNIT


@dataclass(frozen=True, slots=True)
class ProjectLine:
    """A construction project as planned, with what has been reported done."""

    project_id: int
    name: str
    level: str | None
    stage: str | None
    year: int | None
    count: int | None
    investment: float | None  # 元
    investment_done: float | None
    seats: int | None
    seats_done: int | None
    chapter: Chapter
    quote: str = ""


@dataclass(frozen=True, slots=True)
class SectorReport:
    """二、主要成效 for one sector: its targets (table and chart), counts, the paragraph with
    its figures, the 创建 goals met and its tasks' progress."""

    sector: Sector
    lines: tuple[TargetLine, ...]
    counts: Mapping[Status, int]
    paragraph: str
    tasks: tuple[TaskLine, ...] = ()

    @property
    def label(self) -> str:
        return self.sector.label


@dataclass(frozen=True, slots=True)
class ProblemItem:
    """One paragraph of 四、存在的主要问题. ``kind`` is "target", "no_data", "task" or
    "project"; ``refs`` the target, task or project ids; ``units`` who answers for it."""

    kind: str
    text: str
    refs: tuple[int, ...]
    status: Status | None = None
    units: str = ""


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    """One numbered problem of 四、存在的主要问题 — a cause the data shows (到期未完成,
    学龄人口变化, 投入不足, 进度滞后, 数据未报送) — with its intro and items."""

    cause: str
    heading: str
    intro: str
    items: tuple[ProblemItem, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One numbered paragraph of 五、下一步工作建议; ``kind`` "target", "task", "data",
    "project" or "adjust" (目标调整建议)."""

    kind: str
    title: str
    units: str
    text: str
    refs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SupervisionItem:
    """One row of the supervision list (督办清单): a target that needs action or an
    overdue task. ``gap`` is the shortfall in the target's stored unit (percentage points
    for %), positive when behind; ``gap_text`` the same as the plan writes it."""

    kind: str  # "指标" or "重点任务"
    ref: int
    item: str
    units: tuple[str, ...]
    chapter: Chapter
    goal: str
    latest: float | None
    latest_year: int | None
    unit: str | None
    gap: float | None
    gap_unit: str | None
    deadline: int | None
    status: str
    note: str
    lead: tuple[str, ...] = ()
    assist: tuple[str, ...] = ()
    situation: str = ""  # 现状与目标
    gap_text: str = ""
    due_text: str = ""  # 办理时限
    sector: str = ""

    @property
    def units_label(self) -> str:
        return "、".join(self.units) or NO_UNIT


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """公文 details chosen by the writer: 主送机关, 发文机关署名, 成文日期 and who leads
    what the plan leaves unassigned (default: the region's 教育局)."""

    to: str | None = None
    issuer: str | None = None
    date: str | None = None  # 2024年3月1日; None leaves the date for the writer
    default_unit: str | None = None


@dataclass(frozen=True, slots=True)
class ReportContext:
    """The whole mid-term evaluation report (中期评估报告) and supervision list.

    ``targets`` is every evaluated target in plan order (the appendix and the workbook's
    全部指标 sheet); ``sectors`` holds the same lines grouped by sector (二、主要成效).
    """

    plan: PlanInfo
    as_of: int
    region: str | None
    title: str
    date_text: str
    preamble: tuple[str, ...]
    time_share: float | None
    counts: Mapping[Status, int]
    summary_text: str
    overall: tuple[str, ...]
    sectors: tuple[SectorReport, ...]
    reform_text: str
    tasks: tuple[TaskLine, ...]
    tasks_text: str
    projects: tuple[ProjectLine, ...]
    projects_text: str
    investment: tuple[TargetLine, ...]
    problems: tuple[ProblemGroup, ...]
    problems_text: str
    suggestions: tuple[Suggestion, ...]
    suggestions_text: str
    adjustments: tuple[Suggestion, ...]
    supervision: tuple[SupervisionItem, ...]
    targets: tuple[TargetLine, ...]
    skipped: tuple[SkippedLine, ...]
    review_note: str | None = None  # how many targets were left out or not reviewed
    data_note: str = ""  # which values are approved (数据上报与审核); empty when not known
    # where each target's latest value came from: (target id, year, document or file)
    data_sources: tuple[tuple[int, int, str], ...] = ()
    addressee: str | None = None  # 主送机关
    issuer: str | None = None  # 发文机关署名
    unit_note: str | None = None  # who leads the items the plan assigns to nobody

    @property
    def lagging(self) -> tuple[TargetLine, ...]:
        return tuple(t for t in self.targets if t.needs_action)
