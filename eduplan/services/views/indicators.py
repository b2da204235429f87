"""The indicator screens: the dictionary with its use counts, and one indicator's page
(observations of a region, the plan's target with milestones, baseline and forecast from
the evaluation engine, the same indicator's targets in every plan, aliases).

One indicator page evaluates one plan for one region (``evaluate_plan_targets``) and
reads one series; nothing loads all observations. The dictionary list is paged, and the
observations are counted only for the indicators of the page shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.domain import Direction, IndicatorKind
from eduplan.errors import NotFoundError
from eduplan.evaluate import FLAG_LABELS, Thresholds
from eduplan.services.dictionary.indicators import Comparison, IndicatorInfo, compare_indicator, list_indicators
from eduplan.services.evaluation.results import TargetResult, assess_built
from eduplan.services.evaluation.specs import PlanFacts, build_specs, load_plan_facts
from eduplan.services.views.cache import ViewCache, cached, change_stamp
from eduplan.services.views.dashboard import PLAN_TYPES, plan_result
from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator
from eduplan.store.repositories import indicators as indicator_repo
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories.observations import RegionCount
from eduplan.store.repositories.plans import PlanTarget
from eduplan.store.repositories.regions import RegionRow

KIND_LABELS = {
    IndicatorKind.LEVEL.value: "水平值（比率、存量）",
    IndicatorKind.CUMULATIVE.value: "累计量（规划期新增）",
    IndicatorKind.GROWTH_RATE.value: "年均增长率",
    IndicatorKind.MAINTAIN.value: "保持类",
    IndicatorKind.BINARY.value: "达标类（是/否）",
}
DIRECTION_LABELS = {Direction.UP.value: "越高越好", Direction.DOWN.value: "越低越好"}
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class IndicatorListRow:
    info: IndicatorInfo
    targets: int
    observations: int


@dataclass(frozen=True, slots=True)
class IndicatorList:
    rows: list[IndicatorListRow]  # one page
    total: int  # indicators matching the filter
    page: int
    pages: int
    page_size: int
    key: tuple | None = None  # identifies this content while the database is unchanged (None: no cache)


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
    key: tuple | None = None  # the cache key this page is stored under (None: not cached)
    # where each year's value came from: (year, document or file, source document id, quote)
    sources: tuple[tuple[int, str, int | None, str | None], ...] = ()

    @property
    def plan_options(self) -> list[tuple[int, str]]:
        """(id, title) of each plan with a target for the indicator, once."""
        return list({p.plan_id: p.plan_title for p in self.plans}.items())


def indicator_table(engine: Engine, *, query: str = "", review_only: bool = False, page: int = 1,
                    page_size: int = PAGE_SIZE, cache: ViewCache | None = None) -> IndicatorList:
    """One page of the dictionary (filtered by name, alias or unit) with the number of
    targets and observations of each indicator on it."""
    stamp = change_stamp(engine, cache)
    infos = cached(cache, ("indicator-infos", stamp), lambda: list_indicators(engine))
    matching = [i for i in infos if (not review_only or i.needs_review) and _matches(i, query)]
    pages = max(1, math.ceil(len(matching) / page_size))
    page = min(max(page, 1), pages)
    shown = matching[(page - 1) * page_size: page * page_size]
    ids = tuple(i.id for i in shown)

    def count() -> dict[int, tuple[int, int]]:
        with unit_of_work(engine) as session:
            return indicator_repo.usage_counts(session, list(ids))

    counts = cached(cache, ("indicator-counts", ids, stamp), count)
    rows = [IndicatorListRow(i, *counts.get(i.id, (0, 0))) for i in shown]
    key = ("indicator-list", query.strip(), review_only, page, page_size, stamp) if cache is not None else None
    return IndicatorList(rows, len(matching), page, pages, page_size, key)


def _matches(info: IndicatorInfo, query: str) -> bool:
    q = query.strip().lower()
    return not q or q in info.name.lower() or any(q in a.lower() for a in info.aliases) \
        or q == (info.unit or "").lower()


def indicator_page(engine: Engine, indicator_id: int, *, region: str | None = None, plan_id: int | None = None,
                   as_of: int | None = None, cache: ViewCache | None = None,
                   thresholds: Thresholds | None = None) -> IndicatorPage:
    """One indicator for one region (default: the region of a plan targeting it that has
    the most observations), with the target of ``plan_id`` (default: a plan or action
    plan with a target for that region, else any plan targeting the indicator).

    With a cache the whole page is reused while the change stamp stays the same."""
    stamp = change_stamp(engine, cache)
    if cache is None:
        return _build_page(engine, indicator_id, region, plan_id, as_of, None, None, thresholds)
    key = ("indicator", indicator_id, region, plan_id, as_of, stamp)
    return cache.get(key, lambda: replace(_build_page(engine, indicator_id, region, plan_id, as_of, cache, stamp,
                                                      thresholds),
                                          key=key))


def _build_page(engine: Engine, indicator_id: int, region: str | None, plan_id: int | None, as_of: int | None,
                cache: ViewCache | None, stamp: tuple[int, int] | None, thresholds: Thresholds | None) -> IndicatorPage:
    base = cached(cache, ("indicator-base", indicator_id, stamp), lambda: _base(engine, indicator_id))
    regions = base.regions
    plan = None
    with unit_of_work(engine) as session:
        chosen = _pick_region(session, indicator_id, regions, region)
        observations = tuple(observation_repo.series(session, indicator_id, chosen.region_id)) if chosen else ()
        provenance = tuple(observation_repo.provenance(session, indicator_id, chosen.region_id)) if chosen else ()
        plan = _pick_plan(base.plans, plan_id, chosen)
        year = as_of or (observations[-1][0] if observations else _default_year(session, chosen, plan))
    if chosen is not None and all(r.region_id != chosen.region_id for r in regions):
        regions = (*regions, chosen)
    target = (_target_line(engine, plan, indicator_id, chosen, year, cache=cache, stamp=stamp, thresholds=thresholds)
              if plan else None)
    comparison = cached(cache, ("compare", indicator_id, stamp), lambda: compare_indicator(engine, indicator_id))
    return IndicatorPage(base.info, regions, chosen, observations, year, base.plans, target, comparison,
                         sources=provenance)


@dataclass(frozen=True, slots=True)
class _Base:
    """What an indicator's page shows whatever the region."""

    info: IndicatorInfo
    plans: tuple[PlanTarget, ...]
    regions: tuple[RegionCount, ...]


