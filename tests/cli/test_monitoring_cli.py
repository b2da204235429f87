"""eduplan region / indicator / compare / import / template, end to end."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from tests.cli_helpers import run_cli
from tests.conftest import row_counts
from tests.factories import make_plan


def test_region_load_and_list(engine, tmp_path):
    loaded = run_cli(engine, ["region", "load"])
    assert loaded.exit_code == 0, loaded.output
    assert "23" in loaded.output
    listing = run_cli(engine, ["regions", "list"])  # the plural works too
    assert listing.exit_code == 0 and "瑞安市" in listing.output and "330381" in listing.output

    bad = tmp_path / "regions.csv"
    bad.write_text("code,name,level,parent_code\n12X,甲,province,\n", encoding="utf-8")
    before = row_counts(engine)
    result = run_cli(engine, ["region", "load", str(bad)])
    assert result.exit_code == 2
    assert "第2行 code列" in result.output
    assert row_counts(engine) == before


def test_indicator_load_list_merge_and_compare(engine):
    assert run_cli(engine, ["region", "load"]).exit_code == 0
    loaded = run_cli(engine, ["indicator", "load"])
    assert loaded.exit_code == 0, loaded.output
    assert "新增" in loaded.output
    listing = run_cli(engine, ["indicator", "list"])
    assert "高中阶段毛入学率" in listing.output and "高中段毛入学率" in listing.output

    make_plan(engine, title="示例县规划", targets=[
        {"indicator_name": "高中段毛入学率", "value": 98, "unit": "%", "link": "高中阶段毛入学率"},
        {"indicator_name": "职业教育满意度", "value": 90, "unit": "%"}])
    linked = run_cli(engine, ["indicator", "link", "示例县规划"])
    assert linked.exit_code == 0 and "待审核：职业教育满意度" in linked.output
    assert "职业教育满意度" in run_cli(engine, ["indicator", "list", "--review"]).output

    table = run_cli(engine, ["compare", "高中段毛入学率"])
    assert table.exit_code == 0, table.output
    assert "示例县规划" in table.output and "98" in table.output
    data = json.loads(run_cli(engine, ["compare", "高中阶段毛入学率", "--format", "json"]).output)
    assert data["indicator"] == "高中阶段毛入学率"
    assert data["targets"][0] | {"quote": None} == {
        "plan_id": data["targets"][0]["plan_id"], "plan": "示例县规划", "region": "示例县", "year": 2025,
        "comparator": ">=", "value": 98, "unit": "%", "kind": "target", "baseline_year": None,
        "baseline_value": None, "quote": None}

    merged = run_cli(engine, ["indicator", "merge", "高中阶段毛入学率", "职业教育满意度"])
    assert merged.exit_code == 0, merged.output
    assert "并入" in merged.output
    missing = run_cli(engine, ["compare", "高中段入学"])
    assert missing.exit_code == 4 and "高中阶段毛入学率" in missing.output


def test_import_reports_every_bad_row_and_exits_2(engine, tmp_path):
    run_cli(engine, ["region", "load"])
    run_cli(engine, ["indicator", "load"])
    good = tmp_path / "good.csv"
    good.write_text("指标,区域,年份,数值\n义务教育巩固率,示例县,2021,99.5%\n", encoding="utf-8")
    ok = run_cli(engine, ["import", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "新增 1" in ok.output

    bad = tmp_path / "bad.csv"
    bad.write_text("指标,区域,年份,数值\n义务教育巩固率,示例县,2022,abc\n义务教育巩固率,示例县,2023,99\n"
                   "义务教育巩固率,示例县,2024,120\n", encoding="utf-8")
    before = row_counts(engine)
    result = run_cli(engine, ["import", str(bad)])
    assert result.exit_code == 2
    assert "未导入任何内容" in result.output
    assert "第2行 数值列" in result.output and "第4行 数值列" in result.output
    assert row_counts(engine) == before
    assert run_cli(engine, ["import", str(tmp_path / "nope.csv")]).exit_code == 2


def test_template_then_import(engine, tmp_path):
    run_cli(engine, ["region", "load"])
    run_cli(engine, ["indicator", "load"])
    make_plan(engine, title="示例县规划", targets=[
        {"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["基础教育科"], "link": "义务教育巩固率"}])
    out = tmp_path / "模板.xlsx"
    made = run_cli(engine, ["template", "示例县规划", "-o", str(out)])
    assert made.exit_code == 0, made.output
    assert "基础教育科 1 项" in made.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    book["基础教育科"]["I2"] = 99.2  # 2022
    book.save(out)
    imported = run_cli(engine, ["import", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "新增 1" in imported.output


def test_every_new_command_has_help(engine):
    for args in (["indicator", "--help"], ["indicator", "load", "--help"], ["indicator", "list", "--help"],
                 ["indicator", "merge", "--help"], ["indicator", "link", "--help"], ["region", "--help"],
                 ["region", "load", "--help"], ["region", "list", "--help"], ["compare", "--help"],
                 ["import", "--help"], ["template", "--help"]):
        result = run_cli(engine, args)
        assert result.exit_code == 0 and "Usage" in result.output, args
