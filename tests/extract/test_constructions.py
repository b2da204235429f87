"""Each construction the extractor must handle, on sentences we wrote ourselves.

Expectations are (value, unit, year, kind, comparator); the demo plan's period is
2021–2025, so plan-wide goals without a year fall in 2025.
"""

from __future__ import annotations

import pytest

from tests.extract.helpers import named, simple, targets

T, A = "target", "actual"


@pytest.mark.parametrize("body, expected", [
    pytest.param("到2025年,学前三年毛入园率达到98.5%以上。", [(98.5, "%", 2025, T, ">=")], id="dao-daodao-yishang"),
    pytest.param("力争2023年,公办幼儿园在园幼儿占比达到55%。", [(55, "%", 2023, T, ">=")], id="lizheng-year"),
    pytest.param("确保义务教育巩固率保持在100%。", [(100, "%", 2025, T, ">=")], id="queabao-baochi"),
    pytest.param("二级及以上幼儿园覆盖面超过80%。", [(80, "%", 2025, T, ">")], id="chaoguo"),
    pytest.param("随迁子女就读公办学校比例不低于95%。", [(95, "%", 2025, T, ">=")], id="budiyu"),
    pytest.param("小学班额控制在45人以内。", [(45, "人", 2025, T, "<=")], id="yinei"),
    pytest.param("学生体质健康测试合格率巩固在96%以上。", [(96, "%", 2025, T, ">=")], id="gonggu"),
    pytest.param("普通高中教学班不超过50人。", [(50, "人", 2025, T, "<=")], id="buchaoguo"),
    pytest.param("表彰优秀教师100名左右。", [(100, "名", 2025, T, "=")], id="zuoyou"),
])
def test_inline_comparators(body, expected):
    assert simple(body) == expected


def test_value_before_its_subject():
    got = named("5%以上初中专任教师、2%以上小学专任教师拥有海外研修经历。")
    assert got["初中专任教师"] == (5, "%", 2025, T, ">=")
    assert got["小学专任教师拥有海外研修经历"] == (2, "%", 2025, T, ">=")


def test_count_before_its_noun():
    assert named("到2025年,建成30个智慧教室,培育10所未来学校。") == {
        "智慧教室": (30, "个", 2025, T, ">="), "未来学校": (10, "所", 2025, T, ">=")}


def test_fenbie_over_indicators():
    got = named("残疾儿童学前、义务、高中段入学率分别达到85%、98%、80%。")
    assert sorted(got.values()) == [(80, "%", 2025, T, ">="), (85, "%", 2025, T, ">="), (98, "%", 2025, T, ">=")]
    assert got["残疾儿童义务入学率"][0] == 98  # the shared prefix and head are written out


def test_shared_value_for_several_subjects():
    got = named("实现中小学智慧校园和城乡教共体全覆盖,心理辅导站和家长学校各建成20个。")
    assert got["中小学智慧校园覆盖率"][:2] == (100, "%") and got["城乡教共体覆盖率"][:2] == (100, "%")
    assert got["家长学校"][:2] == (20, "个") and got["心理辅导站"][:2] == (20, "个")


def test_milestones():
    assert simple("到2023年,创成省现代化学校12所;到2025年,创成省现代化学校25所。") == [
        (12, "所", 2023, T, ">="), (25, "所", 2025, T, ">=")]


def test_yearly_series():
    assert simple("2022-2025年教育建设资金计划投入分别为3.2亿元、4亿元、2.5亿元、1.8亿元。") == [
        (320000000, "元", 2022, T, "="), (400000000, "元", 2023, T, "="),
        (250000000, "元", 2024, T, "="), (180000000, "元", 2025, T, "=")]


def test_series_with_unit_dropped_on_the_last_value():
    assert [v[:3] for v in simple("2023-2025年需用地分别为120亩、80亩、45。")] == [
        (120, "亩", 2023), (80, "亩", 2024), (45, "亩", 2025)]


