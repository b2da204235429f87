"""eduplan evaluate: formats, output file, region override, errors."""

from __future__ import annotations

import csv
import io

from eduplan.services.dictionary.regions import load_regions
from eduplan.services.evaluation.results import FLAT_COLUMNS
from tests.cli_helpers import run_cli
from tests.services.evaluation.helpers import indicator, make_plan, observe


def test_csv_region_override_and_errors(engine, tmp_path):
    load_regions(engine)
    rate = indicator(engine, "入园率")
    plan, ids = make_plan(engine, targets=[
        {"name": "入园率", "value": 99, "indicator": rate, "units": ["市教育局", "市财政局"]},
        {"name": "辍学率", "comparator": "<=", "value": 0.5, "year": 2024},
    ])
    observe(engine, rate, "瑞安市", {2020: 97, 2023: 98.5})
    observe(engine, rate, "洞头区", {2020: 90, 2023: 89})

    out = run_cli(engine, ["evaluate", str(plan), "--as-of", "2023", "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert [r["indicator"] for r in rows] == ["入园率", "辍学率"]
    assert tuple(rows[0]) == FLAT_COLUMNS  # the header a CSV of no rows carries too
    assert rows[0]["status"] == "on_track" and rows[0]["status_label"] == "符合或快于预期"
    assert rows[0]["baseline_value"] == "97.0" and rows[0]["latest_year"] == "2023"
    assert set(rows[0]["units"].split("、")) == {"市教育局", "市财政局"}
    assert rows[1]["status"] == "no_data" and rows[1]["flags"] == "no_observations"

    path = tmp_path / "洞头.csv"
    other = run_cli(engine, ["evaluate", str(plan), "--as-of", "2023", "--region", "洞头区", "--format", "csv",
                             "-o", str(path)])
    assert other.exit_code == 0, other.output
    text = path.read_text(encoding="utf-8-sig")  # a BOM, so that Excel reads the Chinese
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["region"] == "洞头区" and first["status"] == "regressing"

    table = run_cli(engine, ["evaluate", str(plan), "--as-of", "2023", "--region", "洞头区"])
    assert table.exit_code == 0 and "用于洞头区" in table.output and "倒退" in table.output

    missing = run_cli(engine, ["evaluate", "没有这个规划", "--as-of", "2023"])
    assert missing.exit_code == 4 and "找不到规划" in missing.output
    nowhere = run_cli(engine, ["evaluate", str(plan), "--as-of", "2023", "--region", "火星县"])
    assert nowhere.exit_code == 4 and "找不到区域" in nowhere.output
    no_year = run_cli(engine, ["evaluate", str(plan)])
    assert no_year.exit_code == 2 and "--as-of" in no_year.output
