"""The DOCX report: 公文 page, fonts, page numbers, the structure of a real 中期评估报告,
cells equal to the evaluation, tables and figures that fit the page."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from eduplan.report.context import PROBLEM_STATUSES
from eduplan.report.layout import TEXT_WIDTH_MM
from eduplan.report.rows import APPENDIX_COLUMNS, TASK_COLUMNS
from tests.report.docx_reading import number, open_docx, section_text, target_rows
from tests.report.forbidden import violations

HEADINGS = ["一、总体评价", "二、主要成效", "三、重点项目推进和投资完成情况", "四、存在的主要问题", "五、下一步工作建议",
            "附件1　规划目标清单", "附件2　监测数据来源", "附件3　重点任务推进情况"]


@pytest.fixture(scope="module")
def doc(rendered):
    return open_docx(rendered("docx"))


def texts_of(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_page_is_a4_with_gongwen_margins(doc):
    section = doc.sections[0]
    for value, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                      (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(value - Mm(mm)) < Mm(0.1)


def _east_asian(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_fonts_are_named_for_east_asian_text_and_theme_fonts_are_gone(doc):
    styles = doc.styles
    assert (_east_asian(styles["Normal"]), styles["Normal"].font.size) == ("仿宋_GB2312", Pt(16))
    assert _east_asian(styles["Heading 1"]) == "黑体" and styles["Heading 1"].font.bold is False
    assert _east_asian(styles["Heading 2"]) == "楷体_GB2312"
    assert (_east_asian(styles["Report Title"]), styles["Report Title"].font.size) == ("方正小标宋简体", Pt(22))
    assert styles["Table Text"].font.size == Pt(10.5)
    xml = styles.element.xml
    assert "asciiTheme" not in xml and "eastAsiaTheme" not in xml
    assert 'w:eastAsia="en-US"' not in xml


def test_structure_follows_a_mid_term_report(doc, report_context):
    texts = texts_of(doc)
    assert texts[0].replace("\n", "") == report_context.title and doc.paragraphs[0].style.name == "Report Title"
    assert texts[0].split("\n") == ["测试县教育事业发展“十四五”规划", "中期评估报告"]  # balanced, no orphan word
    positions = [texts.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert all(doc.paragraphs[i].style.name == "Heading 1" for i in positions)
    sectors = section_text(doc, HEADINGS[1], HEADINGS[2])
    for heading in ("（一）教育发展总体水平", "（二）学前教育", "（三）义务教育", "（四）普通高中教育"):
        assert heading in sectors
    assert not any(h in texts for h in ("（一）发展目标", "（二）主要任务"))  # not by the plan's chapters
    headers = [tuple(c.text for c in t.rows[0].cells) for t in doc.tables]
    assert TASK_COLUMNS in headers and APPENDIX_COLUMNS in headers
    assert len(doc.inline_shapes) >= 3  # status chart, sector charts, trend chart
    assert "附件：1.规划目标清单\n2.监测数据来源\n3.重点任务推进情况" in texts
    assert texts.index("年　月　日") < positions[5]  # the date line is left for the writer, before the annexes


def test_no_sentence_the_issue_found_wanting(doc):
    text = "\n".join(texts_of(doc)) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert violations(text) == []
    assert "未填报进展" in text  # task 3 has no progress report


def test_table_cells_equal_the_evaluation(doc, evaluation):
    rows = target_rows(doc)
    assessed = [t for t in evaluation.targets if t.assessment.status.value != "no_data"]
    assert set(rows) == {t.target_name for t in assessed}
    for t in assessed:
        a = t.assessment
        name, unit, base, goal, latest, completion, status, forecast = rows[t.target_name]
        assert status == a.status.label
        assert unit == (a.spec.unit or "—")
        assert goal.endswith(f"{a.spec.target_year}年")
        if a.spec.target is not None:
            assert number(goal) == pytest.approx(a.spec.target)
        assert number(latest) == pytest.approx(a.latest.value, abs=0.005)
        assert latest.endswith(f"{a.latest.year}年")
        if a.baseline is not None:
            assert number(base) == pytest.approx(a.baseline.value, abs=0.005)
        if a.completion is None:
            assert completion == "—"
        else:
            assert number(completion) == pytest.approx(a.completion * 100, abs=0.05)
        if a.forecast.value is not None:
            assert number(forecast) == pytest.approx(a.forecast.value, abs=0.5)  # in the plan's whole percents


def test_lagging_targets_are_problems_with_their_units_and_achieved_ones_are_not(doc, evaluation):
    problems = section_text(doc, HEADINGS[3], HEADINGS[4])
    text = "".join(problems)
    suggestions = "".join(section_text(doc, HEADINGS[4], HEADINGS[5]))
    for t in evaluation.targets:
        if t.status in PROBLEM_STATUSES:
            (item,) = [p for p in problems if p.startswith(f"{t.target_name}（") or f".{t.target_name}（" in p[:40]
                       or p.startswith(t.target_name)]
            assert "责任单位：" in item or "牵头单位：" in item
            assert t.target_name in suggestions
        elif t.status.value in ("on_track", "achieved"):
            assert t.target_name not in text, t.target_name
    assert "普惠性幼儿园覆盖率（牵头单位：县教育局，配合单位：县发改局）进度滞后" in text  # the plan's order
    assert "重点任务“1.扩大普惠资源”期限为2022年" in text
    assert "新增学位" in text and "无监测数据" in text


def test_appendix_is_a_compact_list_with_quotes(doc, evaluation):
    table = next(t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == APPENDIX_COLUMNS)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == [t.target_name for t in evaluation.targets]
    by_name = {r[1]: r for r in rows}
    assert by_name["普惠性幼儿园覆盖率"][3] == "普惠性幼儿园覆盖率达到90%，新增学位3000个。"
    assert by_name["普惠性幼儿园覆盖率"][2] == "≥90%\n2025年"
    assert all("\n" not in r[3] for r in rows)  # a quote is one line, never a cell per line


def test_page_numbers_alternate_sides_and_tables_keep_rows_and_repeat_headers(doc):
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left
    for t in doc.tables:
        assert t.rows[0]._tr.trPr is not None and "tblHeader" in t.rows[0]._tr.trPr.xml
        assert all("cantSplit" in r._tr.trPr.xml for r in t.rows)
        assert t.style.name == "Table Grid"


def test_no_table_or_figure_is_wider_than_the_text(doc):
    """Fails on a table or figure that overflows the page width (156 mm of A4 less the
    公文 margins)."""
    for t in doc.tables:
        widths = [int(w) / 56.7 for w in t._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
        assert sum(widths) <= TEXT_WIDTH_MM + 0.5, sum(widths)
    for shape in doc.inline_shapes:
        assert shape.width <= Mm(TEXT_WIDTH_MM)
