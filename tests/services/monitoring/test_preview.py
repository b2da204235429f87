"""The import preview: the same reading, checks and write as the import, then a rollback."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from eduplan.errors import InputError, PermissionDeniedError
from eduplan.services.exchange.templates import build_template
from eduplan.services.monitoring.observations import import_observations, record_observation
from eduplan.services.monitoring.preview import Change, preview_observations
from tests.conftest import row_counts
from tests.factories import make_plan, make_user, setup_dictionary

HEADER = "指标,区域,年份,数值,单位,来源,备注\n"
TARGETS = [
    {"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["基础教育科"], "link": "义务教育巩固率"},
    {"indicator_name": "高中阶段毛入学率", "value": 98, "unit": "%", "units": ["高中科"], "link": "高中阶段毛入学率"},
]


@pytest.fixture
def db(engine):
    setup_dictionary(engine)
    make_plan(engine, targets=TARGETS)
    record_observation(engine, indicator="义务教育巩固率", region="示例县", year=2021, value="99.1")
    record_observation(engine, indicator="义务教育巩固率", region="示例县", year=2022, value="99.2")
    return engine


def csv_bytes(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def test_lists_new_changed_and_unchanged_rows_and_writes_nothing(db):
    data = csv_bytes("义务教育巩固率,示例县,2021,99.1,%,,",
                     "义务教育巩固率,示例县,2022,99.5,%,,",
                     "义务教育巩固率,示例县,2023,99.6,%,统计年报,")
    before = row_counts(db)
    preview = preview_observations(db, data, name="监测数据.csv")
    assert row_counts(db) == before
    assert preview.ok and preview.errors == [] and preview.problem is None
    assert [(r.row, r.year, r.old, r.new, r.change) for r in preview.rows] == [
        (2, 2021, Decimal("99.1"), Decimal("99.1"), Change.UNCHANGED),
        (3, 2022, Decimal("99.2"), Decimal("99.5"), Change.CHANGED),
        (4, 2023, None, Decimal("99.6"), Change.NEW),
    ]
    assert (preview.count(Change.NEW), preview.count(Change.CHANGED), preview.writes) == (1, 1, 2)
    result = import_observations(db, data, name="监测数据.csv")
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)


def test_every_row_error_is_listed_next_to_the_valid_rows(db):
    data = csv_bytes("义务教育巩固率,示例县,2023,99.6,%,,",
                     "义务教育巩固率,示例县,2024,一百,%,,",
                     "义务教育巩固率,示例县,2025,101,%,,",
                     "不存在的指标,示例县,2023,1,,,")
    before = row_counts(db)
    preview = preview_observations(db, data, name="监测数据.csv")
    assert row_counts(db) == before
    assert not preview.ok
    assert [(e.row, e.column) for e in preview.errors] == [(3, "数值"), (4, "数值"), (5, "指标")]
    assert "100%" in preview.errors[1].message
    assert [r.row for r in preview.rows] == [2]  # the valid row is still shown
    with pytest.raises(InputError) as err:  # the import stops on exactly the same errors
        import_observations(db, data, name="监测数据.csv")
    assert [(e.row, e.column, e.message) for e in err.value.errors] == \
        [(e.row, e.column, e.message) for e in preview.errors]


def test_a_unit_user_changing_another_units_value_is_a_problem_not_a_write(db):
    clerk = make_user(db, "unit", unit="基础教育科")
    data = csv_bytes("义务教育巩固率,示例县,2023,99.6,%,,", "高中阶段毛入学率,示例县,2023,97,%,,")
    before = row_counts(db)
    preview = preview_observations(db, data, name="监测数据.csv", actor=clerk)
    assert row_counts(db) == before
    assert not preview.ok and preview.errors == []
    assert "高中阶段毛入学率" in preview.problem
    own = preview_observations(db, csv_bytes("义务教育巩固率,示例县,2023,99.6,%,,"), name="a.csv", actor=clerk)
    assert own.ok


def test_an_empty_file_is_a_problem(db):
    preview = preview_observations(db, HEADER.encode(), name="空.csv")
    assert not preview.ok and "没有可导入的数据行" in preview.problem


def test_unreadable_files_and_viewers_raise_like_the_import(db):
    with pytest.raises(InputError):
        preview_observations(db, b"not a workbook", name="坏.xlsx")
    with pytest.raises(PermissionDeniedError):
        preview_observations(db, csv_bytes("义务教育巩固率,示例县,2023,99.6,%,,"), name="a.csv",
                             actor=make_user(db, "viewer"))


def test_an_edited_fill_in_workbook_shows_only_the_edited_cell_as_a_change(db):
    template = build_template(db, _plan_id(db))
    book = load_workbook(io.BytesIO(template.content))
    ws = book["基础教育科"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("2022年") + 1, 99.4)
    buffer = io.BytesIO()
    book.save(buffer)
    before = row_counts(db)
    preview = preview_observations(db, buffer.getvalue(), name="模板.xlsx")
    assert row_counts(db) == before
    assert preview.ok and preview.plan_title == "示例县教育事业发展十四五规划"
    changed = [r for r in preview.rows if r.change != Change.UNCHANGED]
    assert [(r.sheet, r.row, r.year, r.old, r.new) for r in changed] == [
        ("基础教育科", 2, 2022, Decimal("99.2"), Decimal("99.4"))]


def _plan_id(engine) -> int:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text("SELECT MIN(id) FROM plans")).scalar_one()


def test_errors_name_the_sheet_and_the_indicator(db):
    """In a fill-in workbook (one sheet per unit) each error says which sheet and which
    indicator its row is, not only a row number."""
    workbook = load_workbook(io.BytesIO(build_template(db, 1).content))
    sheet = workbook["高中科"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("2023年") + 1, value="九十七")
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = preview_observations(db, buffer.getvalue(), name="填报模板.xlsx")
    [error] = preview.errors
    assert (error.sheet, error.row, error.indicator) == ("高中科", 2, "高中阶段毛入学率")
    assert "2023年" in error.column
