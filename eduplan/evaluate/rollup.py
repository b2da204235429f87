"""Roll-ups of assessments: counts per status, by chapter, responsible unit or region; the
plan-level line "时间过半、任务过半" and the sentences a report prints about it.

Task share (the "任务" of 时间过半、任务过半) is the median completion P of the assessable
targets: an achieved target counts as 1 (done), others as min(P, 1); targets with no_data
or without a completion share (maintain, directional) stay out of the median.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eduplan.domain import Status
from eduplan.evaluate.model import STATUSES, Assessment, PlanSummary
from eduplan.evaluate.status import round10


def count_statuses(assessments: Iterable[Assessment]) -> dict[Status, int]:
    """Counts for every status (zeros included), in the order of ``Status``."""
    counts = dict.fromkeys(STATUSES, 0)
    for a in assessments:
        counts[a.status] += 1
    return counts


def time_share(as_of: int, start: int, end: int) -> float | None:
    """τ_plan = (as_of − start) / (end − start), kept within [0, 1]; None for an empty period.

    ``start`` is the plan's base year (2020 for a 十四五 plan), so at the end of 2023 a
    2021–2025 plan is 60% through.
    """
    if end <= start:
        return None
    return round10(min(max((as_of - start) / (end - start), 0.0), 1.0))


def task_value(a: Assessment) -> float | None:
    """This target's contribution to the task share, or None if it cannot contribute."""
    if a.status is Status.NO_DATA:
        return None
    if a.status is Status.ACHIEVED:
        return 1.0
    if a.completion is None:
        return None
    return min(a.completion, 1.0)


def median_completion(assessments: Iterable[Assessment]) -> tuple[float | None, int]:
    """(median task value, number of targets that entered it)."""
    values = [v for a in assessments if (v := task_value(a)) is not None]
    if not values:
        return None, 0
    return round10(statistics.median(values)), len(values)


def summarise(assessments: Iterable[Assessment], *, as_of: int, period: tuple[int, int] | None) -> PlanSummary:
    items = list(assessments)
    median, assessed = median_completion(items)
    elapsed = time_share(as_of, *period) if period is not None else None
    return PlanSummary(elapsed=elapsed, median_completion=median, counts=count_statuses(items), assessed=assessed)


@dataclass(frozen=True, slots=True)
class Rollup:
    """One group of targets (a chapter, a responsible unit, a region).

    ``on_track_share`` is (achieved + on_track) / total, no_data included in the total.
    """

    key: str | None
    counts: dict[Status, int]
    total: int
    median_completion: float | None
    on_track_share: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "counts": {s.value: n for s, n in self.counts.items()},
            "total": self.total,
            "median_completion": self.median_completion,
            "on_track_share": self.on_track_share,
        }


def rollup_by(assessments: Iterable[Assessment], keys: Callable[[Assessment], Iterable[str | None]]) -> list[Rollup]:
    """Group by ``keys(a)`` (a target may belong to several groups), in order of first appearance."""
    groups: dict[str | None, list[Assessment]] = {}
    for a in assessments:
        for key in keys(a):
            groups.setdefault(key, []).append(a)
    result = []
    for key, members in groups.items():
        counts = count_statuses(members)
        good = counts[Status.ACHIEVED] + counts[Status.ON_TRACK]
        result.append(Rollup(key, counts, len(members), median_completion(members)[0],
                             round10(good / len(members))))
    return result


def rollup_by_section(assessments: Iterable[Assessment]) -> list[Rollup]:
    """By chapter (``spec.section``); targets without a section are grouped under None."""
    return rollup_by(assessments, lambda a: [a.spec.section])


def rollup_by_unit(assessments: Iterable[Assessment]) -> list[Rollup]:
    """By responsible unit; a target with several units counts in each, one without under None."""
    return rollup_by(assessments, lambda a: list(a.spec.units) or [None])


def rollup_by_region(assessments: Iterable[Assessment]) -> list[Rollup]:
    return rollup_by(assessments, lambda a: [a.spec.region])


def describe_counts(counts: dict[Status, int]) -> str:
    """"12项指标中3项已实现、5项符合或快于预期、2项滞后、2项无数据。" — only non-zero counts."""
    total = sum(counts.values())
    if total == 0:
        return "没有需要评估的指标。"
    present = [(s, n) for s in STATUSES if (n := counts.get(s, 0))]
    if len(present) == 1:
        return f"{total}项指标均{present[0][0].label}。"
    parts = "、".join(f"{n}项{s.label}" for s, n in present)
    return f"{total}项指标中{parts}。"


def _percents(a: float, b: float) -> tuple[str, str]:
    """Both shares as percentages with enough decimals that unequal values look unequal."""
    for digits in range(0, 4):
        sa, sb = f"{a * 100:.{digits}f}%", f"{b * 100:.{digits}f}%"
        if (sa == sb) == (a == b):
            return sa, sb
    return f"{a * 100:.4f}%", f"{b * 100:.4f}%"


def describe_summary(summary: PlanSummary, *, as_of: int) -> str:
    """The plan-level paragraph: counts, then time share against task share.

    Claims only what the numbers show: "实现了“时间过半、任务过半”" only when at least
    half the period has passed, the median completion is at least one half and at least
    the time share.
    """
    text = f"截至{as_of}年，{describe_counts(dict(summary.counts))}"
    tau, median, k = summary.elapsed, summary.median_completion, summary.assessed
    if median is None:
        return text + "暂无可计算完成程度的指标，无法判断任务进度。"
    if tau is None:
        return text + f"{k}项可评估指标完成程度的中位数为{_percents(median, median)[0]}。"
    shown_tau, shown_median = _percents(tau, median)
    if median >= tau:
        verdict = "实现了“时间过半、任务过半”" if tau >= 0.5 and median >= 0.5 else "任务进度不慢于时间进度"
    elif tau >= 0.5 and median < 0.5:
        verdict = "任务进度慢于时间进度，未实现“时间过半、任务过半”"
    else:
        verdict = "任务进度慢于时间进度"
    return text + f"规划期时间进度为{shown_tau}，{k}项可评估指标完成程度的中位数为{shown_median}，{verdict}。"
