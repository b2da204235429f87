"""Evaluate a stored plan: load targets and observations → the pure engine → results.

The one API the CLI, reports and web app call. ``evaluate_plan_targets`` assesses one
plan for one region with the scalar engine and keeps, beside each assessment, the
database facts a report prints (chapter, section, quote, responsible units …).
``evaluate_plan_all_regions`` applies the plan's targets to every region of a level with
the vectorised engine (region comparison, ``bench/evaluate.py``).

How each ``TargetSpec`` is built from the database (which targets, indicator properties,
region, baseline, milestones, units, section) is documented in ``evaluation_specs``.
Reading is read-only: no role check, no audit entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.config import Settings
from eduplan.domain import Measure, Status
from eduplan.errors import NotFoundError
from eduplan.evaluate import (
    FLAGS,
    STATUSES,
    Assessment,
    PlanEvaluation,
    Point,
    TargetSpec,
    Thresholds,
    default_thresholds,
    describe_summary,
    evaluate_many,
    evaluate_plan,
)
from eduplan.services.evaluation.growth import as_level_arrays, as_levels
from eduplan.services.evaluation.specs import (
    BuiltSpec,
    PlanFacts,
    SkippedTarget,
    build_specs,
    load_plan_facts,
    section_facts,
)
from eduplan.store.db import unit_of_work
from eduplan.store.repositories import approvals as approval_repo
from eduplan.store.repositories import observation_series
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories.regions import RegionRow

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

__all__ = [
    "AllRegionsResult",
    "PlanResult",
    "RegionTargets",
    "SkippedTarget",
    "TargetResult",
    "assess_built",
    "configured_thresholds",
    "evaluate_plan_all_regions",
    "evaluate_plan_targets",
    "target_result",
]


@dataclass(frozen=True, slots=True)
class TargetResult:
    """One evaluated target: the engine's assessment plus the facts a report needs.

    ``indicator_name`` is the dictionary name (the target's own wording when the target
    is not linked); ``target_name`` is the wording of the plan. ``chapter_*`` describe the
    top-level section holding the target, ``section_*`` the innermost one.
    ``milestone_of`` is kept for callers of the earlier contract and is always None: a
    plan's milestones are part of their target (``assessment.spec.milestones``).
    ``baseline_source`` says where the baseline came from: "actual_target",
    "target_baseline" or "observation". ``reviewed``: a person confirmed, edited or
    added the target (False only with ``include_unreviewed``).
    """

    target_id: int
    indicator_id: int | None
    indicator_name: str
    target_name: str
    indicator_guessed: bool  # kind/direction guessed from the name (target not linked)
    region_id: int | None
    region: str | None
    section_id: int | None
    section_number: str | None
    section_title: str | None
    chapter_id: int | None
    chapter_number: str | None
    chapter_title: str | None
    quote: str
    start: int | None
    end: int | None
    units: tuple[str, ...]
    milestone_of: int | None
    baseline_source: str
    assessment: Assessment
    reviewed: bool = True
    unapproved_years: tuple[int, ...] = ()  # years up to as-of whose value is used but not approved

    @property
    def status(self) -> Status:
        return self.assessment.status

    def to_dict(self) -> dict[str, Any]:
        """``Assessment.to_dict()`` with ``id`` first, then ``reviewed``, ``unapproved_years``
        (the years of values used that are not approved yet) and ``quote`` last."""
        return {"id": self.target_id, **self.assessment.to_dict(), "reviewed": self.reviewed,
                "unapproved_years": list(self.unapproved_years), "quote": self.quote}


# the columns of PlanResult.flat_rows, in order (a CSV of no rows still has its header)
FLAT_COLUMNS = ("id", "indicator", "region", "comparator", "target", "target_year", "baseline_year", "baseline_value",
                "latest_year", "latest_value", "elapsed", "completion", "pace", "status", "status_label",
                "forecast_value", "forecast_points", "forecast_meets", "flags", "rule", "section", "units", "measure",
                "direction", "reason", "milestones", "reviewed", "quote")


@dataclass(frozen=True, slots=True)
class PlanResult:
    """A plan evaluated for one region as of a year.

    ``evaluation`` is the engine's ``PlanEvaluation``; ``targets`` runs parallel to
    ``evaluation.targets`` (``targets[i].assessment is evaluation.targets[i]``).
    ``region`` is the region evaluated when ``region=`` overrode the targets' own.
    """

    plan_id: int
    plan_title: str
    plan_region: str | None
    period: tuple[int, int] | None  # (base year, end year)
    region: str | None
    as_of: int
    evaluation: PlanEvaluation
    targets: tuple[TargetResult, ...]
    skipped: tuple[SkippedTarget, ...]
    include_unreviewed: bool = False
    approved_only: bool = False  # only approved values were used

    @property
    def left_out(self) -> int:
        """Targets left out only because nobody reviewed them (the review gate)."""
        return sum(1 for s in self.skipped if s.unreviewed)

    @property
    def unreviewed(self) -> int:
        """Evaluated targets nobody reviewed (only with ``include_unreviewed``)."""
        return sum(1 for t in self.targets if not t.reviewed)

    @property
    def review_note(self) -> str | None:
        """The sentence every output prints about the review gate, or None when every
        target of the plan was reviewed and evaluated."""
        if self.left_out:
            return (f"另有{self.left_out}项目标尚未审核，未纳入本次评估（在规划页确认后纳入，"
                    f"或加 --include-unreviewed 一并评估）。")
        if self.unreviewed:
            return f"本次评估的{len(self.targets)}项目标中有{self.unreviewed}项尚未经人工审核，结果仅供参考。"
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (README "评估结果 JSON"): {"plan", "as_of", "period", "review",
        "summary", "targets"}; one entry per target (one per indicator of the plan), each
        with ``unapproved_years`` (years of values used that are not approved yet)."""
        engine = self.evaluation.to_dict()
        return {
            "plan": engine["plan"],
            "as_of": engine["as_of"],
            "period": list(self.period) if self.period else None,
            "review": {"include_unreviewed": self.include_unreviewed, "evaluated": len(self.targets),
                       "unreviewed": self.unreviewed, "left_out": self.left_out, "note": self.review_note},
            "summary": engine["summary"],
            "targets": [t.to_dict() for t in self.targets],
        }

    @property
    def unapproved_count(self) -> int:
        """Distinct (indicator, region, year) values used that are not approved."""
        return len({(t.indicator_id, t.region_id, y) for t in self.targets for y in t.unapproved_years})

    @property
    def summary_text(self) -> str:
        """The plan summary in one Chinese paragraph (时间过半、任务过半)."""
        return describe_summary(self.evaluation.summary, as_of=self.as_of)

    def flat_rows(self) -> list[dict[str, Any]]:
        """One flat dict per target for CSV/XLSX: the contract's values with nested ones
        spread out (baseline_year, latest_value, forecast_meets …), lists joined."""
        rows = []
        for t in self.targets:
            d = t.to_dict()
            rows.append({
                "id": d["id"], "indicator": d["indicator"], "region": d["region"], "comparator": d["comparator"],
                "target": d["target"], "target_year": d["target_year"], "baseline_year": d["baseline"]["year"],
                "baseline_value": d["baseline"]["value"], "latest_year": d["latest"]["year"],
                "latest_value": d["latest"]["value"], "elapsed": d["elapsed"], "completion": d["completion"],
                "pace": d["pace"], "status": d["status"], "status_label": t.status.label,
                "forecast_value": d["forecast"]["value"], "forecast_points": d["forecast"]["points"],
                "forecast_meets": d["forecast"]["meets"], "flags": ";".join(d["flags"]), "rule": d["rule"],
                "section": d["section"], "units": "、".join(d["units"]), "measure": d["measure"],
                "direction": d["direction"], "reason": d["reason"],
                "milestones": "；".join(f"{m['year']}:{m['value']}" for m in d["milestones"]),
                "reviewed": t.reviewed, "quote": t.quote,
            })
        return rows


