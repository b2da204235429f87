"""From a stored plan to the engine's ``TargetSpec`` values.

``load_plan_facts`` reads everything a plan's evaluation needs in a handful of queries
(plan, targets, indicators, sections, units, regions); ``build_specs`` turns those facts
into specs without touching the database. The rules, in the order they apply:

Which targets
    One target per indicator: targets of kind ``target`` (``actual`` rows are reported
    values, ``context`` rows describe the plan) that head their group (``parent_id`` is
    None: ``services.plans.target_groups``), are not ``rejected`` and have a value, a
    directional comparator (提高/降低) or a binary measure (创成…). The target year is the
    target's year, else the end of the plan period. Everything else is returned as a
    ``SkippedTarget`` with the reason, so a report can list what was not evaluated.

Review gate
    Only targets a person reviewed (confirmed, edited or added by hand) are evaluated
    unless ``include_unreviewed``; the others are returned as ``SkippedTarget`` with
    ``unreviewed=True``, so every output can say how many were left out.

Measure and direction
    The target's own ``measure``/``direction`` (decided at extraction, editable in review),
    else the linked ``Indicator``'s kind (``domain.measure_of_kind``) and direction.
    kind, precision and max_value come from the linked indicator; an unlinked target gets
    them guessed from its name, unit, value and quote by ``indicator_specs.guess_spec``
    (the same guess ingest uses for new indicators) and is marked ``indicator_guessed``.

Region
    The override region when given (the plan's targets applied to that region), else
    the target's region, else the plan's region.

Baseline (the first that exists)
    1. the plan's own ``actual`` target for the same indicator and region with a year up
       to the base year (Ruian 表1's 2020 column) — when several, the one with the same
       wording, then the latest year, then the nearest in the text;
    2. the target's own ``baseline_year``/``baseline_value``;
    3. a baseline stated on one of its milestones (a plan states the 2020 value once, in
       its table, and it holds for every statement of that indicator);
    4. none: the engine takes the observation of the base year (the target's
       ``baseline_year``, else the plan's base year), else the first later one (flagged
       ``baseline_substituted``). Ingest also stores the plan's stated baselines as
       observations of its region (``services.monitoring.sources.accept_plan_baselines``).
    A stated baseline describes the plan's own region: with an override region (and for
    ``evaluate_plan_all_regions``) only rule 4 applies.

Milestones
    The group's other rows (``parent_id`` = the target) with a value, an earlier year and
    the same better direction (≥/> against ≤/<), one per year (confirmed or edited
    first, then the first stored), not rejected: {year: value}. For a yearly-amount
    target they are the amounts of the earlier years. Milestones are not evaluated as
    targets of their own: the engine judges the target against them (a missed milestone
    makes it at least lagging).

Units
    The units linked to the target (target_units), else the units of the tasks in the
    same (innermost) section.

Section
    ``spec.section`` is the chapter — the top-level section holding the target, as
    "三、主要任务" — so ``rollup_by_section`` groups by chapter; the innermost section is
    kept beside it in the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from eduplan.domain import Comparator, Direction, IndicatorKind, Measure, ReviewState, TargetKind, measure_of_kind
from eduplan.evaluate import Point, TargetSpec
from eduplan.services.dictionary.indicator_specs import guess_spec
from eduplan.store.repositories import indicators as indicator_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import targets as target_repo
from eduplan.store.repositories import tasks as task_repo
from eduplan.store.repositories.indicators import IndicatorRow
from eduplan.store.repositories.plans import SectionRow
from eduplan.store.repositories.regions import RegionRow
from eduplan.store.repositories.targets import TargetRow

DIRECTIONAL = {Comparator.INCREASE.value, Comparator.DECREASE.value}
DOWNWARD = {Comparator.AT_MOST.value, Comparator.LESS_THAN.value, Comparator.DECREASE.value}
REVIEWED = {ReviewState.CONFIRMED.value, ReviewState.EDITED.value, ReviewState.MANUAL.value}


@dataclass(frozen=True, slots=True)
class SkippedTarget:
    """A target of kind "target" that was not evaluated, and why (Chinese).
    ``unreviewed``: left out only because nobody reviewed it yet (the review gate)."""

    target_id: int
    target_name: str
    reason: str
    unreviewed: bool = False


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """What the evaluation of one plan reads from the database, as plain values."""

    plan_id: int
    title: str
    region_id: int | None
    region_name: str | None
    base_year: int | None
    period_end: int | None
    targets: tuple[TargetRow, ...]
    indicators: dict[int, IndicatorRow]
    sections: dict[int, SectionRow]
    section_units: dict[int, tuple[str, ...]]
    regions: dict[int, RegionRow]

    @property
    def period(self) -> tuple[int, int] | None:
        """(base year, end year) for τ_plan, when the plan has both."""
        if self.base_year is None or self.period_end is None:
            return None
        return self.base_year, self.period_end


@dataclass(frozen=True, slots=True)
class BuiltSpec:
    """A spec ready for the engine plus the facts it was built from."""

    target: TargetRow
    spec: TargetSpec
    indicator_id: int | None
    indicator_name: str
    indicator_guessed: bool
    region_id: int | None
    milestone_of: int | None  # always None now: milestones are part of their target
    baseline_source: str  # "actual_target", "target_baseline" or "observation"
    reviewed: bool = True


def load_plan_facts(session: Session, plan_ref: str | int) -> PlanFacts:
    """Read one plan's targets and everything around them: seven queries in all."""
    plan = plan_repo.find(session, plan_ref)
    targets = target_repo.rows(session, plan.id)
    indicators = indicator_repo.rows(session, (t.indicator_id for t in targets if t.indicator_id))
    region_ids = {t.region_id for t in targets} | {plan.region_id}
    regions = region_repo.rows(session, (r for r in region_ids if r is not None))
    region_name = regions[plan.region_id].name if plan.region_id in regions else plan.region_name
    return PlanFacts(
        plan_id=plan.id, title=plan.title, region_id=plan.region_id, region_name=region_name,
        base_year=plan.base_year, period_end=plan.period_end, targets=tuple(targets), indicators=indicators,
        sections=plan_repo.section_rows(session, plan.id),
        section_units=task_repo.section_unit_names(session, plan.id), regions=regions,
    )


