"""The single-file HTML and the Markdown report; one status per target in every format."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from eduplan.report.context import PROBLEM_STATUSES
from eduplan.report.rows import TARGET_COLUMNS
from tests.report.docx_reading import open_docx, section_text, target_rows


class _Tables(HTMLParser):
    """Rows of every <table> as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def html(rendered) -> str:
    return rendered("html").decode("utf-8")


def test_html_is_one_offline_file(html):
    parser = _Tables()
    parser.feed(html)
    assert html.startswith("<!doctype html>") and '<html lang="zh-CN">' in html
    assert html.count("<svg") >= 3
    assert not {"script", "link", "img", "iframe"} & parser.tags
    urls = {v for k, v in parser.attrs if k in ("src", "href")}
    assert not urls, urls
    assert not re.search(r"url\((?!#)", html)  # CSS and SVG refer only to fragments inside the file


def test_html_tables_hold_the_same_cells_as_the_docx(html, rendered):
    parser = _Tables()
    parser.feed(html)
    docx_rows = target_rows(open_docx(rendered("docx")))
    html_rows = {r[0]: r for r in parser.rows if r and r[0] in docx_rows and len(r) == len(TARGET_COLUMNS)}
    assert html_rows == docx_rows


def test_markdown_has_the_headings_and_the_tables(rendered, report_context):
    md = rendered("md").decode("utf-8")
    assert md.startswith(f"# {report_context.title}\n")
    for heading in ("## 一、总体评价", "## 二、主要成效", "## 四、存在的主要问题", "## 五、下一步工作建议",
                    "### （二）学前教育"):
        assert f"\n{heading}\n" in md
    assert "| " + " | ".join(TARGET_COLUMNS) + " |" in md
    assert "| 普惠性幼儿园覆盖率 | % | 80 2020年 | ≥90 2025年 | 82 2023年 | 20% | 滞后 | 83 难达标 |" in md
    assert "图表见同一报告的 DOCX 或 HTML 版本" in md


def test_one_status_per_target_in_every_format(rendered, evaluation):
    """Nothing is lagging in one place and on track in another."""
    every = {t.target_name: t.status.label for t in evaluation.targets}
    truth = {k: v for k, v in every.items() if v != "无数据"}  # the sector tables hold the assessed targets
    doc = open_docx(rendered("docx"))
    assert {name: row[6] for name, row in target_rows(doc).items()} == truth
    parser = _Tables()
    parser.feed(rendered("html").decode("utf-8"))
    assert {r[0]: r[6] for r in parser.rows if r and r[0] in truth and len(r) == len(TARGET_COLUMNS)} == truth
    md_rows = [line.split(" | ") for line in rendered("md").decode("utf-8").splitlines() if line.startswith("| ")]
    assert {r[0][2:]: r[6] for r in md_rows if r[0][2:] in truth and len(r) == len(TARGET_COLUMNS)} == truth
    book = load_workbook(io.BytesIO(rendered("xlsx")))
    sheet = book["全部指标"]
    assert {r[3]: r[15] for r in sheet.iter_rows(min_row=4, values_only=True)} == every
    listed = {r[1].split("\n")[0] for r in book["汇总"].iter_rows(min_row=4, values_only=True)}
    problems = "".join(section_text(doc, "四、存在的主要问题", "五、下一步工作建议"))
    for t in evaluation.targets:
        acting = t.status in PROBLEM_STATUSES
        assert (t.target_name in listed) is acting
        if acting:
            assert t.target_name in problems


def test_markdown_writes_html_from_the_plan_as_text(report_context):
    """Plan text is data: a ``<script>`` in a quote or a title must not become markup in a
    Markdown viewer (the issue found it written raw)."""
    import dataclasses

    from eduplan.report.markdown import escape

    assert escape("<script>alert(1)</script> & <b>") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"
    hostile = dataclasses.replace(report_context, title="<script>alert('x')</script>示例县规划")
    from eduplan.report import render

    md = render(hostile, "md").decode("utf-8")
    assert "<script>" not in md and "&lt;script&gt;alert('x')&lt;/script&gt;示例县规划" in md
