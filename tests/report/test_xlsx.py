"""The supervision list workbook: sheets, frozen filtered headers, and the evaluation's numbers."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from eduplan.report.context import PROBLEM_STATUSES
from eduplan.report.xlsx import SUPERVISION_COLUMNS, TARGET_COLUMNS, sheet_title


@pytest.fixture(scope="module")
def book(rendered):
    return load_workbook(io.BytesIO(rendered("xlsx")))


def records(ws, columns) -> list[dict]:
    names = [c for c, _ in columns]
    assert [c.value for c in ws[3]] == names
    rows = [dict(zip(names, (c.value for c in row))) for row in ws.iter_rows(min_row=4)]
    assert all(r[names[0]] is not None for r in rows), "no empty rows between the header and the data"
    return rows


def test_sheets_summary_units_and_all_targets(book):
    assert book.sheetnames[0] == "汇总" and book.sheetnames[-1] == "全部指标"
    assert set(book.sheetnames[1:-1]) == {"县教育局", "县发改局", "未明确责任单位"}
    for ws in book.worksheets:
        assert ws.freeze_panes == "A4"
        assert ws.auto_filter.ref.startswith("A3:")
        assert ws.column_dimensions["C"].width > 10
    assert book["汇总"]["A1"].value == "测试县教育事业发展“十四五”规划督办清单（截至2023年）"


def test_summary_rows_are_the_targets_needing_action_and_the_overdue_task(book, evaluation):
    rows = records(book["汇总"], SUPERVISION_COLUMNS)
    acting = {t.target_name: t for t in evaluation.targets if t.status in PROBLEM_STATUSES}
    targets = {r["事项"]: r for r in rows if r["类别"] == "指标"}
    assert set(targets) == set(acting)
    for name, row in targets.items():
        a = acting[name].assessment
        assert row["状态"] == a.status.label
        assert row["最新值"] == pytest.approx(a.latest.value) and row["数据年份"] == a.latest.year
        assert row["差距"] == pytest.approx(a.spec.target - a.latest.value)
        assert row["完成时限"] == a.spec.target_year
        assert row["单位"] == a.spec.unit
    (task,) = [r for r in rows if r["类别"] == "重点任务"]
    assert (task["事项"], task["完成时限"], task["最新值"], task["差距"]) == ("1.扩大普惠资源", 2022, 40, 60)
    assert task["状态"] == "到期未完成（推进中）"
    assert [r["序号"] for r in rows] == list(range(1, len(rows) + 1))


def test_each_unit_sheet_holds_its_rows(book):
    education = records(book["县教育局"], SUPERVISION_COLUMNS)
    assert [r["事项"] for r in education] == ["普惠性幼儿园覆盖率", "1.扩大普惠资源"]
    unassigned = records(book["未明确责任单位"], SUPERVISION_COLUMNS)
    assert {r["事项"] for r in unassigned} == {"高中阶段毛入学率", "劳动年龄人口平均受教育年限"}


def test_all_targets_sheet_has_every_number(book, evaluation):
    rows = {r["指标"]: r for r in records(book["全部指标"], TARGET_COLUMNS)}
    assert len(rows) == len(evaluation.targets)
    for t in evaluation.targets:
        a, row = t.assessment, rows[t.target_name]
        assert row["状态"] == a.status.label
        assert row["目标值"] == (None if a.spec.target is None else pytest.approx(a.spec.target))
        assert row["最新值"] == (None if a.latest is None else pytest.approx(a.latest.value))
        assert row["完成程度"] == (None if a.completion is None else pytest.approx(a.completion))
        assert row["规划原文"] == t.quote
    assert book["全部指标"].cell(row=4, column=14).number_format == "0.0%"


def test_sheet_titles_are_valid_and_unique():
    used: set[str] = set()
    assert sheet_title("县教育局/县财政局[督办]", used) == "县教育局县财政局督办"
    assert sheet_title("县教育局/县财政局[督办]", used) == "县教育局县财政局督办2"
    assert len(sheet_title("很" * 40, used)) <= 31
    assert sheet_title("???", used) == "未明确责任单位"