@dataclass(frozen=True, slots=True)
class RegionTargets:
    """One target applied to every region of a level; arrays are aligned with
    ``AllRegionsResult.region_ids`` (NaN means None; ``status`` indexes ``STATUSES``;
    ``flags`` is a bitmask over ``FLAGS``). A region without any observation of the
    indicator is no_data with the flag ``no_observations``."""

    target_id: int
    indicator_id: int | None
    spec: TargetSpec
    status: NDArray[np.int8]
    completion: NDArray[np.float64]
    pace: NDArray[np.float64]
    elapsed: NDArray[np.float64]
    latest_year: NDArray[np.float64]
    latest_value: NDArray[np.float64]
    forecast_value: NDArray[np.float64]
    flags: NDArray[np.int64]

    def status_of(self, i: int) -> Status:
        return STATUSES[int(self.status[i])]


@dataclass(frozen=True, slots=True)
class AllRegionsResult:
    """A plan's targets applied to every region of one level (regions ordered by code).

    ``counts[r, s]`` is the number of targets of region ``r`` with status ``STATUSES[s]``.
    """

    plan_id: int
    plan_title: str
    as_of: int
    level: str
    region_ids: NDArray[np.int64]
    region_codes: tuple[str, ...]
    region_names: tuple[str, ...]
    counts: NDArray[np.int64]
    targets: tuple[RegionTargets, ...]
    skipped: tuple[SkippedTarget, ...]

    def index_of(self, region: int | str) -> int:
        """Position of a region given by id, code or name."""
        for i, (rid, code, name) in enumerate(zip(self.region_ids, self.region_codes, self.region_names)):
            if region in (int(rid), code, name) or str(region) in (code, name):
                return i
        raise NotFoundError(f"区域“{region}”不在本次比较的区域中")

    def counts_for(self, region: int | str) -> dict[Status, int]:
        """Status counts of one region (id, code or name)."""
        row = self.counts[self.index_of(region)]
        return {s: int(row[k]) for k, s in enumerate(STATUSES)}


