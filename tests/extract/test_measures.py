"""Measures, directions, qualifiers, roles and yes/no goals (extract/measures.py, goals.py).

Every example of rules/measures.yaml and rules/qualifiers.yaml is a test case; the tables
and sentences below are our own writing.
"""

from __future__ import annotations

import pytest

from eduplan.extract import extract_document
from eduplan.extract.measure_rules import MEASURE_KEYS, load_measure_rules
from eduplan.extract.qualifiers import load_qualifiers
from eduplan.ingest import read_text
from tests.extract.helpers import PLAN_HEAD, targets

RULES = load_measure_rules()
QUALS = load_qualifiers()
MEASURE_EXAMPLES = [pytest.param(key, e, id=f"{key}:{e.text}") for key in (*MEASURE_KEYS, "yearly_change")
                    for e in getattr(RULES.data, key).examples]


def extraction(body: str):
    doc = read_text(PLAN_HEAD + body)
    return doc, extract_document(doc)


@pytest.mark.parametrize("key, example", MEASURE_EXAMPLES)
def test_measure_example(key, example):
    found = targets(example.text)
    assert found, example.text
    assert {t.measure for t in found} == {example.measure}, [(t.indicator, t.measure) for t in found]
    if example.direction:
        assert {t.direction for t in found} == {example.direction}


@pytest.mark.parametrize("example", RULES.data.binary.examples, ids=lambda e: e.text)
def test_binary_goal_example(example):
    _, ex = extraction(example.text)
    assert len(ex.goals) == 1 and ex.goals[0].measure == "binary", ex.goals
    goal = ex.goals[0]
    assert goal.value is None and goal.year is not None and goal.kind == "target"


@pytest.mark.parametrize("example", RULES.data.context.examples, ids=lambda e: e.text)
def test_context_example(example):
    found = targets(example.text)
    assert found and all(t.role == "context" for t in found), [(t.indicator, t.role) for t in found]


@pytest.mark.parametrize("text, measure, direction, comparator", [
    pytest.param("到2025年，义务教育巩固率达到99%以上。", "level", "up", ">=", id="level"),
    pytest.param("到2025年，儿童青少年近视率控制在50%以内。", "level", "down", "<=", id="capped-rate"),
    pytest.param("到2025年，义务教育阶段辍学率为0.5%。", "level", "down", "<=", id="dropout-without-word"),
    pytest.param("到2025年，儿童青少年近视率逐年下降。", "directional", "down", "decrease", id="directional-down"),
    pytest.param("到2025年，高中阶段毛入学率进一步提高。", "directional", "up", "increase", id="directional-up"),
    pytest.param("到2025年，近视率年降幅1个百分点以上。", "level", "up", ">=", id="a-fall-is-higher-is-better"),
    pytest.param("到2025年，县域教育现代化监测进入全省前20名。", "rank", "down", "<=", id="rank"),
    pytest.param("每年培训中小学教师不少于1000人次。", "per_year", "up", ">=", id="every-year"),
    pytest.param("到2025年，累计新增学位6000个。", "cumulative", "up", ">=", id="cumulative"),
    pytest.param("到2025年，学生体质健康合格率保持在95%以上。", "maintain", "up", ">=", id="maintain"),
])
def test_measure_and_direction(text, measure, direction, comparator):
    [t] = targets(text)
    assert (t.measure, t.direction, t.comparator) == (measure, direction, comparator), t


TABLE = """二、主要指标

表1 主要发展指标

指标 单位 2022年 2024年 2025年
学前三年毛入园率 % 96 97 98
小学校际综合差异系数 系数 0.50 0.45 0.40
中小学生师比 比值 17 16.5 16
特殊教育
学前教育入园率 % 80 85 90
义务教育入学率 % 95 97 99

三、保障措施

加强组织领导。
"""


def test_lower_is_better_rows_of_a_table_read_as_at_most():
    _, ex = extraction(TABLE)
    # a spaced table keeps an unknown unit cell in the name (差异系数 系数): look rows up by the first word
    rows = {(t.indicator.split()[0], t.year): t for t in ex.targets if t.kind == "target"}
    for name in ("小学校际综合差异系数", "中小学生师比"):
        for year in (2024, 2025):
            t = rows[(name, year)]
            assert (t.comparator, t.direction) == ("<=", "down"), t
    assert rows[("学前三年毛入园率", 2025)].comparator == ">="


