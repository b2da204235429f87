"""一屏掌控: everything the overview screen shows for one plan as of one year.

``build_dashboard`` evaluates the chosen plan for its own region with the scalar service
(``evaluate_plan_targets``, about ten queries) and derives every panel from that one
result: status counts, time share against task share, the lagging list and the chapter
bars. ``compare_regions`` ranks the regions of the plan's level on one indicator with a
single aggregate query (top N plus the plan's own region). ``recent_changes`` reads the
last audit entries. With a ``ViewCache`` the evaluation and the comparison are reused
until the database changes (see ``views.cache``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.domain import DocType, Measure, RegionLevel, Status, beijing_time
from eduplan.errors import NotFoundError
from eduplan.evaluate import Rollup, Thresholds, describe_summary, rollup_by_section
from eduplan.services.access import Actor
from eduplan.services.evaluation.results import PlanResult, TargetResult, evaluate_plan_targets
from eduplan.services.monitoring.approvals import UnitProgress, completeness
from eduplan.services.views.audit import ACTION_LABELS, OBJECT_LABELS, sees_everything
from eduplan.services.views.audit_labels import changes
from eduplan.services.views.cache import ViewCache, cached, change_stamp
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan
from eduplan.store.repositories import approvals as approval_repo
from eduplan.store.repositories import audit
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import targets as target_repo
from eduplan.store.repositories.audit import ChangeRow
from eduplan.store.repositories.observations import RegionValue
from eduplan.store.repositories.plans import PlanRow
from eduplan.store.repositories.users import names as user_names

LAGGING = (Status.OVERDUE, Status.REGRESSING, Status.LAGGING, Status.AT_RISK)  # most serious first
PLAN_TYPES = (DocType.PLAN.value, DocType.ACTION_PLAN.value)
LEVEL_LABELS = {RegionLevel.PROVINCE.value: "省", RegionLevel.CITY.value: "市",
                RegionLevel.COUNTY.value: "县（市、区）"}
HIDDEN_KEYS = frozenset({"id", "version", "recorded_at", "recorded_by", "updated_at"})


@dataclass(frozen=True, slots=True)
class LaggingItem:
    target: TargetResult
    gap: float | None  # still to go towards the target, in the target's unit (None: not comparable)

    @property
    def status(self) -> Status:
        return self.target.status


@dataclass(frozen=True, slots=True)
class IndicatorChoice:
    id: int
    name: str
    unit: str | None


@dataclass(frozen=True, slots=True)
class Change:
    at: datetime  # Beijing time
    who: str
    what: str  # "修改 · 监测数据"
    summary: str
    diffs: tuple[tuple[str, str, str], ...]  # (field, old, new)


@dataclass(frozen=True, slots=True)
class RegionComparison:
    indicator: IndicatorChoice
    as_of: int
    level: str
    level_label: str
    rows: tuple[RegionValue, ...]  # the best ``limit`` regions, best first
    own: RegionValue | None  # the plan's region (also when outside the top)
    own_name: str | None
    total: int  # regions with a value
    limit: int
    better_up: bool
    target_value: float | None  # drawn as a line when comparable with the values
    target_year: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class DashboardView:
    plans: tuple[PlanRow, ...]
    plan: PlanRow | None
    years: tuple[int, ...]  # as-of choices, newest first
    as_of: int | None
    result: PlanResult | None
    sentence: str
    chapters: tuple[Rollup, ...]
    lagging: tuple[LaggingItem, ...]
    indicators: tuple[IndicatorChoice, ...]
    comparison: RegionComparison | None
    changes: tuple[Change, ...]
    key: tuple | None = None  # the cache key this view is stored under (None: not cached)
    include_unreviewed: bool = False  # the page's 含未审核目标 switch
    completeness: tuple[UnitProgress, ...] = ()  # 填报进度: per unit and year, filled / submitted / approved

    @property
    def empty(self) -> bool:
        return not self.plans

    @property
    def counts(self) -> dict[Status, int]:
        return dict(self.result.evaluation.summary.counts) if self.result else {}


def build_dashboard(engine: Engine, *, plan_id: int | None = None, as_of: int | None = None,
                    indicator_id: int | None = None, cache: ViewCache | None = None, lagging_limit: int = 50,
                    region_limit: int = 30, thresholds: Thresholds | None = None,
                    include_unreviewed: bool = False) -> DashboardView:
    """The overview of one plan (default: the first plan or action plan) as of one year
    (default: the latest year with observations in the plan's regions). Reviewed targets
    only unless ``include_unreviewed`` (the page's switch); the result says how many were
    left out.

    With a cache the whole view is reused while the change stamp stays the same: every
    default it resolves (plan, year, indicator) depends only on audited data or on the
    observations, both of which move the stamp."""
    if cache is None:
        return _build(engine, plan_id, as_of, indicator_id, None, None, lagging_limit, region_limit, thresholds,
                      include_unreviewed)
    stamp = change_stamp(engine, cache)
    key = ("dashboard", plan_id, as_of, indicator_id, lagging_limit, region_limit, stamp, include_unreviewed)
    return cache.get(key, lambda: replace(_build(engine, plan_id, as_of, indicator_id, cache, stamp, lagging_limit,
                                                 region_limit, thresholds, include_unreviewed), key=key))


def _build(engine: Engine, plan_id: int | None, as_of: int | None, indicator_id: int | None,
           cache: ViewCache | None, stamp: tuple[int, int] | None, lagging_limit: int,
           region_limit: int, thresholds: Thresholds | None, include_unreviewed: bool = False) -> DashboardView:
    with unit_of_work(engine) as session:
        plans = tuple(plan_repo.rows(session))
        if not plans:
            return DashboardView((), None, (), None, None, "", (), (), (), None, ())
        plan = _pick_plan(plans, plan_id)
        regions = target_repo.region_ids(session, plan.id) | ({plan.region_id} if plan.region_id else set())
        years = observation_repo.years_in(session, regions)
        as_of = as_of or default_year(session, plan)
        progress = _completeness(session, plan, as_of)
    result = plan_result(engine, plan.id, as_of, cache=cache, stamp=stamp, thresholds=thresholds,
                         include_unreviewed=include_unreviewed)
    summary = result.evaluation.summary
    indicators = _indicator_choices(result)
    lagging = _lagging(result)
    chosen = indicator_id or _default_indicator(result, lagging)
    comparison = (compare_regions(engine, plan, chosen, as_of, result=result, cache=cache, stamp=stamp,
                                  limit=region_limit) if chosen else None)
    return DashboardView(
        plans=plans, plan=plan, years=tuple(sorted(set(years) | {as_of}, reverse=True)), as_of=as_of, result=result,
        sentence=describe_summary(summary, as_of=as_of), chapters=tuple(rollup_by_section(result.evaluation.targets)),
        lagging=lagging[:lagging_limit], indicators=indicators, comparison=comparison, changes=(),
        completeness=progress, include_unreviewed=include_unreviewed,
    )


def plan_result(engine: Engine, plan_id: int, as_of: int, *, region: str | None = None,
                cache: ViewCache | None = None, stamp: tuple[int, int] | None = None,
                thresholds: Thresholds | None = None, include_unreviewed: bool = False) -> PlanResult:
    """``evaluate_plan_targets`` through the cache (key: plan, year, region, thresholds,
    review switch, change stamp)."""
    return cached(cache, ("plan", plan_id, as_of, region, thresholds, include_unreviewed, stamp),
                  lambda: evaluate_plan_targets(engine, plan_id, as_of=as_of, region=region, thresholds=thresholds,
                                                include_unreviewed=include_unreviewed))


def region_comparison(engine: Engine, *, plan_id: int, indicator_id: int, as_of: int,
                      cache: ViewCache | None = None, limit: int = 30,
                      thresholds: Thresholds | None = None, include_unreviewed: bool = False) -> RegionComparison:
    """The region comparison panel on its own (the htmx partial)."""
    with unit_of_work(engine) as session:
        stamp = audit.change_stamp(session) if cache is not None else None
        plan = _pick_plan(tuple(plan_repo.rows(session)), plan_id)  # rows without text
    result = plan_result(engine, plan.id, as_of, cache=cache, stamp=stamp, thresholds=thresholds,
                         include_unreviewed=include_unreviewed)
    return compare_regions(engine, plan, indicator_id, as_of, result=result, cache=cache, stamp=stamp, limit=limit)


def compare_regions(engine: Engine, plan: PlanRow, indicator_id: int, as_of: int, *, result: PlanResult,
                    cache: ViewCache | None, stamp: tuple[int, int] | None, limit: int) -> RegionComparison:
    mine = [t for t in result.targets if t.indicator_id == indicator_id]
    if not mine:
        raise NotFoundError("该指标不在所选规划的目标中", hint="请从下拉框中选择指标")
    final = _final_target(mine)
    spec = final.assessment.spec
    better_up = spec.better.value == "up"
    comparable = spec.effective_measure in (Measure.LEVEL, Measure.MAINTAIN, Measure.RANK) and spec.target is not None
    note = (None if comparable or spec.target is None
            else "该目标为累计量、逐年额度或增长率，与各地年度数值不可直接比较，未画目标线")

    def query() -> tuple[RegionValue, ...]:
        with unit_of_work(engine) as session:
            return tuple(observation_repo.latest_by_region(session, indicator_id, level=plan.level, as_of=as_of,
                                                   better_up=better_up, limit=limit, include_region=plan.region_id))

    rows = cached(cache, ("regions", indicator_id, plan.level, as_of, better_up, limit, plan.region_id, stamp), query)
    own = next((r for r in rows if r.region_id == plan.region_id), None)
    return RegionComparison(
        indicator=IndicatorChoice(indicator_id, final.indicator_name, spec.unit), as_of=as_of, level=plan.level,
        level_label=LEVEL_LABELS.get(plan.level, plan.level), rows=tuple(r for r in rows if r.rank <= limit),
        own=own, own_name=plan.region_name, total=rows[0].total if rows else 0, limit=limit, better_up=better_up,
        target_value=spec.target if comparable else None, target_year=spec.target_year, note=note,
    )


# ---- building blocks -----------------------------------------------------------------

def _pick_plan(plans: tuple[PlanRow, ...], plan_id: int | None) -> PlanRow:
    if plan_id is not None:
        for p in plans:
            if p.id == plan_id:
                return p
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划", hint="请从下拉框中选择规划")
    return next((p for p in plans if p.doc_type in PLAN_TYPES), plans[0])


def _completeness(session: Session, plan: PlanRow, as_of: int) -> tuple[UnitProgress, ...]:
    """填报进度 for the plan's years up to ``as_of`` (the whole period when it lies ahead)."""
    if not plan.period:
        return ()
    first, last = plan.period
    years = list(range(first, max(first, min(last, as_of)) + 1))
    row = session.get(Plan, plan.id)
    return tuple(completeness(session, row, years)) if row is not None else ()


def default_year(session: Session, plan: PlanRow, *, today: date | None = None) -> int:
    """The year the dashboard opens on: the latest year with approved values for most
    (more than half) of the plan's monitored indicators; failing that, the latest year
    with any values for most of them; failing that, the latest of the years with values
    for the most indicators; without any value, last year — kept within the plan period. One value
    typed for a later year moves nothing (the issue: a single 2025 value set everyone's
    year to 2025 and 时间进度 to 100%)."""
    pairs = target_repo.pairs(session, plan.id)
    this_year = (today or date.today()).year
    if pairs:
        present = {y: found for y, found in observation_repo.years_present(session, pairs).items() if y <= this_year}
        approved = approval_repo.approved_keys(session, {i for i, _ in pairs})
        for only_approved in (True, False):
            for year in sorted(present, reverse=True):
                counted = {(i, r) for i, r in present[year] if not only_approved or (i, r, year) in approved}
                if len(counted) * 2 > len(pairs):
                    return year
        if present:
            return max(present, key=lambda y: (len(present[y]), y))
    year = this_year - 1
    if plan.period:
        year = min(max(year, plan.period[0]), plan.period[1])
    return year


def _indicator_choices(result: PlanResult) -> tuple[IndicatorChoice, ...]:
    seen: dict[int, IndicatorChoice] = {}
    for t in result.targets:
        if t.indicator_id is not None and t.indicator_id not in seen:
            seen[t.indicator_id] = IndicatorChoice(t.indicator_id, t.indicator_name, t.assessment.spec.unit)
    return tuple(seen.values())


def _default_indicator(result: PlanResult, lagging: list[LaggingItem]) -> int | None:
    for item in lagging:
        if item.target.indicator_id is not None and item.target.assessment.latest is not None:
            return item.target.indicator_id
    with_data = [t for t in result.targets if t.indicator_id is not None and t.assessment.latest is not None]
    linked = [t for t in result.targets if t.indicator_id is not None]
    chosen = with_data or linked
    return chosen[0].indicator_id if chosen else None


def _final_target(targets: list[TargetResult]) -> TargetResult:
    """The final commitment among targets of one indicator (not a milestone, latest year)."""
    finals = [t for t in targets if t.milestone_of is None] or targets
    return max(finals, key=lambda t: (t.assessment.spec.target is not None, t.assessment.spec.target_year,
                                      -t.target_id))


def gap_of(t: TargetResult) -> float | None:
    """How far the latest value still is from the target, in the target's unit (≥ 0 means
    still to go). None when the two are not comparable (growth rates, directional and
    binary targets, no data)."""
    a = t.assessment
    spec = a.spec
    if (a.latest is None or spec.target is None or spec.is_directional
            or spec.effective_measure in (Measure.GROWTH_RATE, Measure.BINARY, Measure.PER_YEAR,
                                          Measure.YEARLY_AMOUNT)):
        return None
    diff = spec.target - a.latest.value
    return round(diff if spec.better.value == "up" else -diff, 6)


def _lagging(result: PlanResult) -> list[LaggingItem]:
    order = {s: i for i, s in enumerate(LAGGING)}
    items = [LaggingItem(t, gap_of(t)) for t in result.targets if t.status in order]
    return sorted(items, key=lambda i: (order[i.status], i.target.assessment.completion is None,
                                        i.target.assessment.completion or 0.0, i.target.target_id))


def recent_changes(engine: Engine, *, actor: Actor | None, limit: int = 10) -> tuple[Change, ...]:
    """最新变动 as the audit page would show them to ``actor``: a unit user sees its own
    actions only (``views.audit.sees_everything``), in Chinese labels and Beijing time."""
    with unit_of_work(engine) as session:
        own = None if sees_everything(actor) else actor.id  # type: ignore[union-attr]
        rows = audit.recent_changes(session, limit, user_id=own)
        users = user_names(session)
    return tuple(_change(c, users) for c in rows)


def changes_scope(actor: Actor | None) -> int | None:
    """What the 最新变动 of ``actor`` depend on: None (everyone's) or the user's own id."""
    return None if sees_everything(actor) else actor.id  # type: ignore[union-attr]


def _change(c: ChangeRow, users: dict[int, str]) -> Change:
    what = f"{ACTION_LABELS.get(c.action, c.action)} · {OBJECT_LABELS.get(c.object_type, c.object_type)}"
    diffs: tuple[tuple[str, str, str], ...] = ()
    if isinstance(c.old, dict) and isinstance(c.new, dict):  # an update: what changed, at most four fields
        diffs = tuple((d.label, d.old, d.new) for d in changes(c.old, c.new, users, hidden=HIDDEN_KEYS)
                      if d.old is not None and d.new is not None)[:4]
    return Change(beijing_time(c.at), c.user or "命令行", what, c.summary or "", diffs)
