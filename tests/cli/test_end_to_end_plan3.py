"""A third plan of our own, shaped unlike tests/samples/e2e and e2e2, through ingest, import
and evaluate: a city's 教育事业发展“十四五”规划 written as a Word file (headings are plain
paragraphs, the indicators a real Word table with 序号, group rows merged across, 2020年 and
2025年 columns and 属性) and its monitoring data as an Excel workbook with 填报口径; both are
built at test time (tests/cli/e2e3_files.py). Period 2021–2025, base year 2020, as of 2023:
τ = (2023 − 2020) / (2025 − 2020) = 0.6. The table has no milestone column: its rows are
judged on the straight path, R = P/τ with P = (x_2023 − x_2020)/(target − x_2020).
"""

from __future__ import annotations

import json

import pytest

from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from tests.cli.e2e3_files import CITY, TABLE, with_category_column, write_data_xlsx, write_plan_docx
from tests.cli_helpers import run_cli

# indicator → (measure, direction, status); the working:
EXPECTED = {
    # table row 92 → 96; 94.6 in 2023: P = 2.6/4 = 0.65, R = 1.08 → on_track
    "学前三年毛入园率": ("level", "up", "on_track"),
    # 84 → 90; 86: P = 2/6 = 0.333, R = 0.56 < 0.6 → lagging
    "普惠性幼儿园覆盖率": ("level", "up", "lagging"),
    # 98.6 → 99.2; 98.4 is below the 2020 value: P = −0.2/0.6, R = −0.56 → regressing
    "义务教育巩固率": ("level", "up", "regressing"),
    # lower is better (≤2 in the 2025 cell): 6 → 2; 4.4: P = 1.6/4 = 0.4, R = 0.67 → at_risk; the trend
    # 6, 5.5, 5.0, 4.4 reaches about 3.3 in 2025, not 2, so the forecast does not lift it
    "义务教育大班额比例": ("level", "down", "at_risk"),
    # 93 → 97; 97.2 in 2023 meets ≥ 97 two years early → achieved
    "高中阶段毛入学率": ("level", "up", "achieved"),
    # the row under the 特殊教育 group row, beside the general 义务教育入学率: 94 → 97; 95.2:
    # P = 1.2/3 = 0.4, R = 0.67 → at_risk (the trend 94, 94.8, 95.2 gives about 96 in 2025, not 97)
    "残疾儿童少年义务教育入学率": ("level", "up", "at_risk"),
    # 保持100%: 100 in 2021, 2022, 2023 → achieved (never the 特殊教育 row's values)
    "义务教育入学率": ("maintain", "up", "achieved"),
    # 到2023年93%，到2025年97%, 88% stated for 2020 in 发展基础: 93.5 in 2023 meets the milestone,
    # R = (93.5 − 88)/(93 − 88) = 1.1 → on_track
    "幼儿园专任教师持证率": ("level", "up", "on_track"),
    # 累计新增6万个, entered as yearly additions (口径 新增): 12000 + 15000 + 11000 = 38000,
    # P = 38000/60000 = 0.633, R = 1.06 → on_track (read as running totals: 11000, lagging)
    "新增中小学学位": ("cumulative", "up", "on_track"),
    # 新建改扩建30所, entered as running totals 5/11/15 (口径 累计): P = 15/30 = 0.5, R = 0.83 → at_risk
    # (summed as additions it would be 31: achieved); the trend gives about 26 by 2025
    "新建改扩建中小学校": ("cumulative", "up", "at_risk"),
    # no data at all → no_data
    "劳动年龄人口平均受教育年限": ("level", "up", "no_data"),
    # 力争2022年建成…: 否 in 2022 and 2023 → overdue
    "建成省级教育现代化市": ("binary", "up", "overdue"),
    # 年均增长6%以上, data the yearly growth rates 4.0, 3.2, 4.3 (%): chained 100 → 111.94,
    # g = 1.1194^(1/3) − 1 = 3.83%, R = 3.83/6 = 0.64 → at_risk; the trend of the chained level
    # (about 120 by 2025) stays short of 100·1.06^5 = 133.8
    "一般公共预算教育支出年均增幅": ("growth_rate", "up", "at_risk"),
    # 每年不低于5亿元: 5.2, 5.5, 4.8 → the latest year missed → lagging
    "教育基础设施建设资金": ("per_year", "up", "lagging"),
    # 1.2、1.5、1.8、1.5、1亿元 for 2021–2025: 1.2, 1.6, 1.8 meet every year so far → on_track
    "学位建设补助资金": ("yearly_amount", "up", "on_track"),
}
COUNTS = {"achieved": 2, "on_track": 4, "at_risk": 4, "lagging": 2, "regressing": 1, "overdue": 1, "no_data": 1}


def _load(engine, tmp_path, table=TABLE, *, check_import: bool = True):
    load_regions(engine)
    load_indicators(engine)
    plan = write_plan_docx(tmp_path / "泉州市教育事业发展十四五规划.docx", table)
    ingest = run_cli(engine, ["ingest", str(plan), "--region", CITY])
    assert ingest.exit_code == 0, ingest.output
    imported = run_cli(engine, ["import", str(write_data_xlsx(tmp_path / "监测数据.xlsx"))])
    assert imported.exit_code == 0 or not check_import, imported.output
    return engine