def test_rows_under_a_qualifier_group_carry_it():
    _, ex = extraction(TABLE)
    by_name = {t.indicator.split()[0]: t.qualifiers for t in ex.targets}
    assert by_name["学前教育入园率"] == ["特殊教育"] and by_name["义务教育入学率"] == ["特殊教育"]
    assert by_name["学前三年毛入园率"] == [] and by_name["中小学生师比"] == []


FLAT = """二、主要指标

指标

单位

2020

2025

学前三年入园率

%

98

99

特殊教育




义务教育入学率

%


99

高中段教育(含普高、中职)




在校生

万人

3.0

3.5

三、主要任务

加强组织领导。
"""


def test_flattened_table_groups():
    _, ex = extraction(FLAT)
    quals = {(t.indicator, t.year): t.qualifiers for t in ex.targets}
    assert quals[("义务教育入学率", 2025)] == ["特殊教育"]
    assert quals[("学前三年入园率", 2025)] == []
    # 含普高、中职 in brackets describes the whole stage: no qualifier
    assert all(q == [] for (name, _), q in quals.items() if "在校生" in name)


def test_yearly_series_of_money_is_yearly_amount_and_of_a_rate_is_level():
    body = ("2022—2025年，教育建设资金预计投入分别为9.7亿元、13.4亿元、12.8亿元、8.6亿元。"
            "2023—2025年，学前三年毛入园率分别达到96%、97%、98%。")
    found = targets(body)
    money = [t for t in found if t.unit == "元"]
    rate = [t for t in found if t.unit == "%"]
    assert len(money) == 4 and {t.measure for t in money} == {"yearly_amount"}
    assert len(rate) == 3 and {t.measure for t in rate} == {"level"}


def test_listed_years_before_fenbie_date_each_value_and_milestone_columns_of_additions_are_running_totals():
    body = ("其中2021年、2022年分别新增学位1200个、1500个。\n\n"
            "表1 主要指标\n指标\t2020年\t2023年\t2025年\n新增学位(个)\t—\t6000\t12000\n"
            "学前三年毛入园率(%)\t95\t97\t98\n")
    found = sorted(targets(body), key=lambda t: t.start)
    yearly = [(t.year, float(t.value), t.measure) for t in found if t.unit == "个" and t.value < 2000]
    assert yearly == [(2021, 1200, "yearly_amount"), (2022, 1500, "yearly_amount")]
    table = {t.year: t.measure for t in found if t.unit == "个" and t.value >= 6000}
    assert table == {2023: "cumulative", 2025: "cumulative"}  # totals so far, not 6000 more in 2025
    assert {t.measure for t in found if t.unit == "%" and t.kind == "target"} == {"level"}


def test_thirteenth_plan_results_outside_a_results_section_are_actual():
    found = targets("十三五期间，全县新增公办幼儿园12所，新增学位5400个。")
    assert found and {t.kind for t in found} == {"actual"}


def test_goals_keep_the_written_year_and_skip_results_and_counts():
    _, ex = extraction("到2025年，创成全国学前教育普及普惠县。力争2023年创成全国学前教育普及普惠县。"
                       "2020年已创成省教育基本现代化县。到2025年，创成省现代化学校10所。"
                       "到2024年，建成县青少年综合实践活动中心。全面建成现代教育体系。")
    goals = {g.indicator: g.year for g in ex.goals}
    assert goals == {"创成全国学前教育普及普惠县": 2023, "建成县青少年综合实践活动中心": 2024}


@pytest.mark.parametrize("group, qualified, general", [
    pytest.param(key, q, g, id=f"{key}:{q}") for key, grp in QUALS.data.groups.items() for q, g in grp.examples
])
def test_qualifier_examples(group, qualified, general):
    assert group in QUALS.of(qualified)
    assert group not in QUALS.of(general)
