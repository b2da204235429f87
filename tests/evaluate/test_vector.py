"""evaluate_many (numpy) against evaluate_target (scalar) on hand-made and random data."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eduplan.domain import Comparator, IndicatorKind, Measure, Status
from eduplan.evaluate import Point, TargetSpec, evaluate_many, evaluate_target
from eduplan.evaluate.rules import compound
from tests.evaluate.helpers import spec


def scalar_rows(s: TargetSpec, regions, years, values, as_of: int, bases=None) -> dict:
    """The scalar assessment of each region, its points in input order."""
    by_region: dict = {}
    bases = bases if bases is not None else [None] * len(regions)
    for r, y, v, b in zip(regions, years, values, bases, strict=True):
        by_region.setdefault(r, []).append(Point(int(y), float(v), b))
    return {r: evaluate_target(s, pts, as_of=as_of) for r, pts in by_region.items()}


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _goal(s: TargetSpec, row: dict) -> float | None:
    if s.is_directional:
        return row["baseline"]["value"]
    if s.effective_measure is Measure.GROWTH_RATE:
        return compound(row["baseline"]["value"], s.target, s.target_year - row["baseline"]["year"])
    return s.target


def assert_same(s: TargetSpec, regions, years, values, as_of: int, bases=None) -> None:
    many = evaluate_many(s, np.asarray(regions), np.asarray(years), np.asarray(values, dtype=float), as_of=as_of,
                         bases=bases)
    expected = scalar_rows(s, regions, years, values, as_of, bases)
    assert len(many) == len(expected)
    for i, region in enumerate(many.regions.tolist()):
        want = expected[region].to_dict()
        got = many.row(i)
        context = f"region {region}: scalar {want} vector {got}"
        for key in ("status", "rule", "flags", "baseline", "latest"):
            assert got[key] == want[key], context
        for key in ("elapsed", "completion", "pace"):
            assert _close(got[key], want[key]), context
        fg, fw = got["forecast"], want["forecast"]
        assert fg["points"] == fw["points"], context
        assert _close(fg["value"], fw["value"]), context
        if fg["meets"] != fw["meets"]:  # only where the forecast sits on the goal within float error
            goal = _goal(s, want)
            assert goal is not None and math.isclose(fw["value"], goal, rel_tol=1e-9, abs_tol=1e-6), context


@pytest.mark.parametrize("kw", [
    pytest.param(dict(target=100), id="level"),
    pytest.param(dict(comparator="<=", target=47, milestones={2021: 51, 2023: 49}), id="milestones"),
    pytest.param(dict(kind="maintain", target=100), id="maintain"),
    pytest.param(dict(kind="cumulative", target=30), id="cumulative-additions"),
    pytest.param(dict(kind="cumulative", target=30, stock=True), id="cumulative-stock"),
    pytest.param(dict(kind="cumulative", comparator="<=", target=30), id="cumulative-cap"),
    pytest.param(dict(kind="growth_rate", target=5), id="growth"),
    pytest.param(dict(kind="binary", target=1), id="binary"),
    pytest.param(dict(comparator="increase"), id="directional"),
    pytest.param(dict(measure="rank", comparator="<=", target=30), id="rank"),
    pytest.param(dict(measure="per_year", target=50), id="per-year"),
    pytest.param(dict(measure="yearly_amount", target=50, milestones={2021: 40, 2022: 45}), id="yearly-amount"),
    pytest.param(dict(target=60, milestones={2022: 55}), id="milestone-missed"),
    pytest.param(dict(target=60, target_year=2022), id="deadline-passed"),
])
def test_hand_made_regions(kw):
    data = [  # region, year, value
        ("甲", 2020, 50), ("甲", 2023, 56), ("乙", 2021, 52), ("乙", 2022, 0), ("乙", 2023, 60),
        ("丙", 2020, 100), ("丙", 2023, 99.96), ("丁", 2020, 1), ("丁", 2020, 2), ("戊", 2018, 40),
        ("己", 2020, 0), ("己", 2021, 1), ("庚", 2020, float("nan")), ("庚", 2022, 48),
    ]
    regions, years, values = zip(*data, strict=True)
    assert_same(spec(**kw), regions, years, values, 2023)


def test_rejects_a_stated_baseline():
    with pytest.raises(ValueError, match="baseline"):
        evaluate_many(spec(target=1, baseline=Point(2020, 1)), ["a"], [2020], [1.0], as_of=2023)


def test_empty_input():
    many = evaluate_many(spec(target=1), [], [], [], as_of=2023)
    assert len(many) == 0 and many.counts()[Status.NO_DATA] == 0


# ---- random data -------------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-5, 120).map(float),
    st.integers(-50, 1200).map(lambda v: v / 10),
    st.sampled_from([0.0, 1.0, 100.0, 99.96, 0.05]),
)


@st.composite
def target_specs(draw) -> TargetSpec:
    kind = draw(st.sampled_from(list(IndicatorKind)))
    comparator = draw(st.sampled_from(list(Comparator)))
    target_year = draw(st.integers(2016, 2030))
    return TargetSpec(
        indicator="x",
        target_year=target_year,
        comparator=comparator,
        target=draw(st.one_of(st.none(), numbers)) if draw(st.integers(0, 9)) == 0 else draw(numbers),
        base_year=draw(st.one_of(st.none(), st.integers(2014, 2026))),
        kind=kind,
        precision=draw(st.integers(0, 2)),
        milestones=draw(st.dictionaries(st.integers(2014, 2031), numbers, max_size=4)),
        stock=draw(st.booleans()),
        unit=draw(st.sampled_from([None, "%", "个"])),
        max_value=draw(st.sampled_from([None, 100.0, 130.0])),
        measure=draw(st.one_of(st.none(), st.sampled_from(list(Measure)))),
    )


observations = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.integers(2012, 2031),
              st.one_of(numbers, st.just(float("nan"))), st.sampled_from([None, "addition", "total"])),
    max_size=40,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s=target_specs(), obs=observations, as_of=st.integers(2014, 2032), with_bases=st.booleans())
def test_vector_equals_scalar_on_random_data(s, obs, as_of, with_bases):
    regions = [o[0] for o in obs]
    years = [o[1] for o in obs]
    values = [o[2] for o in obs]
    bases = [o[3] for o in obs] if with_bases else None
    assert_same(s, regions, years, values, as_of, bases)


@pytest.mark.parametrize("kw", [
    pytest.param(dict(target=95.0, unit="%"), id="level"),
    pytest.param(dict(comparator="<=", target=40.0, milestones={2022: 48.0, 2024: 44.0}), id="milestones"),
    pytest.param(dict(kind="growth_rate", target=3.0), id="growth"),
    pytest.param(dict(kind="cumulative", target=800.0, stock=True), id="cumulative-stock"),
    pytest.param(dict(kind="maintain", target=97.0), id="maintain"),
])
def test_vector_equals_scalar_on_seeded_counties(kw):
    # 300 counties × 2019–2025 with gaps, duplicates and NaNs, random order
    rng = np.random.default_rng(7)
    n = 300
    regions = np.repeat(np.arange(n), 7)
    years = np.tile(np.arange(2019, 2026), n)
    values = np.round(rng.normal(50, 30, size=len(years)), 1)
    keep = rng.random(len(years)) > 0.15
    values[rng.random(len(years)) < 0.02] = np.nan
    regions, years, values = regions[keep], years[keep], values[keep]
    extra = rng.integers(0, len(years), size=50)  # duplicated (region, year) rows
    regions, years = np.concatenate([regions, regions[extra]]), np.concatenate([years, years[extra]])
    values = np.concatenate([values, np.round(rng.normal(50, 30, size=50), 1)])
    order = rng.permutation(len(years))
    assert_same(spec(**kw), regions[order], years[order], values[order], 2024)


def test_three_thousand_counties_is_fast():
    # 3,000 counties × 10 years in well under a second per target (the benchmark runs 300 targets)
    rng = np.random.default_rng(1)
    regions = np.repeat(np.arange(3000), 10)
    years = np.tile(np.arange(2016, 2026), 3000)
    values = rng.uniform(0, 100, size=len(years))
    s = spec(target=95.0, base_year=2016, unit="%", milestones={2020: 80.0})
    evaluate_many(s, regions, years, values, as_of=2025)  # warm-up
    start = time.perf_counter()
    many = evaluate_many(s, regions, years, values, as_of=2025)
    assert time.perf_counter() - start < 0.5
    assert sum(many.counts().values()) == 3000