def configured_thresholds(settings: Settings) -> Thresholds:
    """The default thresholds with the stale-data window of the settings (EDUPLAN_STALE_YEARS)."""
    return default_thresholds().with_overrides(stale_years=settings.stale_years)


# ---- one plan, one region --------------------------------------------------------------

def evaluate_plan_targets(engine_or_session: Engine | Session, plan_ref: str | int, *, as_of: int,
                          region: str | None = None, thresholds: Thresholds | None = None,
                          include_unreviewed: bool = False, approved_only: bool = False) -> PlanResult:
    """Evaluate the targets of one plan as of the year ``as_of``.

    ``plan_ref`` is a plan id, a unique part of its title or a sha256 prefix. ``region``
    (name or code) applies the plan's targets to that region instead of their own.
    Only reviewed targets are evaluated unless ``include_unreviewed`` (the result counts
    the ones left out). Each target says which of the values it used are not approved
    yet; ``approved_only`` uses approved values alone (数据上报与审核). About ten queries
    whatever the number of targets.
    """
    with _session(engine_or_session) as session:
        facts = load_plan_facts(session, plan_ref)
        override = _find_region(session, region) if region else None
        built, skipped = build_specs(facts, region=override, include_unreviewed=include_unreviewed)
        evaluation, targets = assess_built(session, facts, built, as_of=as_of, thresholds=thresholds,
                                           approved_only=approved_only)
    log.info("evaluated plan_id=%s as_of=%s targets=%s skipped=%s", facts.plan_id, as_of, len(targets), len(skipped))
    return PlanResult(plan_id=facts.plan_id, plan_title=facts.title, plan_region=facts.region_name,
                      period=facts.period, region=override.name if override else None, as_of=as_of,
                      evaluation=evaluation, targets=targets, skipped=tuple(skipped),
                      include_unreviewed=include_unreviewed, approved_only=approved_only)


@contextmanager
def _session(engine_or_session: Engine | Session) -> Iterator[Session]:
    if isinstance(engine_or_session, Session):
        yield engine_or_session
    else:
        with unit_of_work(engine_or_session) as session:
            yield session


