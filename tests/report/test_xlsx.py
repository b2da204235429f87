"""The supervision list workbook: the 督办 columns, lead and assisting units in the plan's
order, print setup for one page width, and the evaluation's numbers on 全部指标."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from eduplan.report.context import PROBLEM_STATUSES
from eduplan.report.xlsx import SUPERVISION_COLUMNS, TARGET_COLUMNS, cell_lines, sheet_title


@pytest.fixture(scope="module")
def book(rendered):
    return load_workbook(io.BytesIO(rendered("xlsx")))


def records(ws, columns) -> list[dict]:
    names = [c for c, _ in columns]
    assert [c.value for c in ws[3]] == names
    rows = [dict(zip(names, (c.value for c in row))) for row in ws.iter_rows(min_row=4)]
    assert all(r[names[0]] is not None for r in rows), "no empty rows between the header and the data"
    return rows


def test_columns_of_a_supervision_list():
    assert [c for c, _ in SUPERVISION_COLUMNS] == ["序号", "督办事项", "牵头单位", "配合单位", "现状与目标", "差距",
                                                  "办理时限", "反馈情况", "办结情况"]


def test_sheets_summary_units_and_all_targets(book):
    assert book.sheetnames[0] == "汇总" and book.sheetnames[-1] == "全部指标"
    assert book.sheetnames[1:-1] == ["县教育局", "县发改局"]  # in the plan's order, lead first
    for ws in book.worksheets:
        assert ws.freeze_panes == "A4"
        assert ws.auto_filter.ref.startswith("A3:")
    assert book["汇总"]["A1"].value == "测试县教育事业发展“十四五”规划督办清单（截至2023年）"


def test_every_sheet_prints_one_page_wide_on_a4_landscape_with_the_header_repeated(book):
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$3:$3"
        fonts = {c.font.name for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 10)) for c in row if c.value}
        assert fonts <= {"宋体", "黑体"}, fonts  # CJK fonts, not Calibri


def test_row_heights_fit_the_wrapped_text(book):
    ws = book["汇总"]
    widths = {c: ws.column_dimensions[chr(64 + i)].width for i, (c, _) in enumerate(SUPERVISION_COLUMNS, 1)}
    for row in ws.iter_rows(min_row=4):
        needed = max(cell_lines(c.value, widths[SUPERVISION_COLUMNS[c.column - 1][0]]) for c in row)
        assert ws.row_dimensions[row[0].row].height >= needed * 13.5
        assert all(c.alignment.wrap_text for c in row[1:8])


def test_summary_rows_are_the_targets_needing_action_and_the_overdue_task(book, evaluation):
    rows = records(book["汇总"], SUPERVISION_COLUMNS)
    acting = {t.target_name: t for t in evaluation.targets if t.status in PROBLEM_STATUSES}
    items = {r["督办事项"].split("\n")[0]: r for r in rows}
    assert set(items) == set(acting) | {"1.扩大普惠资源"}
    for name, t in acting.items():
        a, row = t.assessment, items[name]
        assert row["督办事项"] == f"{name}\n（{a.status.label}）"
        assert f"现状：{a.latest.year}年" in row["现状与目标"] and f"目标：{a.spec.target_year}年" in row["现状与目标"]
        assert row["反馈情况"] is None and row["办结情况"] is None  # left for the unit
    lagging = items["普惠性幼儿园覆盖率"]
    assert (lagging["牵头单位"], lagging["配合单位"], lagging["差距"], lagging["办理时限"]) == \
        ("县教育局", "县发改局", "差8个百分点", "2025年底前")
    task = items["1.扩大普惠资源"]
    assert task["办理时限"] == "已逾期（原定2022年底）" and task["现状与目标"] == "期限2022年；正在推进，进度为40%"
    assert [r["序号"] for r in rows] == list(range(1, len(rows) + 1))
    assert book["汇总"].data_validations.dataValidation[0].formula1 == '"已办结,正在办理,未启动"'


def test_each_unit_sheet_holds_what_it_leads_or_assists(book):
    assistant = [r["督办事项"].split("\n")[0] for r in records(book["县发改局"], SUPERVISION_COLUMNS)]
    assert assistant == ["普惠性幼儿园覆盖率", "1.扩大普惠资源"]
    assert "牵头0项、配合2项" in book["县发改局"]["A2"].value


def test_all_targets_sheet_has_every_number(book, evaluation):
    rows = {r["指标"]: r for r in records(book["全部指标"], TARGET_COLUMNS)}
    assert len(rows) == len(evaluation.targets)
    for t in evaluation.targets:
        a, row = t.assessment, rows[t.target_name]
        assert row["状态"] == a.status.label
        assert row["目标值"] == (None if a.spec.target is None else pytest.approx(a.spec.target))
        assert row["最新值"] == (None if a.latest is None else pytest.approx(a.latest.value))
        assert row["完成程度"] == (None if a.completion is None else pytest.approx(a.completion))
        assert row["规划原文"] == " ".join(t.quote.split())
    assert book["全部指标"].cell(row=4, column=14).number_format == "0.0%"


def test_sheet_titles_are_valid_and_unique():
    used: set[str] = set()
    assert sheet_title("县教育局/县财政局[督办]", used) == "县教育局县财政局督办"
    assert sheet_title("县教育局/县财政局[督办]", used) == "县教育局县财政局督办2"
    assert len(sheet_title("很" * 40, used)) <= 31
    assert sheet_title("???", used) == "未明确责任单位"
