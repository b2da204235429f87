"""Section trees: synthetic cases for each numbering habit, then the five seeds."""

from __future__ import annotations

import pytest

from eduplan.ingest import read_document, read_text
from eduplan.ingest.sections import build_sections, cn_to_int
from tests.conftest import seed_path


def outline(text: str) -> list[tuple[int, str, str]]:
    return [(s.level, s.number, s.title) for s in read_text(text).sections]


@pytest.mark.parametrize("written, value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
                                            ("7", 7), ("③", 3)])
def test_numerals(written, value):
    assert cn_to_int(written) == value


def test_nesting_follows_first_appearance():
    text = "标题\n一、总体要求\n(一)指导思想\n内容。\n(二)主要目标\n1.学前教育。到2025年……\n2.义务教育。内容\n二、主要任务\n(一)任务甲\n——子任务一。内容。\n——子任务二。内容。"
    assert outline(text) == [
        (1, "一、", "总体要求"), (2, "(一)", "指导思想"), (2, "(二)", "主要目标"), (3, "1.", "学前教育"),
        (3, "2.", "义务教育"), (1, "二、", "主要任务"), (2, "(一)", "任务甲"), (3, "——", "子任务一"),
        (3, "——", "子任务二"),
    ]


def test_chapters_and_circled_numbers():
    text = "第一章 发展基础\n一、成就\n①入园率提高。\n②巩固率提高。\n第二章 目标\n一、总体目标\n"
    assert outline(text) == [
        (1, "第一章", "发展基础"), (2, "一、", "成就"), (3, "①", "入园率提高"), (3, "②", "巩固率提高"),
        (1, "第二章", "目标"), (2, "一、", "总体目标"),
    ]


def test_sections_of_a_chapter_nest_and_restart():
    """Long plans divide a 章 into 节 and number them from 第一节 again in each chapter."""
    text = ("第一章  发展基础\n第一节  主要成就\n(一)投入加大\n投入增长。\n第二节  面临挑战\n学位紧张。\n"
            "第二章  发展目标\n第一节  指导思想\n坚持优先发展。\n第二节  主要目标\n到2025年入园率达到98%。")
    assert outline(text) == [(1, "第一章", "发展基础"), (2, "第一节", "主要成就"), (3, "(一)", "投入加大"),
                             (2, "第二节", "面临挑战"), (1, "第二章", "发展目标"), (2, "第一节", "指导思想"),
                             (2, "第二节", "主要目标")]
    assert outline("第一节课后开展活动。\n第三节课结束。") == []  # a lesson is no heading out of sequence


def test_numbers_out_of_sequence_are_not_headings():
    # a table cell "5." or a stray "3." after "1." is not a heading
    text = "一、目标\n1.甲任务。\n3.乙不是标题\n2.丙任务。\n二、措施"
    assert [o[1] for o in outline(text)] == ["一、", "1.", "2.", "二、"]


def test_decimals_and_percentages_are_not_headings():
    text = "一、目标\n2.5万人在校\n98.7%的入园率\n1.真标题"
    assert [o[2] for o in outline(text)] == ["目标", "真标题"]


def test_numbering_continues_across_parents():
    text = "一、任务\n(一)甲\n1.子任务\n2.丑任务\n(二)乙\n3.寅任务\n4.卯任务"
    levels = [(o[0], o[1]) for o in outline(text)]
    assert levels == [(1, "一、"), (2, "(一)"), (3, "1."), (3, "2."), (2, "(二)"), (3, "3."), (3, "4.")]


def test_lost_numeral_is_recovered():
    text = "一、指导思想\n内容。\n、主要目标\n内容。\n三、重点任务\n(一)甲"
    assert outline(text) == [(1, "一、", "指导思想"), (1, "、", "主要目标"), (1, "三、", "重点任务"),
                             (2, "(一)", "甲")]


