"""Honest charts: bars and shares start at zero (or show a visible break), and one status
palette serves the pages, the charts and every report format."""

from __future__ import annotations

import re
from importlib.resources import files

from eduplan.domain import STATUS_COLOURS, STATUS_TINTS, Status
from eduplan.report import charts as report_charts
from eduplan.report import xlsx as report_xlsx
from eduplan.services.views.dashboard import IndicatorChoice, RegionComparison
from eduplan.store.repositories.observations import RegionValue
from eduplan.web import chart_options


def comparison(values: list[float]) -> RegionComparison:
    rows = tuple(RegionValue(i, f"县{i}", 2023, v, i, len(values)) for i, v in enumerate(values, 1))
    return RegionComparison(IndicatorChoice(1, "义务教育巩固率", "%"), 2023, "county", "县（市、区）", rows, rows[0],
                            "县1", len(rows), 30, True, 99.0, 2025, None)


def test_region_bars_start_at_zero():
    """The issue: the region comparison's axis started at 94, so 95 looked half of 99."""
    option = chart_options.region_bars(comparison([94.2, 96.5, 98.7, 99.1]))
    assert option["xAxis"]["min"] == 0 and option["xAxis"]["max"] >= 99.1
    assert "scale" not in option["xAxis"]


def test_a_high_share_axis_has_a_visible_break_from_zero():
    axis = chart_options.zero_based([94.0, 95.5, 97.0, 98.0])
    assert axis["min"] == 0 and axis["max"] >= 98
    [cut] = axis["breaks"]
    assert cut["start"] == 0 < cut["end"] <= 94 and axis["breakArea"]
    assert "breaks" not in chart_options.zero_based([12.0, 40.0, 55.0])  # spread enough: plain zero base
    assert chart_options.zero_based([-3.0, 2.0])["min"] < 0  # a growth rate may fall below zero


def test_one_palette_for_pages_charts_and_reports():
    css = (files("eduplan.web") / "static" / "app.css").read_text(encoding="utf-8")
    for status in Status:
        assert re.search(rf"--{status.value}:\s*{STATUS_COLOURS[status]};", css), status
    assert chart_options.STATUS_COLORS is STATUS_COLOURS
    assert report_charts.STATUS_COLOURS is STATUS_COLOURS
    assert report_xlsx.STATUS_FILLS == {s.label: STATUS_TINTS[s] for s in Status}
    pie = chart_options.status_pie({Status.ACHIEVED: 2, Status.LAGGING: 1})
    assert {d["itemStyle"]["color"] for d in pie["series"][0]["data"]} == {STATUS_COLOURS[Status.ACHIEVED],
                                                                          STATUS_COLOURS[Status.LAGGING]}


def test_the_html_report_draws_in_the_same_colours():
    """The HTML report's status chart (SVG from matplotlib) uses the page colours."""
    svg = report_charts.status_chart(_chapters(), fmt="svg").decode()
    for status in (Status.ACHIEVED, Status.LAGGING):
        assert STATUS_COLOURS[status].lower() in svg.lower()


def _chapters():
    from types import SimpleNamespace

    counts = {Status.ACHIEVED: 2, Status.LAGGING: 1}
    return [SimpleNamespace(label="学前教育", counts=counts, lines=(), total=3)]  # a sector of the report
