"""Thresholds as configuration; comparisons with tolerance; the import contract of evaluate."""

from __future__ import annotations

import ast
import sys
from importlib import resources
from pathlib import Path

import pytest

from eduplan.domain import Comparator, Status
from eduplan.evaluate import Thresholds, default_thresholds, load_thresholds
from eduplan.evaluate.status import classify_pace, meets, round10, tolerance

EVALUATE = Path(__file__).resolve().parents[2] / "eduplan" / "evaluate"


def test_defaults_come_from_the_commented_yaml():
    th = default_thresholds()
    assert th == Thresholds(on_track=0.95, at_risk=0.60, lagging=0.0, stale_years=2, forecast_half_life=3.0)
    text = resources.files("eduplan.evaluate").joinpath("thresholds.yaml").read_text(encoding="utf-8")
    assert text.startswith("#") and "on_track: 0.95" in text


def test_overrides_and_files(tmp_path):
    assert load_thresholds(on_track=0.9).on_track == 0.9
    path = tmp_path / "plan.yaml"
    path.write_text("on_track: 0.9\nat_risk: 0.5\nlagging: 0\nstale_years: 3\nforecast_half_life: 2\n")
    th = load_thresholds(path, stale_years=1)
    assert (th.on_track, th.at_risk, th.stale_years, th.forecast_half_life) == (0.9, 0.5, 1, 2.0)


@pytest.mark.parametrize("changes, message", [
    pytest.param(dict(at_risk=0.99), "on_track ≥ at_risk ≥ lagging", id="out-of-order"),
    pytest.param(dict(stale_years=-1), "stale_years", id="negative-lag"),
    pytest.param(dict(forecast_half_life=0), "forecast_half_life", id="zero-half-life"),
    pytest.param(dict(colour="red"), "unknown", id="unknown-key"),
])
def test_bad_thresholds_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        load_thresholds(**changes)


def test_bad_file_names_the_key(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("on_track: 0.9\n")
    with pytest.raises(ValueError, match="missing key"):
        load_thresholds(path)


@pytest.mark.parametrize("pace, status", [
    (0.95, Status.ON_TRACK), (0.9499999999, Status.AT_RISK), (0.6, Status.AT_RISK),
    (0.5999999999, Status.LAGGING), (0.0, Status.LAGGING), (-0.0, Status.LAGGING),
    (-0.0000000001, Status.REGRESSING), (7.0, Status.ON_TRACK),
])
def test_classify_lower_bounds_inclusive(pace, status):
    assert classify_pace(pace, default_thresholds()) is status


def test_round10_lands_boundaries_exactly():
    naive = (38.062 - 0.1) / (100 - 0.1) / 0.4  # P/τ computed in two divisions
    assert naive == 0.9499999999999998 and round10(naive) == 0.95
    assert round10(float("inf")) == float("inf")


@pytest.mark.parametrize("value, comparator, target, expected", [
    (99.95, ">=", 100, False), (100, ">=", 100, True),  # met exactly as written: no tolerance
    (97.96, ">=", 98, False), (15.20, ">=", 15.22, False), (15.22, ">=", 15.22, True),
    (100.05, "<=", 100, False), (100, "<=", 100, True),
    (95.05, ">", 95, True), (95, ">", 95, False),
    (94.99, "<", 95, True), (95, "<", 95, False),
    (17, "=", 17, True), (17.04, "=", 17, False),
    (0.1 + 0.2, ">=", 0.3, True), (0.1 + 0.2, "=", 0.3, True),  # float error never decides
    (1, "increase", 0, False),
])
def test_meets_exactly_as_written(value, comparator, target, expected):
    assert tolerance(1) == 0.0
    assert meets(value, target, Comparator(comparator), tolerance(1)) is expected


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(EVALUATE.glob("*.py")), ids=lambda p: p.name)
def test_evaluate_imports_only_domain_stdlib_numpy_yaml(path):
    for name in _imports(path):
        top = name.split(".")[0]
        if top == "eduplan":
            assert name == "eduplan.domain" or name.startswith("eduplan.evaluate"), f"{path.name} imports {name}"
        else:
            assert top in sys.stdlib_module_names or top in {"numpy", "yaml"}, f"{path.name} imports {name}"