def test_part_titles_above_restarting_lists():
    text = ("局2020年工作总结和2021年工作要点\n2020年工作总结\n总体情况良好。\n一、党建\n内容。\n二、质量\n内容。\n"
            "2021年工作要点\n开局之年。\n一、党建任务\n1.学习教育\n")
    assert outline(text) == [
        (1, "", "2020年工作总结"), (2, "一、", "党建"), (2, "二、", "质量"),
        (1, "", "2021年工作要点"), (2, "一、", "党建任务"), (3, "1.", "学习教育"),
    ]


def test_run_on_text_finds_inline_headings():
    body = "前言部分说明了情况。" * 150
    text = (f"某某报告{body}现报告如下:一、主要进展情况总体良好,各项工作稳步推进。(一)坚持立德树人。内容很多。"
            f"1 .提升学生素养。内容。2 .提升体育素养。内容。{body}(二)加强队伍建设。内容。"
            f"二、存在的主要问题当前,发展面临的外部环境存在较大的不确定性。{body}")
    got = outline(text)
    assert got == [(1, "一、", "主要进展情况"), (2, "(一)", "坚持立德树人"), (3, "1 .", "提升学生素养"),
                   (3, "2 .", "提升体育素养"), (2, "(二)", "加强队伍建设"), (1, "二、", "存在的主要问题")]


def test_sections_end_where_the_next_sibling_starts():
    doc = read_text("一、甲\n(一)子\n内容。\n二、乙\n内容。")
    a, sub, b = doc.sections
    assert a.end == b.start and sub.end == b.start and b.end == len(doc.text)
    assert sub.parent == a.id and b.parent is None


def test_repeated_copy_becomes_one_section():
    half = "某市教育局工作要点\n一、目标\n" + "内容。" * 400 + "\n二、措施\n" + "内容。" * 200
    doc = read_text(half + "\n" + half)
    kinds = [(s.kind, s.number) for s in doc.sections]
    assert kinds == [("heading", "一、"), ("heading", "二、"), ("repeat", "")]
    assert doc.sections[1].end == doc.sections[2].start


# The five real documents. Titles were counted by reading each document.
SEEDS = {
    "000": {
        "title": "瑞安市教育事业发展“十四五”规划",
        "top": ["规划背景", "总体要求", "主要任务", "重要举措", "保障机制"],
        "second": {
            "规划背景": ["过去五年的成就", "未来五年的展望"],
            "总体要求": ["指导思想", "基本原则", "战略目标"],
            "主要任务": ["推进总体实现教育现代化", "加快学前教育公益普惠发展", "推进义务教育高位优质均衡发展",
                     "推进普通高中高品质发展", "深化职业教育综合改革", "推进民办教育规范健康发展",
                     "加快特殊教育融合延伸发展", "完善全民终身教育推进机制"],
            "重要举措": ["培育德智体美劳全面发展的时代新人", "深化智慧精准高质量的“未来课堂”变革",
                     "打造高素质教育人才集聚地", "建设高水平教育信息化生态", "构建新时代教育对外开放格局",
                     "完善教育治理现代化体系"],
            "保障机制": ["全面加强党对教育的领导", "落实教育投入优先保障", "深化教育督导考核体制机制改革"],
        },
    },
    "001": {
        "title": "教育事业发展五年规划中期评估报告",
        "top": ["主要目标任务进展情况", "纲要实施存在的主要问题", "进一步推动纲要落实的对策措施"],
        "second": {
            "主要目标任务进展情况": ["坚持立德树人", "对标一流标准", "优化教育服务供给", "增强教育引领支撑功能",
                           "落实教育优先发展战略", "加强教育统筹与活力激发"],
            "纲要实施存在的主要问题": [],
            "进一步推动纲要落实的对策措施": ["加强全面领导", "落实教育优先政策", "深入推进依法治教", "保障教育经费投入",
                               "深化教育领域综合改革", "强化教育督导保障功能", "优化教育发展环境"],
        },
    },
    "002": {
        "title": "丽水市教育局2020年工作总结和2021年工作要点",
        "top": ["2020年作工总结", "2021年工作要点", "重复的正文（原网页把正文收录了两遍）"],
        "second": {
            "2020年作工总结": ["加强党的领导", "推进教育提质", "加大教育投入", "落实立德树人", "坚持优质均衡",
                          "加强队伍建设", "深化数字转型"],
            "2021年工作要点": ["健全党对教育工作的领导机制", "全面落实立德树人根本任务", "推动各级各类教育提质发展",
                          "持续加大优质资源供给", "不断加强教师队伍建设", "加大教育教学改革力度", "提升教育现代治理能力"],
        },
    },
    "003": {
        "title": "洞头区公共服务“七优享”工程“学有优教”专项实施实施方案(2023—2027 年)",
        "top": ["指导思想", "主要目标", "重点任务", "保障措施"],
        "second": {
            "重点任务": ["扩大学前教育优质普惠面", "提升义务教育优质均衡水平", "多渠道提升高中教育质量",
                     "提升职业教育吸引力竞争力", "大力发展“学校后”教育"],
            "保障措施": ["强化项目支撑", "强化数字赋能", "强化机制保障"],
        },
    },
    "004": {
        "title": "晋江市基础教育提升三年行动方案(2023—2025年)",
        "top": ["工作目标", "重点任务", "保障措施"],
        "second": {
            "重点任务": ["立足公平优质,办好每所学校", "坚持学生第一,促进全面发展", "增强教师素质,提升育人水平"],
            "保障措施": ["加强组织领导", "加强政治建设", "加强经费保障", "加强考评督导", "加强舆论宣传"],
        },
    },
}