def _evaluate(engine, tmp_path, *extra: str) -> dict:
    out = tmp_path / "evaluation.json"
    cli = run_cli(engine, ["evaluate", CITY, "--as-of", "2023", "--format", "json", "-o", str(out), *extra])
    assert cli.exit_code == 0, cli.output
    return json.loads(out.read_text(encoding="utf-8"))


def _got(data: dict) -> dict[str, tuple[str, str, str]]:
    return {t["indicator"]: (t["measure"], t["direction"], t["status"]) for t in data["targets"]}


@pytest.fixture
def evaluation(engine, tmp_path):
    return _evaluate(_load(engine, tmp_path), tmp_path, "--include-unreviewed")


def test_every_status_of_the_word_plan_and_the_excel_data(evaluation):
    expected = dict(EXPECTED)
    got = _got(evaluation)
    wrong = {k: (v, got.get(k)) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, "\n".join(f"{k}: expected {v}, got {g}" for k, (v, g) in wrong.items())
    assert got == expected and len(evaluation["targets"]) == 15
    assert evaluation["summary"]["counts"] == COUNTS
    assert evaluation["summary"]["elapsed"] == 0.6 and evaluation["period"] == [2020, 2025]
    assert evaluation["review"]["unreviewed"] == 15 and "尚未经人工审核" in evaluation["review"]["note"]


def test_money_targets_are_named_without_the_payer(evaluation):
    names = {t["indicator"] for t in evaluation["targets"]}
    assert {"教育基础设施建设资金", "学位建设补助资金"} <= names


def test_numbers_milestones_and_reasons(evaluation):
    rows = {t["indicator"]: t for t in evaluation["targets"]}
    classes = rows["义务教育大班额比例"]
    assert (classes["comparator"], classes["target"]) == ("<=", 2.0)
    assert classes["baseline"] == {"year": 2020, "value": 6.0}  # the table's 2020 column, stored as an observation
    assert classes["pace"] == pytest.approx(0.4 / 0.6)
    special, general = rows["残疾儿童少年义务教育入学率"], rows["义务教育入学率"]
    assert special["latest"] == {"year": 2023, "value": 95.2} and general["latest"] == {"year": 2023, "value": 100.0}
    assert rows["义务教育巩固率"]["latest"]["value"] == 98.4 and rows["义务教育巩固率"]["pace"] < 0
    assert rows["高中阶段毛入学率"]["reason"] == "2023年实际值97.2，已达到目标（不低于97）"
    certified = rows["幼儿园专任教师持证率"]
    assert certified["milestones"] == [{"year": 2023, "value": 93.0}] and certified["target"] == 97.0
    assert certified["baseline"] == {"year": 2020, "value": 88.0}  # 发展基础
    assert certified["reason"] == "2023年规划阶段目标93，实际93.5，进度比1.10"
    seats = rows["新增中小学学位"]
    assert seats["latest"] == {"year": 2023, "value": 38000.0} and seats["completion"] == pytest.approx(38000 / 60000)
    schools = rows["新建改扩建中小学校"]
    assert schools["latest"] == {"year": 2023, "value": 15.0} and schools["completion"] == pytest.approx(0.5)
    growth = rows["一般公共预算教育支出年均增幅"]
    assert growth["target"] == 6.0 and growth["inputs"]["actual_rate"] == pytest.approx(3.83, abs=0.005)
    assert growth["reason"] == "2020—2023年年均增长3.83%，目标6%，进度比0.64"
    money = rows["教育基础设施建设资金"]
    assert money["target"] == 5e8 and money["inputs"]["failing_years"] == [2023]
    places = rows["学位建设补助资金"]
    assert [m["value"] for m in places["milestones"]] == [1.2e8, 1.5e8, 1.8e8, 1.5e8, 1e8]
    assert places["inputs"]["failing_years"] == []
    assert rows["建成省级教育现代化市"]["target_year"] == 2022
    assert rows["劳动年龄人口平均受教育年限"]["latest"] == {"year": None, "value": None}


def test_after_confirm_the_same_statuses_without_the_switch(evaluation, engine, tmp_path):
    confirmed = run_cli(engine, ["confirm", CITY])
    assert confirmed.exit_code == 0 and "已确认 " in confirmed.output, confirmed.output
    data = _evaluate(engine, tmp_path)
    assert _got(data) == _got(evaluation) and data["review"]["left_out"] == 0


def test_a_category_column_in_place_of_group_rows_gives_the_same_statuses(engine, tmp_path):
    data = _evaluate(_load(engine, tmp_path, with_category_column(TABLE), check_import=False), tmp_path, "--include-unreviewed")
    got = _got(data)
    table_rows = [row[1] for row in TABLE[1:] if len(row) > 1]
    assert {name: got.get(name) for name in table_rows} == {name: EXPECTED[name] for name in table_rows}
