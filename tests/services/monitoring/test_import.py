"""Importing observations: every check has its own test; a file imports whole or not at all."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from eduplan.errors import InputError, PermissionDeniedError
from eduplan.services.monitoring.observations import import_observations
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Observation
from tests.conftest import row_counts
from tests.factories import (
    make_plan,
    make_user,
    observation_state,
    setup_dictionary,
    stored_values,
)

HEADER = "指标,区域,年份,数值,单位,来源,备注\n"


@pytest.fixture
def db(engine):
    setup_dictionary(engine)
    return engine


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(lines) + "\n").encode("utf-8")


def run(engine, *lines: str, **kw):
    return import_observations(engine, csv_bytes(*lines), name="监测数据.csv", **kw)


def errors_of(engine, *lines: str, **kw) -> list[tuple[int, str, str]]:
    with pytest.raises(InputError) as err:
        run(engine, *lines, **kw)
    return [(e.row, e.column, e.message) for e in err.value.errors]


# ---- what goes in ----------------------------------------------------------------------

def test_chinese_headers_units_and_number_forms(db):
    result = run(db,
                 "高中段毛入学率,示例县,2021,96.1%,,统计年鉴,",
                 "学前三年毛入园率,示例县,2021,９７．２,%,统计年鉴,",
                 "新增学位数,示例县,2021,1.2,万个,,",
                 "新增学位数,示例县,2022,\"1,234\",个,,",
                 "劳动年龄人口平均受教育年限,瑞安,2021,11.2,年,,简称也可以")
    assert (result.rows, result.created, result.updated, result.unchanged) == (5, 5, 0, 0)
    values = stored_values(db)
    assert values[("高中阶段毛入学率", "示例县", 2021)] == Decimal("96.1")
    assert values[("学前三年毛入园率", "示例县", 2021)] == Decimal("97.2")
    assert values[("新增学位数", "示例县", 2021)] == Decimal(12000)
    assert values[("新增学位数", "示例县", 2022)] == Decimal(1234)
    assert values[("劳动年龄人口平均受教育年限", "瑞安市", 2021)] == Decimal("11.2")
    with unit_of_work(db) as session:
        o = session.scalar(select(Observation).where(Observation.year == 2021, Observation.unit == "%")
                           .order_by(Observation.id))
        assert (o.source, o.recorded_by, o.version, o.recorded_at is not None) == ("统计年鉴", None, 1, True)
        added = session.scalars(select(Observation).where(Observation.unit == "个")).all()
        # no source column value: the file and the row the value came from
        assert {a.source for a in added} == {"监测数据.csv第4行", "监测数据.csv第5行"}


def test_english_headers_in_xlsx(db):
    book = Workbook()
    ws = book.active
    ws.append(["indicator", "region", "year", "value", "unit", "source", "note"])
    ws.append(["高中阶段毛入学率", "示例县", 2022, 97.3, "%", "教育局", None])
    ws.append(["高中阶段毛入学率", "示例县", "2023年", "97.9", None, None, None])
    ws.append(["义务教育巩固率", "示例县", 2022, 0.998, None, None, None])
    ws["D4"].number_format = "0.0%"  # Excel shows 99.8%
    buf = io.BytesIO()
    book.save(buf)
    result = import_observations(db, buf.getvalue(), name="data.xlsx")
    assert result.created == 3
    values = stored_values(db)
    assert values[("高中阶段毛入学率", "示例县", 2023)] == Decimal("97.9")
    assert values[("义务教育巩固率", "示例县", 2022)] == Decimal("99.8")


def test_unchanged_values_are_not_stored_again(db):
    run(db, "高中阶段毛入学率,示例县,2021,96.1,%,,")
    before = observation_state(db)
    result = run(db, "高中阶段毛入学率,示例县,2021,96.10%,,,")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert observation_state(db) == before  # same rows, versions and audit log


def test_a_changed_value_bumps_the_version_and_is_audited_with_old_and_new(db):
    run(db, "高中阶段毛入学率,示例县,2021,96.1,%,年鉴2021,")
    result = run(db, "高中阶段毛入学率,示例县,2021,96.4,%,年鉴2022,更正")
    assert (result.created, result.updated) == (0, 1)
    with unit_of_work(db) as session:
        o = session.scalar(select(Observation))
        assert (o.value, o.version, o.source, o.note) == (Decimal("96.4"), 2, "年鉴2022", "更正")
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "update",
                                                        AuditEntry.object_type == "observation"))
    assert entry.object_id == o.id
    assert (entry.old["value"], entry.old["source"], entry.new["value"], entry.new["version"]) == (
        "96.1", "年鉴2021", "96.4", 2)
    assert "96.1 → 96.4" in entry.summary


# ---- each check ----------------------------------------------------------------------

def test_unknown_indicator_suggests_close_names(db):
    [(row, column, message)] = errors_of(db, "高中段入学率x,示例县,2021,96,%,,")
    assert (row, column) == (2, "指标")
    assert "高中阶段毛入学率" in message


def test_unknown_region_suggests_close_names(db):
    [(row, column, message)] = errors_of(db, "高中阶段毛入学率,示例乡,2021,96,%,,")
    assert (row, column) == (2, "区域") and "示例县" in message


def test_unit_mismatch_is_rejected(db):
    [(row, column, message)] = errors_of(db, "新增学位数,示例县,2021,3,万人,,")
    assert (row, column) == (2, "单位") and "不一致" in message


def test_ambiguous_magnitude_is_rejected(db):
    [(_, column, message)] = errors_of(db, "新增学位数,示例县,2021,3,万,,")
    assert column == "单位" and "不明确" in message


def test_percent_in_value_must_agree_with_unit_column(db):
    [(_, column, _msg)] = errors_of(db, "新增学位数,示例县,2021,3%,个,,")
    assert column == "单位"


@pytest.mark.parametrize(("line", "fragment"), [
    pytest.param("义务教育巩固率,示例县,2021,100.5,%,,", "不能超过100%", id="rate-above-100"),
    pytest.param("义务教育巩固率,示例县,2021,-1,%,,", "不能为负数", id="negative-rate"),
    pytest.param("高中阶段毛入学率,示例县,2021,131,%,,", "上限 130", id="above-max-value"),
    pytest.param("新增学位数,示例县,2021,-5,个,,", "不能为负数", id="negative-count"),
])
def test_impossible_values(db, line, fragment):
    [(row, column, message)] = errors_of(db, line)
    assert (row, column) == (2, "数值") and fragment in message


def test_max_value_allows_gross_ratios_above_100_and_growth_may_fall(db):
    result = run(db, "高中阶段毛入学率,示例县,2021,112.5,%,,", "财政教育经费年均增长率,示例县,2021,-3.2,%,,")
    assert result.created == 2


def test_non_numeric_value(db):
    [(row, column, message)] = errors_of(db, "义务教育巩固率,示例县,2021,约九十九,%,,")
    assert (row, column) == (2, "数值") and "数字" in message


def test_duplicate_rows(db):
    errors = errors_of(db, "义务教育巩固率,示例县,2021,99,%,,", "义务教育巩固率,示例县,2022,99,%,,",
                       "九年义务教育巩固率,示例县,2021,99.5,%,,")
    assert errors == [(4, "指标", "与第2行重复（同一指标、区域和年份）")]


def test_year_outside_the_plan_period(db):
    make_plan(db, title="示例县十四五规划", period=(2021, 2025))
    errors = errors_of(db, "义务教育巩固率,示例县,2019,99,%,,", "义务教育巩固率,示例县,2020,99,%,,",
                       "义务教育巩固率,示例县,2026,99,%,,", plan="示例县十四五规划")
    assert [(r, c) for r, c, _ in errors] == [(2, "年份"), (4, "年份")]  # 2020 is the base year
    assert "规划期" in errors[0][2]


def test_year_outside_1949_to_next_year_without_a_plan(db):
    errors = errors_of(db, "义务教育巩固率,示例县,1948,99,%,,", "义务教育巩固率,示例县,2099,99,%,,",
                       "义务教育巩固率,示例县,二〇二一,99,%,,")
    assert [(r, c) for r, c, _ in errors] == [(2, "年份"), (3, "年份"), (4, "年份")]


def test_plan_supplies_the_region_for_blank_cells(db):
    make_plan(db, title="示例县十四五规划")
    run(db, "义务教育巩固率,,2021,99,%,,", plan="示例县十四五规划")
    assert stored_values(db) == {("义务教育巩固率", "示例县", 2021): Decimal(99)}
    [(_, column, _)] = errors_of(db, "义务教育巩固率,,2022,99,%,,")  # without a plan the region is required
    assert column == "区域"


def test_missing_columns_and_empty_files(db):
    with pytest.raises(InputError, match="缺少列：年份、数值"):
        import_observations(db, "指标,区域\n甲,乙\n".encode(), name="x.csv")
    with pytest.raises(InputError, match="没有可导入"):
        import_observations(db, HEADER.encode(), name="x.csv")
    with pytest.raises(InputError, match="不支持"):
        import_observations(db, b"x", name="x.txt")


# ---- all or nothing ------------------------------------------------------------------

def test_one_bad_row_leaves_every_table_unchanged(db):
    run(db, "义务教育巩固率,示例县,2021,99,%,,")
    before_counts, before_state = row_counts(db), observation_state(db)
    lines = [f"义务教育巩固率,示例县,{year},99.{year % 10},%,," for year in range(2021, 2026)]
    lines.insert(3, "义务教育巩固率,示例县,2030x,99,%,,")
    with pytest.raises(InputError) as err:
        run(db, *lines)
    assert [(e.row, e.column) for e in err.value.errors] == [(5, "年份")]
    assert row_counts(db) == before_counts
    assert observation_state(db) == before_state


def test_every_bad_row_is_reported(db):
    errors = errors_of(db, "义务教育巩固率,示例县,2021,abc,%,,", "未知指标,示例县,2021,1,%,,",
                       "义务教育巩固率,未知区,2022,1,%,,", "义务教育巩固率,示例县,2023,1,%,,")
    assert [(r, c) for r, c, _ in errors] == [(2, "数值"), (3, "指标"), (4, "区域")]


def test_errors_in_xlsx_name_the_column_letter(db):
    book = Workbook()
    ws = book.active
    ws.append(["指标", "区域", "年份", "数值"])
    ws.append(["义务教育巩固率", "示例县", 2021, "n/a"])
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(InputError) as err:
        import_observations(db, buf.getvalue(), name="data.xlsx")
    assert str(err.value.errors[0]).startswith("第2行 D（数值）列：")


# ---- who may import ------------------------------------------------------------------

def test_unit_user_may_import_only_its_own_indicators(db):
    make_plan(db, targets=[
        {"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["基础教育科"], "link": "义务教育巩固率"},
        {"indicator_name": "高中阶段毛入学率", "value": 98, "unit": "%", "units": ["高中科"], "link": "高中阶段毛入学率"},
    ])
    clerk = make_user(db, "unit", unit="基础教育科")
    assert run(db, "义务教育巩固率,示例县,2021,99.9,%,,", actor=clerk).created == 1
    before = observation_state(db)
    with pytest.raises(PermissionDeniedError, match="高中阶段毛入学率"):
        run(db, "义务教育巩固率,示例县,2022,99.9,%,,", "高中阶段毛入学率,示例县,2022,96,%,,", actor=clerk)
    assert observation_state(db) == before
    with unit_of_work(db) as session:
        assert session.scalar(select(Observation)).recorded_by == clerk.id


def test_viewer_may_not_import(db):
    with pytest.raises(PermissionDeniedError):
        run(db, "义务教育巩固率,示例县,2021,99.9,%,,", actor=make_user(db, "viewer"))


def test_file_path_source(db, tmp_path: Path):
    path = tmp_path / "数据.csv"
    path.write_bytes(csv_bytes("义务教育巩固率,示例县,2021,99.9,%,,").decode().encode("gb18030"))
    assert import_observations(db, path).source == "数据.csv"
