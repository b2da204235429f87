"""Numbers as a report prints them."""

from __future__ import annotations

import pytest

from eduplan.domain import Comparator
from eduplan.report import figures as f


@pytest.mark.parametrize(("x", "digits", "expected"), [
    pytest.param(98.5, 2, "98.5", id="trim-zeros"),
    pytest.param(100.0, 1, "100", id="integer"),
    pytest.param(2 / 3, 2, "0.67", id="round"),
    pytest.param(0.0042, 2, "0.0042", id="small-keeps-two-significant"),
    pytest.param(-0.0001, 2, "-0.0001", id="small-negative"),
    pytest.param(-0.001, 1, "-0.001", id="small-negative-one-digit"),
    pytest.param(0.0, 2, "0", id="zero"),
    pytest.param(None, 2, "—", id="none"),
    pytest.param(float("nan"), 2, "—", id="nan"),
])
def test_number(x, digits, expected):
    assert f.number(x, digits=digits) == expected


def test_cells_have_no_thousands_separators():  # a separator is where a narrow column broke a figure
    assert f.cell(1850000000.0, precision=0) == "1850000000"
    assert f.cell(3600.0, precision=2) == "3600"
    assert f.number(6.25, digits=1) == "6.3"  # half up, as people round


@pytest.mark.parametrize(("unit", "quote", "target", "value", "shown", "scale_unit"), [
    pytest.param("元", "总投资29.51亿元", 2951000000.0, 2951000000.0, "29.51亿元", "亿元", id="yi-from-quote"),
    pytest.param("人", "在校生 万人 13.07 13.5", 135000.0, 129800.0, "12.98万人", "万人", id="wan-column-header"),
    pytest.param("人次", "接待学生年均人次10万以上", 100000.0, 95000.0, "9.5万人次", "万人次", id="wan-figure"),
    pytest.param("所", "新增公办幼儿园30所", 30.0, 30.05, "30所", "所", id="whole-count"),
    pytest.param("名", "三层次教师达1500名以上", 1500.0, 1472.7, "1473名", "名", id="whole-people"),
    pytest.param("%", "高中段入学率达98.42%", 99.0, 97.831, "97.83%", "%", id="percent-two-decimals"),
])
def test_numbers_in_the_plans_unit_and_precision(unit, quote, target, value, shown, scale_unit):
    scale = f.plan_scale(unit, 1, quote, target)
    assert scale.unit == scale_unit
    assert f.show(value, scale) == shown


def test_derived_figures_take_the_plans_decimals_and_whole_counts():
    pupils = f.plan_scale("人", 0, "在校生 万人 13.07 13.5", 135000.0)
    assert f.show_difference(5200.0, pupils) == "5200人"  # below one 万: whole people, not 0.52万人
    assert f.show_difference(15000.0, pupils) == "1.5万人"
    schools = f.plan_scale("所", 0, "新增公办幼儿园30所", 30.0)
    assert f.show(10.0 / 3, schools, derived=True) == "4所"  # a yearly need is rounded up to whole schools
    assert f.show_difference(1066.67, f.plan_scale("人", 0, "", 5000.0)) == "1067人"


@pytest.mark.parametrize(("x", "unit", "expected"), [
    pytest.param(97.8, "%", "97.8%", id="percent"),
    pytest.param(3600, "个", "3600个", id="under-wan"),
    pytest.param(15000, "个", "1.5万个", id="wan"),
    pytest.param(1850000000, "元", "18.5亿元", id="yi"),
    pytest.param(12.1, "年", "12.1年", id="years"),
    pytest.param(20000, "年", "20000年", id="unscaled-unit"),
    pytest.param(5, None, "5", id="no-unit"),
])
def test_amount(x, unit, expected):
    assert f.amount(x, unit) == expected


def test_difference_of_a_percentage_is_in_points():
    assert f.difference(12.5, "%") == "12.5个百分点"
    assert f.difference(600, "个") == "600个"
    assert f.difference_unit("%") == "个百分点"


@pytest.mark.parametrize(("x", "expected"), [(0.2937853, "29.4%"), (0.6, "60%"), (1.0, "100%"), (-0.214, "-21.4%"),
                                             (None, "—")])
def test_share(x, expected):
    assert f.share(x) == expected


def test_goal_words_and_cells():
    assert f.goal(Comparator.AT_LEAST, 98.5, "%") == "不低于98.5%"
    assert f.goal(Comparator.AT_MOST, 5, "%") == "不高于5%"
    assert f.goal(Comparator.DECREASE, None, "%") == "降低"
    assert f.goal(Comparator.AT_LEAST, 1, None, binary=True) == "完成"
    assert f.goal_cell(Comparator.AT_LEAST, 98.5) == "≥98.5"
    assert f.goal_cell(Comparator.INCREASE, None) == "提高"


def test_words_follow_the_unit():
    assert f.up_word("%") == "提高" and f.down_word("%") == "下降"
    assert f.up_word("个") == "增加" and f.down_word("所") == "减少"
    assert f.year_span(2024, 2025) == "2024—2025年"
    assert f.year_span(2025, 2025) == "2025年"


def test_display_digits_never_hide_entered_decimals():
    assert f.digits(0) == 2 and f.digits(1) == 2 and f.digits(3) == 3
