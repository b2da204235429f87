"""From raw observations to the series one target is judged on.

Steps, in this order (the vectorised path follows the same order):

1. drop NaN/inf values (flag ``non_finite_dropped``);
2. keep years up to the reference year ``min(as_of, target_year)``: later data neither
   help nor hurt a target whose deadline has passed, and an evaluation "as of" a past
   year ignores what was not yet known;
3. one value per year: the last one given wins (flag ``duplicate_year``);
4. choose the baseline: the plan's stated ``baseline``, else the value of the base year,
   else the first later value (flag ``baseline_substituted``); values before the base
   year are ignored. No interpolation anywhere.

Cumulative targets of yearly additions use a synthetic baseline of 0 in the base year
and the running sum of the additions after it (``mode="additions"``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from eduplan.evaluate.model import Point, TargetSpec


@dataclass(frozen=True, slots=True)
class Series:
    """The values a target is judged on: ``points[0]`` is the baseline (empty if none)."""

    reference_year: int
    points: tuple[Point, ...]
    flags: frozenset[str]

    @property
    def baseline(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def reference_year(spec: TargetSpec, as_of: int) -> int:
    return min(as_of, spec.target_year)


def clean(points: Iterable[Point], ref: int, flags: set[str]) -> dict[int, float]:
    """Steps 1–3: finite values up to ``ref``, one per year (last wins), by year."""
    by_year: dict[int, float] = {}
    for p in points:
        if not math.isfinite(p.value):
            flags.add("non_finite_dropped")
            continue
        if p.year > ref:
            continue
        if p.year in by_year:
            flags.add("duplicate_year")
        by_year[p.year] = p.value
    return dict(sorted(by_year.items()))


def prepare(spec: TargetSpec, points: Iterable[Point], *, as_of: int, mode: str = "level") -> Series:
    """The series for ``spec`` as of ``as_of``; ``mode`` is "level" or "additions"."""
    flags: set[str] = set()
    ref = reference_year(spec, as_of)
    by_year = clean(points, ref, flags)
    base = spec.effective_base_year

    if mode == "additions":
        if base is None:
            if not by_year:
                return Series(ref, (), frozenset(flags))
            base = next(iter(by_year)) - 1
            flags.add("baseline_substituted")
        running = 0.0
        summed = [Point(base, 0.0)]
        for year, value in by_year.items():
            if year > base:
                running = running + value
                summed.append(Point(year, running))
        if len(summed) == 1:  # no additions reported after the base year
            return Series(ref, (), frozenset(flags))
        return Series(ref, tuple(summed), frozenset(flags))

    stated = spec.baseline
    if stated is not None and not math.isfinite(stated.value):
        flags.add("non_finite_dropped")
        stated = None
    if stated is not None and stated.year <= ref:
        baseline = stated
    else:
        later = [y for y in by_year if base is None or y >= base]
        if not later:
            return Series(ref, (), frozenset(flags))
        first = later[0]
        if base is None or first > base:
            flags.add("baseline_substituted")
        baseline = Point(first, by_year[first])
    rest = tuple(Point(y, v) for y, v in by_year.items() if y > baseline.year)
    return Series(ref, (baseline, *rest), frozenset(flags))
