"""The indicator screens: the dictionary with its use counts, and one indicator's page
(observations of a region, the plan's target with milestones, baseline and forecast from
the evaluation engine, the same indicator's targets in every plan, aliases).

One indicator page evaluates one plan for one region (``evaluate_plan_targets``) and
reads one series; nothing loads all observations. Counting observations per indicator
reads the whole observations index, so the dictionary list is cached by change stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from eduplan.domain import Direction, DocType, IndicatorKind
from eduplan.errors import NotFoundError
from eduplan.evaluate import FLAG_LABELS
from eduplan.services.dashboard import PLAN_TYPES, plan_result
from eduplan.services.evaluation import TargetResult
from eduplan.services.indicators import Comparison, IndicatorInfo, compare_indicator, list_indicators
from eduplan.services.view_cache import ViewCache, cached
from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator
from eduplan.store.repositories import indicator_stats, overview
from eduplan.store.repositories.indicator_stats import PlanTarget, RegionCount

KIND_LABELS = {
    IndicatorKind.LEVEL.value: "水平值（比率、存量）",
    IndicatorKind.CUMULATIVE.value: "累计量（规划期新增）",
    IndicatorKind.GROWTH_RATE.value: "年均增长率",
    IndicatorKind.MAINTAIN.value: "保持类",
    IndicatorKind.BINARY.value: "达标类（是/否）",
}
DIRECTION_LABELS = {Direction.UP.value: "越高越好", Direction.DOWN.value: "越低越好"}


@dataclass(frozen=True, slots=True)
class IndicatorListRow:
    info: IndicatorInfo
    targets: int
    observations: int

    def matches(self, query: str) -> bool:
        q = query.strip().lower()
        return not q or q in self.info.name.lower() or any(q in a.lower() for a in self.info.aliases) \
            or q == (self.info.unit or "").lower()


@dataclass(frozen=True, slots=True)
class TargetLine:
    """The plan target drawn on the chart, as the engine assessed it for the region."""

    plan_id: int
    plan_title: str
    result: TargetResult
    milestones: tuple[tuple[int, float], ...]  # earlier yearly targets (year, value)
    forecast: tuple[int, float] | None  # (target year, forecast value)
    series_label: str  # "实际值" or "累计值" (cumulative targets are judged on sums)
    series: tuple[tuple[int, float], ...]  # what the engine judged (running sums for cumulative)
    flags: tuple[str, ...]  # Chinese flag labels


@dataclass(frozen=True, slots=True)
class IndicatorPage:
    info: IndicatorInfo
    regions: tuple[RegionCount, ...]  # region choices: plan regions first, then most data
    region: RegionCount | None
    observations: tuple[tuple[int, float], ...]  # the region's stored values, by year
    as_of: int | None
    plans: tuple[PlanTarget, ...]  # plans with a target for the indicator
    target: TargetLine | None
    comparison: Comparison

    @property
    def plan_options(self) -> list[tuple[int, str]]:
        """(id, title) of each plan with a target for the indicator, once."""
        return list({p.plan_id: p.plan_title for p in self.plans}.items())


def indicator_table(engine: Engine, *, query: str = "", review_only: bool = False,
                    cache: ViewCache | None = None) -> list[IndicatorListRow]:
    """The dictionary with the number of targets and observations of each indicator."""
    def build() -> list[IndicatorListRow]:
        infos = list_indicators(engine)
        with unit_of_work(engine) as session:
            targets = indicator_stats.target_counts(session)
            observations = indicator_stats.observation_counts(session)
        return [IndicatorListRow(i, targets.get(i.id, 0), observations.get(i.id, 0)) for i in infos]

    rows = cached(cache, ("indicators", _stamp(engine, cache)), build)
    return [r for r in rows if (not review_only or r.info.needs_review) and r.matches(query)]


def indicator_page(engine: Engine, indicator_id: int, *, region: str | None = None, plan_id: int | None = None,
                   as_of: int | None = None, cache: ViewCache | None = None) -> IndicatorPage:
    """One indicator for one region (default: the region of a plan targeting it that has
    the most observations), with the target of ``plan_id`` (default: a plan or action
    plan with a target for that region, else any plan targeting the indicator)."""
    stamp = _stamp(engine, cache)
    with unit_of_work(engine) as session:
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFoundError(f"找不到编号为 {indicator_id} 的指标", hint="请从指标列表进入")
        info = IndicatorInfo.of(indicator)
        plans = tuple(indicator_stats.plan_targets(session, indicator_id))
        planned = {p.region_id for p in plans if p.region_id is not None}
        regions = _region_choices(indicator_stats.region_counts(session, indicator_id, planned),
                                  indicator_stats.regions_with_data(session, indicator_id, limit=300))
        chosen = _pick_region(session, regions, region, planned)
        observations = tuple(indicator_stats.series(session, indicator_id, chosen.region_id)) if chosen else ()
    if chosen is not None and all(r.region_id != chosen.region_id for r in regions):
        regions = (*regions, chosen)
    year = as_of or (observations[-1][0] if observations else date.today().year)
    plan = _pick_plan(plans, plan_id, chosen)
    target = _target_line(engine, plan, indicator_id, chosen, year, cache=cache, stamp=stamp) if plan else None
    comparison = cached(cache, ("compare", indicator_id, stamp), lambda: compare_indicator(engine, indicator_id))
    return IndicatorPage(info, regions, chosen, observations, year, plans, target, comparison)


# ---- building blocks -----------------------------------------------------------------

def _stamp(engine: Engine, cache: ViewCache | None) -> tuple[int, int] | None:
    if cache is None:
        return None
    with unit_of_work(engine) as session:
        return overview.change_stamp(session)


def _region_choices(planned: list[RegionCount], with_data: list[RegionCount]) -> tuple[RegionCount, ...]:
    seen = {r.region_id for r in planned}
    return (*sorted(planned, key=lambda r: (-r.observations, r.code)),
            *(r for r in with_data if r.region_id not in seen))


def _pick_region(session, regions: tuple[RegionCount, ...], ref: str | None, planned: set[int]) -> RegionCount | None:
    if ref:
        for r in regions:
            if ref in (str(r.region_id), r.code, r.name):
                return r
        found = indicator_stats.region_by_ref(session, ref)
        if found is None:
            raise NotFoundError(f"找不到区域：{ref}", hint="请从下拉框中选择区域")
        return RegionCount(found.id, found.code, found.name, found.level, 0)
    # the plan regions come first, the one with most data leading; else most data anywhere
    return regions[0] if regions else None


def _pick_plan(plans: tuple[PlanTarget, ...], plan_id: int | None, region: RegionCount | None) -> PlanTarget | None:
    if plan_id is not None:
        mine = [p for p in plans if p.plan_id == plan_id]
        if not mine:
            raise NotFoundError("所选规划没有该指标的目标", hint="请从页面上的规划列表中选择")
        return next((p for p in mine if region is not None and p.region_id == region.region_id), mine[0])
    same = [p for p in plans if region is not None and p.region_id == region.region_id]
    for group in (same, plans):
        preferred = [p for p in group if p.doc_type in PLAN_TYPES] or list(group)
        if preferred:
            return preferred[0]
    return None


def _target_line(engine: Engine, plan: PlanTarget, indicator_id: int, region: RegionCount | None, as_of: int, *,
                 cache: ViewCache | None, stamp: tuple[int, int] | None) -> TargetLine | None:
    """The plan's final target for the indicator, evaluated for the region: the plan's own
    region keeps its stated baselines; another region is an override (baselines from its
    own observations)."""
    override = region.code if region is not None and region.region_id != plan.region_id else None
    result = plan_result(engine, plan.plan_id, as_of, region=override, cache=cache, stamp=stamp)
    mine = [t for t in result.targets if t.indicator_id == indicator_id]
    if not mine:
        return None
    finals = [t for t in mine if t.milestone_of is None] or mine
    final = max(finals, key=lambda t: (t.assessment.spec.target is not None, t.assessment.spec.target_year,
                                       -t.target_id))
    a = final.assessment
    spec = a.spec
    forecast = (spec.target_year, a.forecast.value) if a.forecast.value is not None else None
    mode = a.inputs.get("series", "level")
    judged = tuple((int(y), float(v)) for y, v in a.inputs.get("points", ()))
    return TargetLine(
        plan_id=plan.plan_id, plan_title=plan.plan_title, result=final,
        milestones=tuple(sorted(spec.milestones.items())), forecast=forecast,
        series_label="累计值" if mode in ("additions", "stock") else "实际值", series=judged,
        flags=tuple(FLAG_LABELS.get(f, f) for f in a.flags),
    )


def doc_type_label(code: str) -> str:
    try:
        return DocType(code).label
    except ValueError:
        return code