# ---- building specs ---------------------------------------------------------------------

GroupKey = tuple[object, int | None]  # (indicator key, region id of the statement)
UNREVIEWED_REASON = "尚未审核（加 --include-unreviewed 或在页面上勾选“含未审核目标”纳入评估）"


def build_specs(facts: PlanFacts, *, region: RegionRow | None = None, stated_baselines: bool = True,
                include_unreviewed: bool = False) -> tuple[list[BuiltSpec], list[SkippedTarget]]:
    """Specs for the plan's evaluable targets, in text order, and the skipped ones.

    ``region`` overrides every target's region; ``stated_baselines=False`` ignores the
    plan's stated baselines (each region's baseline comes from its own observations);
    ``include_unreviewed`` lets targets nobody reviewed through the review gate.
    """
    eligible, skipped = _eligible(facts, include_unreviewed=include_unreviewed)
    children: dict[int, list[TargetRow]] = {}
    for t in facts.targets:
        if t.kind == TargetKind.TARGET and t.parent_id is not None:
            children.setdefault(t.parent_id, []).append(t)
    actuals: dict[GroupKey, list[TargetRow]] = {}
    for t in facts.targets:
        if t.kind == TargetKind.ACTUAL and t.value is not None and t.year is not None:
            actuals.setdefault(_group(facts, t), []).append(t)

    built = []
    for t, year in eligible:
        key = _group(facts, t)
        own_region = t.region_id or facts.region_id
        region_id = region.id if region is not None else own_region
        region_name = region.name if region is not None else _region_name(facts, own_region)
        use_stated = stated_baselines and (region is None or region.id == own_region)
        props = _indicator(facts, t)
        measure = _measure(t, props)
        direction = t.direction or props.direction
        base_year = t.baseline_year or facts.base_year
        group = children.get(t.id, [])
        baseline, source = (_baseline(t, year, base_year, actuals.get(key, []), group) if use_stated
                            else (None, "observation"))
        chapter, _ = section_facts(facts, t.section_id)
        spec = TargetSpec(
            indicator=t.indicator_name, target_year=year, comparator=Comparator(t.comparator),
            target=t.value, base_year=None if baseline is not None else base_year, baseline=baseline,
            kind=IndicatorKind(props.kind), direction=Direction(direction), precision=props.precision,
            max_value=props.max_value, unit=t.unit or props.unit, measure=measure,
            milestones=_milestones(t, year, direction, group), region=region_name,
            section=_label(chapter), units=t.units or facts.section_units.get(t.section_id, ()),
            key=t.id,
        )
        built.append(BuiltSpec(t, spec, t.indicator_id, props.name, props.guessed, region_id, None, source,
                               t.review_state in REVIEWED))
    return built, skipped


def _measure(t: TargetRow, props: _Props) -> Measure:
    if t.measure:
        try:
            return Measure(t.measure)
        except ValueError:
            pass
    return measure_of_kind(props.kind, t.comparator)


