"""Small builders shared by the evaluation tests."""

from __future__ import annotations

from eduplan.evaluate import Point, TargetSpec, evaluate_target


def spec(**kw) -> TargetSpec:
    kw.setdefault("indicator", "指标")
    kw.setdefault("target_year", 2025)
    kw.setdefault("base_year", 2020)
    return TargetSpec(**kw)


def series(values: dict[int, float]) -> list[Point]:
    return [Point(y, v) for y, v in values.items()]


def assess(values: dict[int, float], *, as_of: int = 2023, thresholds=None, **kw):
    return evaluate_target(spec(**kw), series(values), as_of=as_of, thresholds=thresholds)
