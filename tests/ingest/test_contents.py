"""A table of contents is dropped before the outline is built: its entries would become
sections, targets and tasks of their own."""

from __future__ import annotations

from eduplan.extract import extract_document
from eduplan.ingest import read_text
from eduplan.ingest.normalise import remove_contents

PLAN = """示范县教育事业发展“十四五”规划

目  录
一、发展基础……………………………………1
二、主要目标……………………………………3
三、重点项目……………………………………5
    (一)改扩建154个学校项目…………19

一、发展基础
全县现有学校120所。
二、主要目标
到2025年,学前三年毛入园率达到98%。
三、重点项目
(一)改扩建学校项目
改扩建154个学校项目。
"""


def test_contents_lines_are_dropped():
    doc = read_text(PLAN)
    assert "目  录" not in doc.text and "……19" not in doc.text
    assert [(s.number, s.title) for s in doc.sections] == [("一、", "发展基础"), ("二、", "主要目标"), ("三、", "重点项目"),
                                                            ("(一)", "改扩建学校项目")]
    values = sorted(float(t.value) for t in extract_document(doc).targets)
    assert values == [98, 120, 154]  # 154 once, from the text; no page number


def test_dotted_leaders_without_a_heading_need_several_lines():
    text = "一、发展基础.........3\n二、主要目标.........7\n三、主要任务.........9\n正文。"
    assert remove_contents(text) == "正文。"
    single = "说明:详见附件……2"
    assert remove_contents(single) == single  # one line alone is no table of contents


def test_page_number_lines_are_dropped_but_bare_numbers_stay():
    from eduplan.ingest.normalise import normalise_text

    text = "到2025年达到98%。\n- 3 -\n新建学校5所。\n— 12 —\n第4页 共20页\n表1\n3\n"
    assert normalise_text(text) == "到2025年达到98%。\n\n新建学校5所。\n\n\n表1\n3"


BODY = "第一章  发展基础\n全县现有学校120所。\n第二章  发展目标\n到2025年,入园率达到98%。\n第三章  保障措施\n每年投入不低于1亿元。"


def test_contents_as_word_pdf_and_web_pages_write_them():
    word = "目录\n第一章  发展基础\t2\n第二章  发展目标\t5\n第三章  保障措施\t9\n"  # a tab before the page number
    pdf = "目 录\n第一章  发展基础…………………………\n第二章  发展目标…………………………\n第三章  保障措施……………………9\n"
    web = "目  录\n第一章  发展基础\n第二章  发展目标\n\n第三章  保障措施\n"  # no leaders, no page numbers
    for contents in (word, pdf, web):
        doc = read_text("示范县教育事业发展规划\n" + contents + BODY)
        assert doc.text == "示范县教育事业发展规划\n" + BODY
        assert [s.number for s in doc.sections] == ["第一章", "第二章", "第三章"]


def test_lines_after_a_contents_heading_stay_when_they_are_not_headings_later():
    text = "目录\n学校一览\n教师一览\n经费一览\n正文。"
    assert remove_contents(text) == text


def test_a_table_in_spaced_columns_is_no_contents():
    rows = ("学前三年毛入园率    %       92        96\n普惠性幼儿园覆盖率  %       85        90\n"
            "义务教育巩固率      %       98        99")
    assert remove_contents(rows) == rows
    contents = "目录\n第一章 发展基础      1\n第二章 发展目标      5\n第三章 主要任务      9\n正文"
    assert remove_contents(contents) == "正文"
