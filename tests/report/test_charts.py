"""Charts: PNG for DOCX, inline SVG for HTML, nothing when there is nothing to draw, and no
failure when the CJK font files are missing."""

from __future__ import annotations

from eduplan.domain import Status
from eduplan.report import charts
from eduplan.report.compose import chapter_reports
from tests.report.helpers import line


def test_charts_render_png_and_inline_svg(report_context):
    chapter = report_context.chapters[0]
    png = charts.completion_chart(chapter, time_share=report_context.time_share)
    assert png.startswith(b"\x89PNG")
    svg = charts.status_chart(report_context.chapters, fmt="svg").decode("utf-8")
    assert svg.startswith("<svg") and "<text" not in svg  # text drawn as paths: no font needed to view it
    assert charts.trend_chart(report_context.lagging).startswith(b"\x89PNG")


def test_nothing_to_draw_gives_none():
    (missing,) = chapter_reports([line(status=Status.NO_DATA, latest=None, completion=None)])
    assert not charts.completion_shown(missing) and charts.completion_chart(missing, time_share=0.6) is None
    assert charts.trend_chart([line(status=Status.ON_TRACK)]) is None
    assert charts.status_chart([]) is None


def test_missing_font_files_fall_back_without_failing(monkeypatch):
    monkeypatch.setattr(charts, "FONT_FILES", ("/nonexistent/NotoSansCJK-Regular.ttc",))
    charts._matplotlib.cache_clear()
    try:
        (chapter,) = chapter_reports([line(status=Status.ON_TRACK)])
        assert charts.completion_chart(chapter, time_share=0.6).startswith(b"\x89PNG")
    finally:
        charts._matplotlib.cache_clear()
