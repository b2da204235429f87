"""The DOCX report: 公文 page and fonts, structure, and cells equal to the evaluation."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from eduplan.report.context import PROBLEM_STATUSES
from eduplan.report.rows import APPENDIX_COLUMNS, PROJECT_COLUMNS, TASK_COLUMNS
from eduplan.report.sentences import STATUS_WORDS
from tests.report.docx_reading import number, open_docx, section_text, target_rows

HEADINGS = ["一、主要目标任务进展情况", "二、存在的主要问题", "三、下一步工作建议", "附件　规划目标清单"]


@pytest.fixture(scope="module")
def doc(rendered):
    return open_docx(rendered("docx"))


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
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == report_context.title and doc.paragraphs[0].style.name == "Report Title"
    positions = [texts.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert all(doc.paragraphs[i].style.name == "Heading 1" for i in positions)
    assert "（一）发展目标" in texts and "（三）重点任务推进情况" in texts and "（四）重大建设项目进展情况" in texts
    assert report_context.summary_text in texts
    headers = [tuple(c.text for c in t.rows[0].cells) for t in doc.tables]
    assert TASK_COLUMNS in headers and PROJECT_COLUMNS in headers and APPENDIX_COLUMNS in headers
    assert len(doc.inline_shapes) >= 3  # status chart, chapter charts, trend chart
    assert texts[-1] != ""  # appendix table is last, nothing dangling
    assert "2024年3月1日" in texts


def test_table_cells_equal_the_evaluation(doc, evaluation):
    rows = target_rows(doc)
    assert len(rows) == len(evaluation.targets)
    for t in evaluation.targets:
        a = t.assessment
        name, unit, base, goal, latest, completion, status, forecast = rows[t.target_name]
        assert status == a.status.label
        assert unit == (a.spec.unit or "—")
        assert goal.endswith(f"{a.spec.target_year}年")
        if a.spec.target is not None:
            assert number(goal) == pytest.approx(a.spec.target)
        if a.latest is None:
            assert latest == "—"
        else:
            assert number(latest) == pytest.approx(a.latest.value, abs=0.005)
            assert latest.endswith(f"{a.latest.year}年")
        if a.baseline is not None:
            assert number(base) == pytest.approx(a.baseline.value, abs=0.005)
        if a.completion is None:
            assert completion == "—"
        else:
            assert number(completion) == pytest.approx(a.completion * 100, abs=0.05)
        if a.forecast.value is not None:
            assert number(forecast) == pytest.approx(a.forecast.value, abs=0.005)


def test_every_target_needing_action_is_in_problems_and_suggestions(doc, evaluation):
    problems = "".join(section_text(doc, HEADINGS[1], HEADINGS[2]))
    suggestions = "".join(section_text(doc, HEADINGS[2], HEADINGS[3]))
    for t in evaluation.targets:
        if t.status in PROBLEM_STATUSES:
            assert f"{t.target_name}{STATUS_WORDS[t.status]}：" in problems
            assert t.target_name in suggestions
        elif t.status.value in ("on_track", "achieved"):
            assert t.target_name not in problems, t.target_name
    assert "新增学位暂无法评估（无监测数据）" in problems
    assert "重点任务“1.扩大普惠资源”期限为2022年" in problems
    assert "县发改局、县教育局：" in problems and "未明确责任单位：" in problems


def test_suggestions_give_the_yearly_gain_still_needed(doc):
    suggestions = "".join(section_text(doc, HEADINGS[2], HEADINGS[3]))
    # (90 − 82) / (2025 − 2023) = 4 points a year
    assert "普惠性幼儿园覆盖率（责任单位：县发改局、县教育局）。要实现2025年不低于90%的目标，按2023年的82%计算，" \
           "2024—2025年需年均提高4个百分点" in suggestions


def test_appendix_lists_every_target_with_quote_and_place(doc, evaluation):
    table = next(t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == APPENDIX_COLUMNS)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == [t.target_name for t in evaluation.targets]
    by_name = {r[1]: r for r in rows}
    assert by_name["普惠性幼儿园覆盖率"][2] == "普惠性幼儿园覆盖率达到90%，新增学位3000个。"
    assert by_name["普惠性幼儿园覆盖率"][3] == "二、主要任务 › 1.扩大普惠资源"
    assert by_name["学前三年毛入园率"][3] == "一、发展目标"


def test_footer_has_a_page_number_field_and_tables_repeat_their_header(doc):
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    assert all(t.rows[0]._tr.trPr is not None and "tblHeader" in t.rows[0]._tr.trPr.xml for t in doc.tables)
    assert all(t.style.name == "Table Grid" for t in doc.tables)