def _find_region(session: Session, ref: str) -> RegionRow:
    text = ref.strip()
    found = region_repo.by_code(session, text) if text.isdigit() else None
    found = found or region_repo.by_name(session, text)
    if found is None:
        raise NotFoundError(f"找不到区域：{text}", hint="用 eduplan region list 查看已导入的区域")
    return RegionRow(found.id, found.code, found.name, found.level)


def assess_built(session: Session, facts: PlanFacts, built: Sequence[BuiltSpec], *, as_of: int,
                 thresholds: Thresholds | None = None, approved_only: bool = False
                 ) -> tuple[PlanEvaluation, tuple[TargetResult, ...]]:
    """Read the observations of each built spec's indicator and region (one query), run
    the engine on them and pair each assessment with its facts (``target_result``) and
    the years of the values it used that are not approved (all of them dropped first
    when ``approved_only``)."""
    pairs = {(b.indicator_id, b.region_id) for b in built if b.indicator_id is not None and b.region_id is not None}
    found = observation_series.points_for(session, pairs)  # type: ignore[arg-type]
    approved = approval_repo.approved_keys(session, {i for i, _ in pairs})
    if approved_only:
        found = {(i, r): [p for p in points if (i, r, p[0]) in approved] for (i, r), points in found.items()}
    items = [as_levels(b.spec, [Point(y, v, basis)
                                for y, v, basis in found.get((b.indicator_id, b.region_id), ())])  # type: ignore[arg-type]
             for b in built]
    evaluation = evaluate_plan(items, as_of=as_of, plan=facts.title, period=facts.period, thresholds=thresholds)

    def unapproved(b: BuiltSpec) -> tuple[int, ...]:
        points = found.get((b.indicator_id, b.region_id), ())  # type: ignore[arg-type]
        return tuple(p[0] for p in points if p[0] <= as_of and (b.indicator_id, b.region_id, p[0]) not in approved)

    return evaluation, tuple(replace(target_result(facts, b, a), unapproved_years=unapproved(b))
                             for b, a in zip(built, evaluation.targets, strict=True))


def target_result(facts: PlanFacts, b: BuiltSpec, a: Assessment) -> TargetResult:
    """The engine's assessment of ``b`` with the plan facts a report or a page shows."""
    chapter, inner = section_facts(facts, b.target.section_id)
    t = b.target
    return TargetResult(
        target_id=t.id, indicator_id=b.indicator_id, indicator_name=b.indicator_name, target_name=t.indicator_name,
        indicator_guessed=b.indicator_guessed, region_id=b.region_id, region=b.spec.region,
        section_id=inner.id if inner else None, section_number=inner.number if inner else None,
        section_title=inner.title if inner else None, chapter_id=chapter.id if chapter else None,
        chapter_number=chapter.number if chapter else None, chapter_title=chapter.title if chapter else None,
        quote=t.quote, start=t.start, end=t.end, units=b.spec.units, milestone_of=b.milestone_of,
        baseline_source=b.baseline_source, assessment=a, reviewed=b.reviewed,
    )


# ---- one plan, every region of a level -------------------------------------------------

NO_DATA = STATUSES.index(Status.NO_DATA)
NO_OBSERVATIONS = 1 << FLAGS.index("no_observations")


