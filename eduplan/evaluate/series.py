"""From raw observations to the series one target is judged on.

Steps, in this order (the vectorised path follows the same order):

1. drop NaN/inf values (flag ``non_finite_dropped``);
2. the reference year: ``as_of`` before the deadline T; once the deadline is reached
   (as_of ≥ T), T itself when it has a value, else the first later year with one (flag
   ``late_evidence``; the deadline's own value is the evidence, later data neither help
   nor hurt when it exists), else T. Keep years up to the reference year;
3. one value per year: the last one given wins (flag ``duplicate_year``);
4. by mode:

   * ``level``: the baseline is the plan's stated ``baseline``, else the value of the base
     year, else the first later value (flag ``baseline_substituted``); values before the
     base year are ignored. No interpolation anywhere.
   * ``additions`` (cumulative targets): a synthetic baseline of 0 in the base year and
     the running total after it. A value entered as a running total (``basis`` total)
     *is* the running total; a yearly addition adds to it. A total lower than the
     running total before it is ignored (flag ``total_fell``).
   * ``changes`` (每年降低/提高N个百分点): each year's change of the level from the year
     before, turned so that the goal's way is positive; no baseline point.
   * ``amounts`` (per_year and yearly_amount targets): one amount per year after the
     base year, no baseline point. A running total gives the difference from the
     previous year's total; without that year the amount is unknown (flag
     ``amount_unknown``) and the year is left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from eduplan.domain import Direction, EntryBasis
from eduplan.evaluate.model import Point, TargetSpec
from eduplan.evaluate.status import round10


@dataclass(frozen=True, slots=True)
class Series:
    """The values a target is judged on: ``points[0]`` is the baseline (empty if none;
    in ``amounts`` mode every point is a yearly amount and there is no baseline)."""

    reference_year: int
    points: tuple[Point, ...]
    flags: frozenset[str]

    @property
    def baseline(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def reference_year(spec: TargetSpec, as_of: int, years: Iterable[int] = ()) -> int:
    """Step 2: the last year a target is judged on (``years``: years with a finite value)."""
    T = spec.target_year
    if as_of < T:
        return as_of
    later = [y for y in years if T <= y <= as_of]
    return min(later) if later else T


def clean(points: Iterable[Point], ref: int, flags: set[str]) -> dict[int, Point]:
    """Step 3: finite values up to ``ref``, one per year (last wins), by year."""
    by_year: dict[int, Point] = {}
    for p in points:
        if p.year > ref:
            continue
        if p.year in by_year:
            flags.add("duplicate_year")
        by_year[p.year] = p
    return dict(sorted(by_year.items()))


def prepare(spec: TargetSpec, points: Iterable[Point], *, as_of: int, mode: str = "level") -> Series:
    """The series for ``spec`` as of ``as_of``; ``mode`` is "level", "additions" or "amounts"."""
    flags: set[str] = set()
    finite: list[Point] = []
    for p in points:
        if math.isfinite(p.value):
            finite.append(p)
        else:
            flags.add("non_finite_dropped")
    ref = reference_year(spec, as_of, (p.year for p in finite))
    if ref > spec.target_year:
        flags.add("late_evidence")
    by_year = clean(finite, ref, flags)
    base = spec.effective_base_year
    if mode == "additions":
        return _additions(by_year, base, ref, flags)
    if mode == "amounts":
        return _amounts(by_year, base, ref, flags)
    if mode == "changes":
        return _changes(by_year, base, ref, flags, sign=-1.0 if spec.direction is Direction.DOWN else 1.0)
    return _level(spec, by_year, base, ref, flags)


def _changes(by_year: dict[int, Point], base: int | None, ref: int, flags: set[str], *, sign: float) -> Series:
    """Each year's change of the level from the year before (× −1 when a fall is the goal),
    for the years after the base year; a year without the year before is left out
    (flag ``amount_unknown``)."""
    out: list[Point] = []
    for year, p in by_year.items():
        if base is not None and year <= base:
            continue
        before = by_year.get(year - 1)
        if before is None:
            if base is None or year - 1 >= base:
                flags.add("amount_unknown")
            continue
        out.append(Point(year, round10(sign * (p.value - before.value))))
    return Series(ref, tuple(out), frozenset(flags))


def _level(spec: TargetSpec, by_year: dict[int, Point], base: int | None, ref: int, flags: set[str]) -> Series:
    stated = spec.baseline
    if stated is not None and not math.isfinite(stated.value):
        flags.add("non_finite_dropped")
        stated = None
    if stated is not None and stated.year <= ref:
        baseline = Point(stated.year, stated.value)
    else:
        later = [y for y in by_year if base is None or y >= base]
        if not later:
            return Series(ref, (), frozenset(flags))
        first = later[0]
        if base is None or first > base:
            flags.add("baseline_substituted")
        baseline = Point(first, by_year[first].value)
    rest = tuple(Point(y, p.value) for y, p in by_year.items() if y > baseline.year)
    return Series(ref, (baseline, *rest), frozenset(flags))


def _start(by_year: dict[int, Point], base: int | None, flags: set[str]) -> int | None:
    """The year additions count from: the base year, else the year before the first value."""
    if base is not None:
        return base
    if not by_year:
        return None
    flags.add("baseline_substituted")
    return next(iter(by_year)) - 1


def _additions(by_year: dict[int, Point], base: int | None, ref: int, flags: set[str]) -> Series:
    start = _start(by_year, base, flags)
    if start is None:
        return Series(ref, (), frozenset(flags))
    running = 0.0
    summed = [Point(start, 0.0)]
    for year, p in by_year.items():
        if year <= start:
            continue
        if p.basis is EntryBasis.TOTAL:
            if p.value < running:
                flags.add("total_fell")
            else:
                running = p.value
        else:
            running = running + p.value
        summed.append(Point(year, running))
    if len(summed) == 1:  # nothing reported after the base year
        return Series(ref, (), frozenset(flags))
    return Series(ref, tuple(summed), frozenset(flags))


def _amounts(by_year: dict[int, Point], base: int | None, ref: int, flags: set[str]) -> Series:
    start = _start(by_year, base, flags)
    if start is None:
        return Series(ref, (), frozenset(flags))
    running: float | None = 0.0
    previous = start
    out: list[Point] = []
    for year, p in by_year.items():
        if year <= start:
            continue
        if p.basis is EntryBasis.TOTAL:
            if running is None or previous != year - 1:
                flags.add("amount_unknown")
            else:
                out.append(Point(year, p.value - running))
            running = p.value
        else:
            out.append(Point(year, p.value))
            running = None if running is None or previous != year - 1 else running + p.value
        previous = year
    return Series(ref, tuple(out), frozenset(flags))