def _eligible(facts: PlanFacts, *, include_unreviewed: bool = False
              ) -> tuple[list[tuple[TargetRow, int]], list[SkippedTarget]]:
    eligible: list[tuple[TargetRow, int]] = []
    skipped: list[SkippedTarget] = []
    for t in facts.targets:
        if t.kind != TargetKind.TARGET or t.parent_id is not None:
            continue
        year = t.year or facts.period_end
        binary = _measure(t, _indicator(facts, t)) is Measure.BINARY
        if t.review_state == ReviewState.REJECTED:
            skipped.append(SkippedTarget(t.id, t.indicator_name, "审核时已否决"))
        elif t.value is None and t.comparator not in DIRECTIONAL and not binary:
            skipped.append(SkippedTarget(t.id, t.indicator_name, "目标没有具体数值，也不是提高或降低类目标"))
        elif year is None:
            skipped.append(SkippedTarget(t.id, t.indicator_name, "目标没有年份，规划也没有规划期"))
        elif not include_unreviewed and t.review_state not in REVIEWED:
            skipped.append(SkippedTarget(t.id, t.indicator_name, UNREVIEWED_REASON, unreviewed=True))
        else:
            eligible.append((t, year))
    return eligible, skipped


def _group(facts: PlanFacts, t: TargetRow) -> GroupKey:
    key: object = t.indicator_id if t.indicator_id is not None else ("name", t.indicator_name.strip())
    return key, t.region_id or facts.region_id


def _region_name(facts: PlanFacts, region_id: int | None) -> str | None:
    if region_id is None:
        return facts.region_name
    found = facts.regions.get(region_id)
    return found.name if found else facts.region_name


@dataclass(frozen=True, slots=True)
class _Props:
    name: str
    kind: str
    direction: str
    precision: int
    max_value: Decimal | None
    unit: str | None
    guessed: bool


def _indicator(facts: PlanFacts, t: TargetRow) -> _Props:
    row = facts.indicators.get(t.indicator_id) if t.indicator_id is not None else None
    if row is not None:
        return _Props(row.name, row.kind, row.direction, row.precision, row.max_value, row.unit, False)
    g = guess_spec(t.indicator_name, unit=t.unit, value=t.value, quote=t.quote or "")
    return _Props(t.indicator_name, g.kind, g.direction, g.precision, g.max_value, g.unit, True)


def _baseline(t: TargetRow, year: int, base_year: int | None, actuals: list[TargetRow],
              group: list[TargetRow]) -> tuple[Point | None, str]:
    """Rules 1–3 of the module docstring."""
    limit = base_year if base_year is not None else year - 1
    candidates = [a for a in actuals if a.year is not None and a.year <= limit and a.year < year]
    if candidates:
        best = max(candidates, key=lambda a: (a.indicator_name == t.indicator_name, a.year,
                                              -abs((a.start or 0) - (t.start or 0)), -a.id))
        assert best.value is not None and best.year is not None
        return Point(best.year, best.value), "actual_target"
    if t.baseline_year is not None and t.baseline_value is not None and t.baseline_year < year:
        return Point(t.baseline_year, t.baseline_value), "target_baseline"
    stated = [o for o in group if o.baseline_year is not None and o.baseline_value is not None
              and o.baseline_year <= limit and o.baseline_year < year and o.review_state != ReviewState.REJECTED]
    if stated:
        best = max(stated, key=lambda o: (o.baseline_year, -abs((o.start or 0) - (t.start or 0)), -o.id))
        assert best.baseline_year is not None and best.baseline_value is not None
        return Point(best.baseline_year, best.baseline_value), "target_baseline"
    return None, "observation"


def _better(comparator: str, direction: str) -> str:
    if comparator in DOWNWARD:
        return Direction.DOWN.value
    if comparator == Comparator.EQUAL.value:
        return direction
    return Direction.UP.value


def _milestones(t: TargetRow, year: int, direction: str, group: list[TargetRow]) -> dict[int, Decimal]:
    """The plan-stated milestones of ``t``: its group's rows of earlier years."""
    if t.comparator in DIRECTIONAL:  # 提高/降低 is judged on the sign of the change alone
        return {}
    way = _better(t.comparator, direction)
    chosen: dict[int, TargetRow] = {}
    for o in sorted(group, key=lambda o: (o.review_state not in REVIEWED, o.id)):
        if (o.year is not None and o.year < year and o.value is not None and o.comparator not in DIRECTIONAL
                and o.review_state != ReviewState.REJECTED and _better(o.comparator, direction) == way
                and o.year not in chosen):
            chosen[o.year] = o
    return {y: o.value for y, o in sorted(chosen.items()) if o.value is not None}


def section_facts(facts: PlanFacts, section_id: int | None) -> tuple[SectionRow | None, SectionRow | None]:
    """(chapter: the top-level section, innermost section) of a target."""
    inner = facts.sections.get(section_id) if section_id is not None else None
    top, seen = inner, set()
    while top is not None and top.parent_id is not None and top.parent_id in facts.sections and top.id not in seen:
        seen.add(top.id)
        top = facts.sections[top.parent_id]
    return top, inner


def _label(section: SectionRow | None) -> str | None:
    if section is None:
        return None
    return f"{section.number.strip()}{section.title.strip()}" or None
