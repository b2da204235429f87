"""Rankings of regions for 晾晒 (public comparison), with ties handled.

Competition ranking: equal values share a rank and the next rank skips (1, 2, 2, 4).
Regions that cannot be ranked (no value, stale data) come last with rank None. Within a
rank, and among the unranked, regions are listed by name so the order is stable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from eduplan.domain import Direction, Status
from eduplan.evaluate.model import Assessment
from eduplan.evaluate.status import PRECISION_RANGE


@dataclass(frozen=True, slots=True)
class RankEntry:
    region: Any
    rank: int | None
    value: float | None
    tied: bool
    targets: int  # assessments behind this entry

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "rank": self.rank, "value": self.value, "tied": self.tied,
                "targets": self.targets}


def _competition(items: Sequence[tuple[Any, Any, float | None, int]],
                 better_first: Callable[[Any], Any]) -> list[RankEntry]:
    """items: (region, tie key or None, shown value, targets) → ranked entries."""
    ranked = sorted((i for i in items if i[1] is not None), key=lambda i: (better_first(i[1]), str(i[0])))
    unranked = sorted((i for i in items if i[1] is None), key=lambda i: str(i[0]))
    keys = [i[1] for i in ranked]
    counts = Counter(keys)
    entries: list[RankEntry] = []
    rank = 0
    for position, (region, key, value, n) in enumerate(ranked, start=1):
        if position == 1 or key != keys[position - 2]:
            rank = position
        tied = counts[key] > 1
        entries.append(RankEntry(region, rank, value, tied, n))
    entries.extend(RankEntry(region, None, value, False, n) for region, _, value, n in unranked)
    return entries


def rank_by_indicator(assessments: Iterable[Assessment], *, indicator: str | None = None,
                      by: Literal["value", "completion", "pace"] = "value") -> list[RankEntry]:
    """Rank regions on one indicator (the first assessment per region is used).

    ``by="value"``: the latest value, better first by the comparator's direction
    (近视率 ≤ x: lower first), equal when equal at the indicator's precision; stale data
    is not ranked. ``by="completion"`` / ``"pace"``: P or R, higher first.
    """
    chosen: dict[Any, Assessment] = {}
    for a in assessments:
        if indicator is None or a.spec.indicator == indicator:
            chosen.setdefault(a.spec.region, a)
    items: list[tuple[Any, Any, float | None, int]] = []
    up = True
    for region, a in chosen.items():
        if by == "value":
            fresh = a.latest is not None and "stale" not in a.flags
            value = a.latest.value if fresh and a.latest is not None else None
            low, high = PRECISION_RANGE
            key = round(value, min(max(a.spec.precision, low), high)) if value is not None else None
            up = a.spec.better is Direction.UP
        else:
            value = a.completion if by == "completion" else a.pace
            key = value
        items.append((region, key, value, 1))
    return _competition(items, (lambda k: -k) if up else (lambda k: k))


def rank_by_on_track(assessments: Iterable[Assessment]) -> list[RankEntry]:
    """Rank regions by the share of their targets achieved or on track (no_data counts
    in the denominator: missing data is not rewarded). Shares compare exactly."""
    totals: dict[Any, list[int]] = {}
    for a in assessments:
        good_total = totals.setdefault(a.spec.region, [0, 0])
        good_total[0] += a.status in (Status.ACHIEVED, Status.ON_TRACK)
        good_total[1] += 1
    items = [(region, Fraction(good, total), good / total, total) for region, (good, total) in totals.items()]
    return _competition(items, lambda k: -k)
