"""The pure evaluation engine: targets and observations in, assessments out.

No database, no settings, no clock, no I/O in the arithmetic (``thresholds.yaml`` is read
once by ``default_thresholds``); ``as_of`` is always a parameter. Imports only
``eduplan.domain`` from the package.
"""

from eduplan.evaluate.engine import evaluate_plan, evaluate_target
from eduplan.evaluate.model import (
    FLAG_LABELS,
    FLAGS,
    RULES,
    STATUSES,
    Assessment,
    Forecast,
    PlanEvaluation,
    PlanSummary,
    Point,
    TargetSpec,
)
from eduplan.evaluate.progress import milestones_from_step
from eduplan.evaluate.ranking import RankEntry, rank_by_indicator, rank_by_on_track
from eduplan.evaluate.rollup import (
    Rollup,
    count_statuses,
    describe_counts,
    describe_summary,
    rollup_by,
    rollup_by_region,
    rollup_by_section,
    rollup_by_unit,
    summarise,
    time_share,
)
from eduplan.evaluate.thresholds import Thresholds, default_thresholds, load_thresholds
from eduplan.evaluate.vector import ManyResult, evaluate_many

__all__ = [
    "FLAGS",
    "FLAG_LABELS",
    "RULES",
    "STATUSES",
    "Assessment",
    "Forecast",
    "ManyResult",
    "PlanEvaluation",
    "PlanSummary",
    "Point",
    "RankEntry",
    "Rollup",
    "TargetSpec",
    "Thresholds",
    "count_statuses",
    "default_thresholds",
    "describe_counts",
    "describe_summary",
    "evaluate_many",
    "evaluate_plan",
    "evaluate_target",
    "load_thresholds",
    "milestones_from_step",
    "rank_by_indicator",
    "rank_by_on_track",
    "rollup_by",
    "rollup_by_region",
    "rollup_by_section",
    "rollup_by_unit",
    "summarise",
    "time_share",
]
