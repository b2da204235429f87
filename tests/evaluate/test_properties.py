"""Hypothesis properties: monotone status, never raising, exact lines."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eduplan.domain import Comparator, Direction, IndicatorKind, Status
from eduplan.evaluate import Point, TargetSpec, evaluate_many, evaluate_target
from eduplan.evaluate.forecast import weighted_line
from eduplan.evaluate.status import STATUS_RANK

moderate = st.integers(-2000, 2000).map(lambda v: v / 10)


@st.composite
def monotone_cases(draw):
    """A target, fixed earlier points, and two candidate latest values low < high."""
    kind = draw(st.sampled_from([IndicatorKind.LEVEL, IndicatorKind.CUMULATIVE, IndicatorKind.GROWTH_RATE,
                                 IndicatorKind.MAINTAIN]))
    comparators = [">=", ">", "<=", "<", "increase", "decrease"]
    if kind is IndicatorKind.GROWTH_RATE:
        comparators = [">=", ">", "increase", "decrease"]  # a growth "cap" is not a better-is-lower goal
    comparator = Comparator(draw(st.sampled_from(comparators)))
    base, target_year = 2020, draw(st.integers(2022, 2030))
    latest_year = draw(st.integers(2021, target_year))
    baseline = draw(moderate)
    target = draw(moderate)
    milestones: dict[int, float] = {}
    if kind is IndicatorKind.LEVEL and draw(st.booleans()):
        # a path from the baseline towards the target (monotone, as plans write them)
        years = sorted(draw(st.sets(st.integers(base + 1, target_year - 1), max_size=3)))
        fractions = sorted(draw(st.lists(st.floats(0, 1), min_size=len(years), max_size=len(years))))
        milestones = {y: baseline + f * (target - baseline) for y, f in zip(years, fractions, strict=True)}
    middle = draw(st.dictionaries(st.integers(base + 1, latest_year - 1), moderate, max_size=3)) \
        if latest_year > base + 1 else {}
    low, high = sorted(draw(st.lists(moderate, min_size=2, max_size=2, unique=True)))
    spec = TargetSpec("x", target_year, comparator, target, base_year=base, kind=kind, milestones=milestones,
                      stock=draw(st.booleans()))
    earlier = [Point(base, baseline)] + [Point(y, v) for y, v in middle.items()]
    as_of = draw(st.integers(latest_year, latest_year + 2))
    return spec, earlier, latest_year, low, high, as_of


@settings(max_examples=400, deadline=None)
@given(case=monotone_cases())
def test_status_is_monotone_in_the_actual_value(case):
    spec, earlier, year, low, high, as_of = case
    a = evaluate_target(spec, [*earlier, Point(year, low)], as_of=as_of)
    b = evaluate_target(spec, [*earlier, Point(year, high)], as_of=as_of)
    assert (a.status is Status.NO_DATA) == (b.status is Status.NO_DATA), (a, b)
    if spec.better is Direction.UP:
        assert STATUS_RANK[a.status] <= STATUS_RANK[b.status], (a.reason, b.reason)
    else:
        assert STATUS_RANK[a.status] >= STATUS_RANK[b.status], (a.reason, b.reason)


finite = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def wild_specs(draw):
    return TargetSpec(
        indicator="x",
        target_year=draw(st.integers(1900, 2100)),
        comparator=draw(st.sampled_from(list(Comparator))),
        target=draw(st.one_of(st.none(), finite)),
        base_year=draw(st.one_of(st.none(), st.integers(1900, 2100))),
        baseline=draw(st.one_of(st.none(), st.builds(Point, st.integers(1900, 2100), finite))),
        kind=draw(st.sampled_from(list(IndicatorKind))),
        precision=draw(st.integers(-30, 30)),
        max_value=draw(st.one_of(st.none(), finite)),
        unit=draw(st.sampled_from([None, "%", "个"])),
        milestones=draw(st.dictionaries(st.integers(1900, 2100), finite, max_size=4)),
        stock=draw(st.booleans()),
    )


points_strategy = st.lists(st.builds(Point, st.integers(1900, 2100), finite), max_size=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=wild_specs(), points=points_strategy, as_of=st.integers(1900, 2100))
def test_evaluation_never_raises_on_finite_input(spec, points, as_of):
    a = evaluate_target(spec, points, as_of=as_of)
    json.dumps(a.to_dict(), allow_nan=False)  # no NaN or inf leaks into the JSON
    assert a.status in Status
    if spec.baseline is None:
        many = evaluate_many(spec, ["r"] * len(points), [p.year for p in points], [p.value for p in points],
                             as_of=as_of)
        json.dumps(many.row(0) if len(many) else {}, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(intercept=st.integers(-1000, 1000).map(lambda v: v / 10), slope=st.integers(-100, 100).map(lambda v: v / 10),
       years=st.sets(st.integers(2015, 2024), min_size=2, max_size=8), target_year=st.integers(2024, 2035),
       half_life=st.sampled_from([1.0, 3.0, 10.0]))
def test_forecast_of_an_exact_line_returns_the_line(intercept, slope, years, target_year, half_life):
    ys = sorted(years)
    values = [intercept + slope * (y - 2015) for y in ys]
    got = weighted_line(ys, values, at_year=target_year, half_life=half_life)
    assert got == pytest.approx(intercept + slope * (target_year - 2015), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.integers(0, 1000).map(lambda v: v / 10), min_size=2, max_size=6))
def test_rate_forecasts_stay_within_0_and_100(values):
    points = [Point(2020 + i, v) for i, v in enumerate(values)]
    assume(max(values) <= 100)
    a = evaluate_target(TargetSpec("x", 2030, ">=", 99, base_year=2020, unit="%"), points,
                        as_of=2020 + len(values) - 1)
    assert a.forecast.value is not None and 0 <= a.forecast.value <= 100
    many = evaluate_many(TargetSpec("x", 2030, ">=", 99, base_year=2020, unit="%"), np.zeros(len(points)),
                         [p.year for p in points], values, as_of=2020 + len(values) - 1)
    assert 0 <= many.forecast_value[0] <= 100