@pytest.mark.seeds
@pytest.mark.parametrize("stem", sorted(SEEDS))
def test_seed_outline(stem):
    expected = SEEDS[stem]
    doc = read_document(seed_path(stem))
    assert doc.title == expected["title"]
    top = [s for s in doc.sections if s.parent is None]
    assert [s.title for s in top] == expected["top"]
    for parent_title, children in expected["second"].items():
        [parent] = [s for s in top if s.title == parent_title]
        got = [s.title for s in doc.sections if s.parent == parent.id and s.kind != "lead"]
        # run-on text (seed 001) has no marker where a title ends: compare its start
        assert len(got) == len(children), (parent_title, got)
        for g, want in zip(got, children):
            assert g.startswith(want), (g, want)


@pytest.mark.seeds
def test_ruian_leads_sit_under_their_heading():
    doc = read_document(seed_path("000"))
    [preschool] = [s for s in doc.sections if s.title == "加快学前教育公益普惠发展"]
    leads = [s.title for s in doc.sections if s.parent == preschool.id]
    assert leads[:2] == ["创建全国学前教育普及普惠市", "扩大学前教育资源供给"]
    assert len(leads) == 6
    assert all(s.kind == "lead" for s in doc.sections if s.parent == preschool.id)


@pytest.mark.seeds
def test_dongtou_three_levels():
    doc = read_document(seed_path("003"))
    [tasks] = [s for s in doc.sections if s.title == "重点任务"]
    [first] = [s for s in doc.sections if s.parent == tasks.id][:1]
    assert first.title == "扩大学前教育优质普惠面"
    assert [s.title for s in doc.sections if s.parent == first.id][0] == "创成国家学前教育普及普惠县"
    numbers = [s.number for s in doc.sections if s.level == 3 and s.kind == "heading"]
    assert numbers == [f"{i}." for i in range(1, 15)]


@pytest.mark.seeds
def test_seed_001_page_markers_removed():
    doc = read_document(seed_path("001"))
    assert "\n2、德树人" not in doc.text
    assert "落实立德树人根本任务" in doc.text
    assert "达标优良率到2025年达到60%以上" in doc.text


@pytest.mark.seeds
@pytest.mark.parametrize("stem", sorted(SEEDS))
def test_every_section_points_into_the_text(stem):
    doc = read_document(seed_path(stem))
    for s in doc.sections:
        assert 0 <= s.start < s.end <= len(doc.text)
        if s.kind != "repeat":
            assert s.title and s.title in doc.text[s.start:s.end]


def test_build_sections_on_empty_and_odd_text():
    assert build_sections("") == []
    assert build_sections("\n\n\n") == []
    assert build_sections("一、") == []