def _base(engine: Engine, indicator_id: int) -> _Base:
    with unit_of_work(engine) as session:
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFoundError(f"找不到编号为 {indicator_id} 的指标", hint="请从指标列表进入")
        plans = tuple(plan_repo.committing_to(session, indicator_id))
        planned = {p.region_id for p in plans if p.region_id is not None}
        regions = _region_choices(observation_repo.region_counts(session, indicator_id, planned),
                                  observation_repo.regions_with_data(session, indicator_id, limit=300))
        return _Base(IndicatorInfo.of(indicator), plans, regions)


# ---- building blocks -----------------------------------------------------------------

def _region_choices(planned: list[RegionCount], with_data: list[RegionCount]) -> tuple[RegionCount, ...]:
    seen = {r.region_id for r in planned}
    return (*sorted(planned, key=lambda r: (-r.observations, r.code)),
            *(r for r in with_data if r.region_id not in seen))


def _pick_region(session: Session, indicator_id: int, regions: tuple[RegionCount, ...],
                 ref: str | None) -> RegionCount | None:
    """The region asked for (id, code or name), else the first choice: the plan regions
    come first, the one with most data leading; else the region with most data."""
    if not ref:
        return regions[0] if regions else None
    for r in regions:
        if ref in (str(r.region_id), r.code, r.name):
            return r
    found = region_repo.by_ref(session, ref)
    if found is None:
        raise NotFoundError(f"找不到区域：{ref}", hint="请从下拉框中选择区域")
    return observation_repo.region_counts(session, indicator_id, {found.id})[0]


def _default_year(session: Session, region: RegionCount | None, plan: PlanTarget | None) -> int:
    """Without values of this indicator: the region's latest year with any observation (as
    the dashboard does), else this year kept within the plan period."""
    years = observation_repo.years_in(session, {region.region_id}) if region is not None else []
    if years:
        return years[-1]
    year = date.today().year
    period = plan_repo.period(session, plan.plan_id) if plan is not None else None
    return min(max(year, period[0]), period[1]) if period else year


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
                 cache: ViewCache | None, stamp: tuple[int, int] | None,
                 thresholds: Thresholds | None) -> TargetLine | None:
    """The plan's final target for the indicator, evaluated for the region: the plan's own
    region keeps its stated baselines; another region is an override (baselines from its
    own observations). For the plan's own region the dashboard's cached whole-plan result
    is reused; for any other region only this indicator's targets are evaluated."""
    if region is None or region.region_id == plan.region_id:
        result = plan_result(engine, plan.plan_id, as_of, cache=cache, stamp=stamp, thresholds=thresholds)
        mine = [t for t in result.targets if t.indicator_id == indicator_id]
    else:
        mine = evaluate_indicator_targets(engine, plan.plan_id, indicator_id, as_of=as_of, region=region.code,
                                          cache=cache, stamp=stamp, thresholds=thresholds)
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
        series_label={"additions": "累计值", "stock": "累计值", "amounts": "当年值"}.get(mode, "实际值"), series=judged,
        flags=tuple(FLAG_LABELS.get(f, f) for f in a.flags),
    )


def evaluate_indicator_targets(engine: Engine, plan_id: int, indicator_id: int, *, as_of: int,
                               region: str | None = None, cache: ViewCache | None = None,
                               stamp: tuple[int, int] | None = None,
                               thresholds: Thresholds | None = None) -> list[TargetResult]:
    """``evaluate_plan_targets`` restricted to one indicator, for a page about one region:
    the same specs and results (tested equal), but only this indicator's targets are built
    and evaluated and only its observations read. The plan's facts (plain values) are
    cached by plan and change stamp."""
    facts = cached(cache, ("plan-facts", plan_id, stamp), lambda: _plan_facts(engine, plan_id))
    with unit_of_work(engine) as session:
        override = None
        if region is not None:
            found = region_repo.by_ref(session, region)
            if found is None:
                raise NotFoundError(f"找不到区域：{region}")
            override = RegionRow(found.id, found.code, found.name, found.level)
        # specs are built per (indicator, region) group, so the indicator's own targets
        # (commitments and reported values) give the same specs as the whole plan
        own = replace(facts, targets=tuple(t for t in facts.targets if t.indicator_id == indicator_id))
        mine, _ = build_specs(own, region=override)
        _, results = assess_built(session, facts, mine, as_of=as_of, thresholds=thresholds)
    return list(results)


def _plan_facts(engine: Engine, plan_id: int) -> PlanFacts:
    with unit_of_work(engine) as session:
        return load_plan_facts(session, plan_id)
