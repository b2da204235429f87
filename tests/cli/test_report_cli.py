"""eduplan report: writes the file it is asked for, names it by default, explains errors."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.cli_helpers import run_cli
from tests.report.factories import PLAN_TITLE, make_report_plan


def test_report_markdown_and_supervision_list(engine, tmp_path):
    make_report_plan(engine)
    out = tmp_path / "r.md"
    result = run_cli(engine, ["report", "1", "--as-of", "2023", "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "7 项指标，需督办 4 项" in result.output
    assert out.read_text(encoding="utf-8").startswith(f"# {PLAN_TITLE}中期评估报告")
    xlsx = tmp_path / "list.xlsx"
    assert run_cli(engine, ["report", "1", "--as-of", "2023", "--format", "xlsx", "-o", str(xlsx)]).exit_code == 0
    assert load_workbook(io.BytesIO(xlsx.read_bytes())).sheetnames[0] == "汇总"


def test_report_default_name_and_region(engine, tmp_path, monkeypatch):
    make_report_plan(engine)
    monkeypatch.chdir(tmp_path)
    result = run_cli(engine, ["report", "1", "--as-of", "2023", "--format", "html", "--region", "990101"])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.html")
    assert path.name == "测试县教育事业发展“十四五”规划_2023年中期评估报告（测试县）.html"
    assert "按测试县的监测数据" in path.read_text(encoding="utf-8")


def test_report_errors_name_the_problem(engine, tmp_path):
    make_report_plan(engine)
    missing = run_cli(engine, ["report", "9", "--as-of", "2023", "-o", str(tmp_path / "x.docx")])
    assert missing.exit_code != 0 and "找不到规划" in missing.output
    bad = run_cli(engine, ["report", "1", "--as-of", "2023", "--format", "pdf"])
    assert bad.exit_code == 2


def test_report_options_for_the_gongwen_details(engine, tmp_path):
    make_report_plan(engine)
    out = tmp_path / "r.md"
    result = run_cli(engine, ["report", "1", "--as-of", "2023", "--format", "md", "-o", str(out), "--to", "测试县人民政府",
                              "--issuer", "测试县教育局", "--date", "2024-03-01", "--default-unit", "测试县教育局"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "\n测试县人民政府：\n" in text and "测试县教育局</p>" in text and "2024年3月1日" in text
    bad = run_cli(engine, ["report", "1", "--as-of", "2023", "--date", "下周一", "-o", str(tmp_path / "x.docx")])
    assert bad.exit_code == 2 and "成文日期" in bad.output
