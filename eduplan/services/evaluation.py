"""Evaluate a stored plan: load targets and observations → the pure engine → results.

The one API the CLI, reports and web app call. ``evaluate_plan_targets`` assesses one
plan for one region with the scalar engine and keeps, beside each assessment, the
database facts a report prints (section, quote, responsible units …).
``evaluate_plan_all_regions`` applies the plan's targets to every region of a level with
the vectorised engine (region comparison, benchmark).

How a ``TargetSpec`` is built from the database is documented on ``build_specs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.domain import Status
from eduplan.evaluate import Assessment, PlanEvaluation, TargetSpec, Thresholds


@dataclass(frozen=True, slots=True)
class TargetResult:
    """One evaluated target: the engine's assessment plus the facts a report needs.

    ``indicator_name`` is the dictionary name (the target's own wording when the target
    is not linked); ``target_name`` is the wording of the plan. ``chapter_*`` describe the
    top-level section holding the target, ``section_*`` the innermost one.
    ``milestone_of`` is the id of the later target of the same indicator and region this
    one is a milestone of (None for a final target). ``baseline_source`` says where the
    baseline came from: "actual_target", "target_baseline" or "observation".
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

    @property
    def status(self) -> Status:
        return self.assessment.status

    def to_dict(self) -> dict[str, Any]:
        """``Assessment.to_dict()`` plus ``id`` and ``quote``."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class SkippedTarget:
    """A target of kind "target" that could not be evaluated, and why (Chinese)."""

    target_id: int
    target_name: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlanResult:
    """A plan evaluated for one region as of a year.

    ``evaluation`` is the engine's ``PlanEvaluation``; ``targets`` runs parallel to
    ``evaluation.targets`` (``targets[i].assessment is evaluation.targets[i]``).
    ``region`` is the region evaluated when ``--region`` overrode the plan's own.
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

    def to_dict(self) -> dict[str, Any]:
        """The issue's JSON contract: {"plan", "as_of", "summary", "targets"}."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class RegionTargets:
    """One target applied to every region of a level; arrays are aligned with
    ``AllRegionsResult.region_ids`` (NaN means None; ``status`` indexes ``STATUSES``)."""

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


@dataclass(frozen=True, slots=True)
class AllRegionsResult:
    """A plan's targets applied to every region of one level.

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

    def counts_for(self, region: int | str) -> dict[Status, int]:
        """Status counts of one region (id, code or name)."""
        raise NotImplementedError


def evaluate_plan_targets(engine_or_session: Engine | Session, plan_ref: str | int, *, as_of: int,
                          region: str | None = None, thresholds: Thresholds | None = None) -> PlanResult:
    """Evaluate the targets of one plan as of the year ``as_of``.

    ``plan_ref`` is a plan id, a unique part of its title or a sha256 prefix. ``region``
    (name or code) applies the plan's targets to that region instead of their own.
    """
    raise NotImplementedError


def evaluate_plan_all_regions(engine: Engine, plan_ref: str | int, *, as_of: int, level: str = "county",
                              thresholds: Thresholds | None = None) -> AllRegionsResult:
    """Apply the plan's targets to every region of ``level`` with ``evaluate_many``."""
    raise NotImplementedError