def evaluate_plan_all_regions(engine: Engine, plan_ref: str | int, *, as_of: int, level: str = "county",
                              thresholds: Thresholds | None = None, on_progress: Progress | None = None,
                              include_unreviewed: bool = False) -> AllRegionsResult:
    """Apply the plan's targets to every region of ``level`` with ``evaluate_many``.

    Baselines come from each region's own observations (a plan's stated baselines
    describe its own region). Observations are streamed one indicator at a time with a
    server-side cursor, only the years the targets can use (from the earliest base year to
    ``as_of``), so memory holds one indicator's values, never the whole table.
    """
    with unit_of_work(engine) as session:
        facts = load_plan_facts(session, plan_ref)
        regions = region_repo.of_level(session, level)
        if not regions:
            raise NotFoundError(f"没有级别为“{level}”的区域", hint="先用 eduplan region load 导入区域")
        built, skipped = build_specs(facts, stated_baselines=False, include_unreviewed=include_unreviewed)
        ids = np.array([r.id for r in regions], dtype=np.int64)
        sorter = np.argsort(ids, kind="stable")
        by_indicator: dict[int | None, list[BuiltSpec]] = {}
        for b in built:
            by_indicator.setdefault(b.indicator_id, []).append(b)
        results: dict[int, RegionTargets] = {}
        for done, (indicator_id, group) in enumerate(by_indicator.items(), 1):
            arrays = _load_indicator(session, indicator_id, group, region_ids=ids[sorter], as_of=as_of)
            for b in group:
                results[b.target.id] = _evaluate_regions(b, arrays, ids, sorter, as_of=as_of, thresholds=thresholds)
            if on_progress:
                on_progress(done, len(by_indicator))
    targets = tuple(results[b.target.id] for b in built)
    counts = np.zeros((len(ids), len(STATUSES)), dtype=np.int64)
    rows = np.arange(len(ids))
    for t in targets:
        counts[rows, t.status.astype(np.int64)] += 1
    log.info("evaluated plan_id=%s as_of=%s level=%s regions=%s targets=%s", facts.plan_id, as_of, level, len(ids),
             len(targets))
    return AllRegionsResult(plan_id=facts.plan_id, plan_title=facts.title, as_of=as_of, level=level, region_ids=ids,
                            region_codes=tuple(r.code for r in regions), region_names=tuple(r.name for r in regions),
                            counts=counts, targets=targets, skipped=tuple(skipped))


Arrays = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.object_] | None]
ADDITIVE = (Measure.CUMULATIVE, Measure.PER_YEAR, Measure.YEARLY_AMOUNT)


def _load_indicator(session: Session, indicator_id: int | None, group: list[BuiltSpec], *,
                    region_ids: NDArray[np.int64], as_of: int) -> Arrays:
    """One indicator's observations for every region, with their 填报口径 when an additive
    target needs them (``None`` otherwise: levels have none)."""
    empty: Arrays = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64), None)
    if indicator_id is None:
        return empty
    bases = [b.spec.effective_base_year for b in group]
    # the engine ignores values before the base year (cumulative additions start after it)
    first = None if any(y is None for y in bases) else min(y for y in bases if y is not None)
    chunks = list(observation_series.stream_indicator(session, indicator_id, region_ids=region_ids,
                                                      first_year=first, last_year=as_of))
    if not chunks:
        return empty
    regions = np.concatenate([c[0] for c in chunks])
    years = np.concatenate([c[1] for c in chunks])
    values = np.concatenate([c[2] for c in chunks])
    basis = None
    if any(b.spec.effective_measure in ADDITIVE for b in group):
        entered = observation_series.bases_of(session, indicator_id, first_year=first, last_year=as_of)
        if entered is not None:
            lookup = {(int(r), int(y)): str(v) for r, y, v in zip(*entered, strict=True)}
            basis = np.array([lookup.get((int(r), int(y))) for r, y in zip(regions, years, strict=True)],
                             dtype=object)
    return regions, years, values, basis


def _evaluate_regions(b: BuiltSpec, arrays: Arrays, ids: NDArray[np.int64], sorter: NDArray[np.intp], *,
                      as_of: int, thresholds: Thresholds | None) -> RegionTargets:
    n = len(ids)
    status = np.full(n, NO_DATA, dtype=np.int8)
    flags = np.full(n, NO_OBSERVATIONS, dtype=np.int64)
    floats = {name: np.full(n, np.nan) for name in
              ("completion", "pace", "elapsed", "latest_year", "latest_value", "forecast_value")}
    region_ids, years, values, basis = arrays
    region_ids, years, values = as_level_arrays(b.spec, region_ids, years, values)
    if len(region_ids):
        many = evaluate_many(b.spec, region_ids, years, values, as_of=as_of, thresholds=thresholds,
                             bases=basis if b.spec.effective_measure in ADDITIVE else None)
        at = sorter[np.searchsorted(ids, many.regions, sorter=sorter)]
        status[at] = many.status
        flags[at] = many.flags
        for name in floats:
            floats[name][at] = getattr(many, name)
    return RegionTargets(target_id=b.target.id, indicator_id=b.indicator_id, spec=b.spec, status=status,
                         flags=flags, **floats)
