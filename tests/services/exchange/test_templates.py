"""The fill-in workbook: one protected sheet per unit, and it imports back."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from eduplan.errors import InputError
from eduplan.services.exchange.templates import build_template
from eduplan.services.monitoring.observations import import_observations, record_observation
from tests.factories import make_plan, observation_state, setup_dictionary, stored_values

TARGETS = [
    {"indicator_name": "学前三年入园率", "value": 98.5, "unit": "%", "baseline_value": 96.5, "baseline_year": 2020,
     "units": ["基础教育科"], "link": "学前三年毛入园率"},
    {"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["基础教育科", "督导室"],
     "link": "义务教育巩固率"},
    {"indicator_name": "高中阶段毛入学率", "value": 95.2, "unit": "%", "year": 2020, "kind": "actual",
     "comparator": "=", "units": ["高中科"], "link": "高中阶段毛入学率"},
    {"indicator_name": "高中阶段毛入学率", "value": 98, "unit": "%", "units": ["高中科"], "link": "高中阶段毛入学率"},
    {"indicator_name": "新增学位数", "value": 12000, "unit": "个", "link": "新增学位数"},
    {"indicator_name": "没有关联的指标", "value": 1, "unit": "个"},
    {"indicator_name": "生均占地面积", "value": 30, "unit": "平方米", "year": 2020, "kind": "actual", "comparator": "=",
     "link": "生均占地面积"},  # a reported value only: nothing to monitor, not in the workbook
]


@pytest.fixture
def plan(engine):
    setup_dictionary(engine)
    return make_plan(engine, targets=TARGETS)


def workbook(engine, plan_id):
    t = build_template(engine, plan_id)
    return t, load_workbook(io.BytesIO(t.content))


def test_one_sheet_per_unit_with_only_its_indicators(engine, plan):
    t, book = workbook(engine, plan)
    # units in the order the plan first names them; the unassigned sheet last
    assert book.sheetnames == ["填报说明", "基础教育科", "督导室", "高中科", "未分配", "_eduplan"]
    assert book["_eduplan"].sheet_state == "hidden"
    assert t.sheets == {"基础教育科": 2, "督导室": 1, "高中科": 1, "未分配": 1}
    ws = book["基础教育科"]
    header = [c.value for c in ws[1]]
    assert header == ["指标", "区域", "单位", "基期年", "基期值", "目标年", "目标",
                      "2021年", "2022年", "2023年", "2024年", "2025年", "来源", "备注", "填报口径"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"学前三年毛入园率", "义务教育巩固率"}
    assert rows["学前三年毛入园率"][:7] == ("学前三年毛入园率", "示例县", "%", 2020, 96.5, 2025, "≥98.5")
    high = next(book["高中科"].iter_rows(min_row=2, values_only=True))
    assert high[3:7] == (2020, 95.2, 2025, "≥98")  # baseline from the reported 2020 value
    assert [r[0] for r in book["未分配"].iter_rows(min_row=2, values_only=True)] == ["新增学位数"]


def test_header_is_protected_and_only_value_cells_are_unlocked(engine, plan):
    _, book = workbook(engine, plan)
    ws = book["基础教育科"]
    assert ws.protection.sheet
    assert all(c.protection.locked for c in ws[1])
    row = ws[2]
    assert [c.protection.locked for c in row] == [True] * 7 + [False] * 7 + [True]  # 填报口径 is the plan's


def test_round_trip(engine, plan):
    record_observation(engine, indicator="义务教育巩固率", region="示例县", year=2021, value="99.6")
    t, book = workbook(engine, plan)
    ws = book["基础教育科"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["义务教育巩固率"], 8).value == 99.6  # stored values are pre-filled
    ws.cell(rows["学前三年毛入园率"], 8, 97.1)                  # 2021
    ws.cell(rows["学前三年毛入园率"], 9, "97.6%")               # 2022
    ws.cell(rows["学前三年毛入园率"], 13, "县统计年鉴")         # 来源
    book["未分配"].cell(2, 9, "3,500")                          # 新增学位数 2022
    buf = io.BytesIO()
    book.save(buf)
    before = observation_state(engine)[1]
    result = import_observations(engine, buf.getvalue(), name="filled.xlsx")
    assert (result.created, result.updated, result.unchanged, result.plan_id) == (3, 0, 1, plan)
    values = stored_values(engine)
    assert values[("学前三年毛入园率", "示例县", 2021)] == Decimal("97.1")
    assert values[("学前三年毛入园率", "示例县", 2022)] == Decimal("97.6")
    assert values[("新增学位数", "示例县", 2022)] == Decimal(3500)
    assert observation_state(engine)[1] == before + 4  # 3 creates and one import summary


def test_edit_on_one_of_two_sheets_wins_over_the_prefilled_copy(engine, plan):
    record_observation(engine, indicator="义务教育巩固率", region="示例县", year=2021, value="99.6")
    _, book = workbook(engine, plan)
    ws = book["督导室"]
    ws.cell(2, 8, 99.8)  # 基础教育科 still shows the pre-filled 99.6
    buf = io.BytesIO()
    book.save(buf)
    result = import_observations(engine, buf.getvalue(), name="filled.xlsx")
    assert result.updated == 1
    assert stored_values(engine)[("义务教育巩固率", "示例县", 2021)] == Decimal("99.8")


def test_two_sheets_with_two_new_values_is_an_error(engine, plan):
    _, book = workbook(engine, plan)
    book["督导室"].cell(2, 8, 99.8)
    book["基础教育科"].cell(3, 8, 99.7)
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(InputError) as err:
        import_observations(engine, buf.getvalue(), name="filled.xlsx")
    [error] = err.value.errors
    assert "不一致" in error.message and error.column.startswith("“")


def test_template_years_are_checked_against_the_plan(engine, plan):
    _, book = workbook(engine, plan)
    ws = book["基础教育科"]
    ws.cell(1, 8, "2019年")  # someone edited the protected header
    ws.cell(2, 8, 97)
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(InputError) as err:
        import_observations(engine, buf.getvalue(), name="filled.xlsx")
    [error] = err.value.errors
    assert (error.row, error.column) == (2, "“基础教育科”H（2019年）")


def test_unit_only_template_and_plans_without_period(engine, plan):
    from tests.factories import unit_id

    t = build_template(engine, plan, unit_id=unit_id(engine, "高中科"))
    assert t.sheets == {"高中科": 1}
    with pytest.raises(InputError, match="还没有关联"):
        build_template(engine, make_plan(engine, title="没有目标的规划"))
    with pytest.raises(InputError, match="没有规划期"):
        build_template(engine, make_plan(engine, title="无期限规划", period=None))


def test_unit_user_imports_the_whole_workbook_changing_only_its_sheet(engine, plan):
    from tests.factories import make_user

    record_observation(engine, indicator="高中阶段毛入学率", region="示例县", year=2021, value="96.0")
    _, book = workbook(engine, plan)
    book["基础教育科"].cell(2, 8, 97.3)  # its own indicator; 高中科's pre-filled 96.0 stays as it was
    buf = io.BytesIO()
    book.save(buf)
    clerk = make_user(engine, "unit", unit="基础教育科")
    result = import_observations(engine, buf.getvalue(), name="filled.xlsx", actor=clerk)
    assert (result.created, result.unchanged) == (1, 1)

    book["高中科"].cell(2, 8, 96.5)  # another unit's value: refused, nothing stored
    buf = io.BytesIO()
    book.save(buf)
    before = observation_state(engine)
    from eduplan.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        import_observations(engine, buf.getvalue(), name="filled.xlsx", actor=clerk)
    assert observation_state(engine) == before