@pytest.mark.parametrize("body, value, unit", [
    pytest.param("新增学位三万个。", 30000, "个", id="sanwan"),
    pytest.param("新增学位2.4万个。", 24000, "个", id="2.4wan"),
    pytest.param("教育投入达到9.7亿元。", 970000000, "元", id="yi"),
    pytest.param("入园率达到百分之九十。", 90, "%", id="baifenzhi"),
    pytest.param("达标学校超过一半。", 50, "%", id="yiban"),
    pytest.param("实现城乡教共体全覆盖。", 100, "%", id="quanfugai"),
    pytest.param("年培训教师1.5万人次以上。", 15000, "人次", id="wanrenci"),
    pytest.param("组织开展两轮专项督导。", 2, "轮", id="chinese-count"),
])
def test_numerals_and_magnitudes(body, value, unit):
    [got] = simple(body)
    assert got[:2] == (value, unit)


def test_percent_versus_percentage_points():
    got = named("近视率每年降低1个百分点,优良率提高5%。")
    assert got == {"近视率年降幅": (1, "个百分点", 2025, T, ">="), "优良率增幅": (5, "%", 2025, T, ">=")}


def test_results_in_a_summary_part_are_actuals_with_their_year():
    head = "某市教育局2023年工作总结和2024年工作要点\n\n2023年工作总结\n\n全年情况良好。\n\n一、学前教育\n\n"
    body = ("公办园在园幼儿占比达到58.2%,中职升学率达81%(去年为76.5%)。\n\n2024年工作要点\n\n开局之年。\n\n"
            "一、学前教育\n\n公办园在园幼儿占比达到60%。")
    assert simple(body, head=head) == [(58.2, "%", 2023, A, "="), (81, "%", 2023, A, "="),
                                        (76.5, "%", 2022, A, "="), (60, "%", 2024, T, ">=")]


def test_results_in_an_achievements_section():
    head = "某县教育发展规划(2021—2025年)\n\n一、发展基础\n\n(一)主要成就\n\n"
    assert simple("累计新建学校12所,2019年为8所。", head=head) == [(12, "所", 2020, A, "="), (8, "所", 2019, A, "=")]


def test_past_year_in_a_plan_is_an_actual():
    assert simple("2020年,全县学前三年入园率为96.2%。") == [(96.2, "%", 2020, A, "=")]


@pytest.mark.parametrize("body, direction, name", [
    pytest.param("儿童青少年近视率逐年下降。", "decrease", "儿童青少年近视率", id="subject-first-down"),
    pytest.param("逐步提高农村教师本科学历比例。", "increase", "农村教师本科学历比例", id="verb-first-up"),
    pytest.param("确保一般公共预算教育支出逐年只增不减。", "increase", "一般公共预算教育支出", id="zhizengbujian"),
])
def test_directional_goals(body, direction, name):
    [t] = targets(body)
    assert (t.indicator, t.comparator, t.value, t.unit, t.year) == (name, direction, None, None, 2025)


def test_words_without_a_measure_are_not_directional_goals():
    assert targets("不断提高教育质量,持续提升办学水平,提高预算执行效率。") == []


@pytest.mark.parametrize("body", [
    pytest.param("根据《示范市教育发展规划》(示政办〔2022〕45号)制定本方案。", id="document-number"),
    pytest.param("发布日期:2021-09-01 10:30:00。", id="dates"),
    pytest.param("推进5G+智慧教育应用,构建“1+3+X”课程体系。", id="names-with-digits"),
    pytest.param("面向3-6周岁幼儿开展保教活动,覆盖0-3岁婴幼儿家庭。", id="age-ranges"),
    pytest.param("建设一批示范学校,增强四个意识,实施三年行动计划。", id="chinese-idioms"),
    pytest.param("常住人口3000人以上的村建有幼儿园,项目资金按5:3:2比例分担。", id="scope-and-ratio"),
    pytest.param("落实第二轮行动计划,召开第十次全体会议。", id="ordinals"),
])
def test_non_values_are_ignored(body):
    assert targets(body) == []


FLAT_TABLE = """表1 主要指标

指标

单位

2020

2025

学前教育




学前三年毛入园率

%

96.1

98.5

在园幼儿数

万人

3.2

3.5

义务教育




巩固率

%

99.6

100%

人力资源




劳动年龄人口平均受教育年限

11.9

12.6

二、主要任务
"""


