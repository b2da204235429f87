"""Charts: PNG for DOCX, inline SVG for HTML, nothing when there is nothing to draw, no
failure when the CJK font files are missing — and labels that cannot mislead: full names
(wrapped), distinct, clipped outliers marked, at most ``MAX_BARS`` bars a chart."""

from __future__ import annotations

import re

from eduplan.domain import Status
from eduplan.report import charts
from eduplan.report.compose import sector_reports
from tests.report.helpers import line


def test_charts_render_png_and_inline_svg(report_context):
    sector = next(x for x in report_context.sectors if charts.completion_shown(x))
    png = charts.completion_chart(sector, time_share=report_context.time_share)
    assert png.startswith(b"\x89PNG")
    svg = charts.status_chart(report_context.sectors, fmt="svg").decode("utf-8")
    assert svg.startswith("<svg") and "<text" not in svg  # text drawn as paths: no font needed to view it
    assert charts.trend_chart(report_context.lagging).startswith(b"\x89PNG")


def test_nothing_to_draw_gives_none():
    (missing,) = sector_reports([line(status=Status.NO_DATA, latest=None, completion=None)])
    assert not charts.completion_shown(missing) and charts.completion_chart(missing, time_share=0.6) is None
    assert charts.trend_chart([line(status=Status.ON_TRACK)]) is None
    assert charts.status_chart([]) is None


def test_missing_font_files_fall_back_without_failing(monkeypatch):
    monkeypatch.setattr(charts, "FONT_FILES", ("/nonexistent/NotoSansCJK-Regular.ttc",))
    charts._matplotlib.cache_clear()
    try:
        (sector,) = sector_reports([line(status=Status.ON_TRACK)])
        assert charts.completion_chart(sector, time_share=0.6).startswith(b"\x89PNG")
    finally:
        charts._matplotlib.cache_clear()


def test_labels_are_whole_wrapped_and_distinct():
    name = "公办（公益）幼儿园在园幼儿占在园幼儿总数的比例"
    wrapped = charts.wrap(name, 11)
    assert wrapped.replace("\n", "") == name and "…" not in wrapped
    lengths = [len(x) for x in wrapped.split("\n")]
    assert max(lengths) - min(lengths) <= 2  # balanced: no one-character last line
    assert charts.distinct_labels(["总投资", "总投资", "总投资"], ["一、项目", "二、项目", "二、项目"]) == \
        ["总投资（一、项目）", "总投资（二、项目）", "总投资（二、项目）（2）"]


def test_outliers_are_clipped_and_marked_inside_the_axes():
    lines = [line("甲", completion=7.73, status=Status.ACHIEVED, target_id=1),
             line("乙", completion=-1.6, status=Status.REGRESSING, target_id=2),
             line("丙", completion=0.5, status=Status.AT_RISK, target_id=3)]
    svg = charts.completion_chart(lines, time_share=0.6, fmt="svg").decode("utf-8")
    width = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    assert width <= charts.WIDTH_IN * 72 + 1  # never wider than the text width
    assert charts.bar_label(773.0) == (150.0, "773%≫")
    assert charts.bar_label(-160.0) == (-50.0, "-160%≪")
    assert charts.bar_label(60.0) == (60.0, "60%")


def test_at_most_max_bars_a_chart():
    many = [line(f"指标{i}", completion=0.5, target_id=i) for i in range(40)]
    (sector,) = sector_reports(many)
    from eduplan.report.outline import _chunks
    chunks = _chunks(sector.lines, charts.MAX_BARS)
    assert len(chunks) == 3 and all(len(c) <= charts.MAX_BARS for c in chunks)
    assert sum(len(c) for c in chunks) == 40