def test_flattened_table_with_groups_and_baseline_column():
    got = targets(FLAT_TABLE)
    rows = {(t.indicator, t.year): (float(t.value), t.unit, t.kind, t.comparator) for t in got}
    assert rows[("学前三年毛入园率", 2020)] == (96.1, "%", A, "=")
    assert rows[("学前三年毛入园率", 2025)] == (98.5, "%", T, ">=")
    assert rows[("学前教育在园幼儿数", 2025)] == (35000, "人", T, ">=")  # 万人 → 人; a short name takes its group
    assert rows[("义务教育巩固率", 2025)] == (100, "%", T, ">=")  # a generic row name takes its group
    assert rows[("劳动年龄人口平均受教育年限", 2025)] == (12.6, "年", T, ">=")
    target = next(t for t in got if t.indicator == "学前三年毛入园率" and t.year == 2025)
    assert target.baseline == {"year": 2020, "value": target.baseline["value"]}
    assert float(target.baseline["value"]) == 96.1


SERIAL_TABLE = """二、主要目标

五年目标

序号

指标

2023

2024

2025

1

公办园在园幼儿占比(%

55%

58%

60

2

儿童平均预期受教育年限(年)

15.1

15.2

15.3

三、重点任务
"""


def test_flattened_table_with_numbers_and_mixed_percent_cells():
    head = "示范区教育提升行动方案(2023—2025年)\n\n一、指导思想\n\n内容。\n\n"
    got = targets(SERIAL_TABLE, head=head)
    rows = {(t.indicator, t.year): (float(t.value), t.unit, t.kind) for t in got}
    assert rows == {
        ("公办园在园幼儿占比", 2023): (55, "%", T), ("公办园在园幼儿占比", 2024): (58, "%", T),
        ("公办园在园幼儿占比", 2025): (60, "%", T), ("儿童平均预期受教育年限", 2023): (15.1, "年", T),
        ("儿童平均预期受教育年限", 2024): (15.2, "年", T), ("儿童平均预期受教育年限", 2025): (15.3, "年", T),
    }


def test_missing_table_cell_puts_the_value_in_its_column():
    table = "指标\n\n单位\n\n2020\n\n2025\n\n特殊教育\n\n\n\n\n残疾儿童入学率\n\n%\n\n\n95\n\n二、任务\n"
    got = targets(table)
    assert [(t.year, float(t.value)) for t in got] == [(2025, 95)]


@pytest.mark.parametrize("text, value, unit", [
    pytest.param("学校8所", 8, "所", id="count-at-end"),
    pytest.param("入园率98%", 98, "%", id="percent-at-end"),
    pytest.param("召开三次", 3, "次", id="chinese-at-end"),
])
def test_value_at_the_very_end_of_the_text(text, value, unit):
    from eduplan.extract.mentions import MentionFinder
    from eduplan.extract.ruleset import load_rules

    [m] = MentionFinder(load_rules()).find(text)
    assert (float(m.value), m.unit) == (value, unit)


def test_shares_written_before_their_clause_keep_the_predicate():
    got = named("90%以上的中小学达到省现代化学校标准,五年内新增公办学位2万个,累计培训教师2万人次。")
    assert got["中小学达到省现代化学校标准"] == (90, "%", 2025, T, ">=")
    assert got["新增公办学位"] == (20000, "个", 2025, T, ">=")  # 五年内 is a span of time, not a name
    assert got["累计培训教师"] == (20000, "人次", 2025, T, ">=")


def test_ranks_are_upper_bounds():
    got = named("教育现代化发展水平监测进入全省前30名,学生体质测试排名全市前10名。")
    assert got == {"教育现代化发展水平监测排名": (30, "名", 2025, T, "<="), "学生体质测试排名": (10, "名", 2025, T, "<=")}


def test_outline_counts_and_other_non_quantities():
    assert targets("从5个方面推进教育改革,建党100周年,咨询电话0577-65812345,2023年9月1日起实施,项目资金按1∶1配套。") == []


def test_a_rank_written_in_chinese_numerals_is_a_rank():
    # 前三位 / 前三名 read as 前3位 / 前3名: a place to stay within; a bare Chinese numeral elsewhere is no figure
    got = named("到2025年，全县初中学业水平考试综合成绩进入全市前三位，县域教育质量监测位居全省前十名。")
    assert got == {"初中学业水平考试综合成绩排名": (3.0, "位", 2025, "target", "<="),
                   "县域教育质量监测排名": (10.0, "名", 2025, "target", "<=")}
    assert named("推进前三名学生的经验交流。") == {}
