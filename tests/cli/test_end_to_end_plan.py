"""A plan of our own through the three commands a user runs: ingest, import, evaluate.

tests/samples/e2e/plan.txt (our writing) holds one case of every measure and status; its
monitoring data (tests/samples/e2e/observations.csv) was chosen so that each status can
be computed by hand. Plan period 2021–2025, base year 2020, as of 2023:
τ = (2023 − 2020) / (2025 − 2020) = 0.6 on the straight path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from tests.cli_helpers import run_cli

CASE = Path(__file__).resolve().parent.parent / "samples" / "e2e"

# (indicator as the evaluation names it, measure) → (direction, status); the working:
EXPECTED_BY_NAME = {
    # table row 95 (2020) · 97 (2023) · 98 (2025); 2023 value 96.5 misses the 2023 milestone 97.
    # Pace on the milestone path (96.5 − 95)/(97 − 95) = 0.75 would be at_risk; the missed
    # milestone makes it lagging.
    "学前三年毛入园率": ("level", "up", "lagging"),
    # 99.5 · 99.7 · 99.9; 2023 value 99.7 meets the milestone: R = 0.2/0.2 = 1 → on_track
    "义务教育巩固率": ("level", "up", "on_track"),
    # lower is better, read from a table without ≤: 0.50 · 0.45 · 0.40; 2023 value 0.44 ≤ 0.45,
    # R = (0.44 − 0.50)/(0.45 − 0.50) = 1.2 → on_track (as ≥ it would be "regressing": 0.50 ≥ 0.40)
    "小学校际综合差异系数": ("level", "down", "on_track"),
    # 55 · 53 · 50, lower is better; 2023 value 54 misses ≤ 53 → lagging (R = 1/2 = 0.5)
    "中小学生近视率": ("level", "down", "lagging"),
    # the 特殊教育 row: 95 · 97 · 99; 2023 value 96 < 97 → lagging; never 义务教育入学率
    "残疾儿童少年义务教育入学率": ("level", "up", "lagging"),
    # 保持100%: 100 in 2021–2023 → achieved (the general indicator, beside the qualified one)
    "义务教育入学率": ("maintain", "up", "achieved"),
    # 新增12所, entered as running totals 3/5/8 (口径 累计): total 8, P = 8/12 = 0.667,
    # R = 0.667/0.6 = 1.11 → on_track (summed as additions it would be 16: "achieved")
    "新增公办幼儿园": ("cumulative", "up", "on_track"),
    # 力争2022年创成…: still 否 (0) in 2023 → overdue
    "创成全国学前教育普及普惠县": ("binary", "up", "overdue"),
    # 进入全市前5名, rank 9 (2020) → 7 (2023): P = 2/4 = 0.5, R = 0.83 → at_risk
    "县域义务教育质量监测综合排名": ("rank", "down", "at_risk"),
    # 逐年提高 without a number: 85 → 88 → on_track
    "义务教育阶段学生课后服务参与率": ("directional", "up", "on_track"),
    # 每年不少于1000人次: 1200 / 1100 / 900 → the latest year missed → lagging
    "培训中小学教师": ("per_year", "up", "lagging"),
    # 到2023年85%，到2025年90%: 80 (2020) → 86 (2023) meets the 2023 milestone; R = 6/5 = 1.2
    "中小学专任教师本科及以上学历比例": ("level", "up", "on_track"),
    # 保持在95%以上: 96, 95.5, 94.8 → 2023 below → lagging
    "学生体质健康测试合格率": ("maintain", "up", "lagging"),
    # due 2021 (60%): 55 in 2021 → the deadline passed unmet → overdue
    "中小学智慧校园覆盖率": ("level", "up", "overdue"),
    # ≥98%: 97.96 in 2023 is not 98 → not achieved; P = 1.96/2 = 0.98, R = 1.63 → on_track
    "高中阶段毛入学率": ("level", "up", "on_track"),
    # yearly amounts 2/3/3/2亿: 2.1亿 (2022) meets 2亿, 2.5亿 (2023) misses 3亿 → lagging
    "教育建设资金投入": ("yearly_amount", "up", "lagging"),
}
EXPECTED = {(name, measure): (direction, status) for name, (measure, direction, status) in EXPECTED_BY_NAME.items()}
# 每年降低0.5个百分点 on the same rate as the table row: yearly falls 55 → 54.8 → 54.5 → 54 are
# 0.2, 0.3, 0.5: only the earlier years short → at_risk (a target of its own beside the ≤ 50 row)
EXPECTED[("中小学生近视率", "per_year")] = ("down", "at_risk")


@pytest.fixture
def loaded(engine):
    load_regions(engine)
    load_indicators(engine)
    ingest = run_cli(engine, ["ingest", str(CASE / "plan.txt"), "--region", "云和县"])
    assert ingest.exit_code == 0, ingest.output
    imported = run_cli(engine, ["import", str(CASE / "observations.csv")])
    assert imported.exit_code == 0, imported.output
    return engine


def test_every_status_through_ingest_import_evaluate(loaded, tmp_path):
    out = tmp_path / "evaluation.json"
    cli = run_cli(loaded, ["evaluate", "云和县", "--as-of", "2023", "--format", "json", "--include-unreviewed",
                           "-o", str(out)])
    assert cli.exit_code == 0, cli.output
    data = json.loads(out.read_text(encoding="utf-8"))
    got = {(t["indicator"], t["measure"]): (t["direction"], t["status"]) for t in data["targets"]}
    wrong = {k: (v, got.get(k)) for k, v in EXPECTED.items() if got.get(k) != v}
    assert not wrong, "\n".join(f"{k}: expected {v}, got {g}" for k, (v, g) in wrong.items())
    assert set(got) == set(EXPECTED)  # one entry per indicator: the table's year cells are milestones
    assert len(data["targets"]) == len(EXPECTED) == 17
    counts = data["summary"]["counts"]
    assert counts == {"achieved": 1, "on_track": 6, "at_risk": 2, "lagging": 6, "regressing": 0, "overdue": 2,
                      "no_data": 0}
    assert data["summary"]["elapsed"] == 0.6 and data["period"] == [2020, 2025]
    assert data["review"]["unreviewed"] == 17 and "尚未经人工审核" in data["review"]["note"]


def test_milestones_reasons_and_numbers(loaded, tmp_path):
    out = tmp_path / "evaluation.json"
    run_cli(loaded, ["evaluate", "云和县", "--as-of", "2023", "--format", "json", "--include-unreviewed",
                     "-o", str(out)])
    targets = json.loads(out.read_text(encoding="utf-8"))["targets"]
    rows = {t["indicator"]: t for t in targets if t["measure"] != "per_year" or "近视" not in t["indicator"]}
    [falls] = [t for t in targets if t["indicator"] == "中小学生近视率" and t["measure"] == "per_year"]
    assert falls["inputs"]["points"] == [[2021, 0.2], [2022, 0.3], [2023, 0.5]]
    assert falls["reason"].startswith("2021、2022年未达到每年降低0.5个百分点以上")
    enrolment = rows["学前三年毛入园率"]
    assert enrolment["milestones"] == [{"year": 2023, "value": 97.0}] and enrolment["target"] == 98.0
    assert enrolment["pace"] == pytest.approx(0.75)
    assert enrolment["reason"].startswith("2023年阶段目标（不低于97）未实现，2023年为96.5")
    gap = rows["小学校际综合差异系数"]
    assert (gap["comparator"], gap["milestones"]) == ("<=", [{"year": 2023, "value": 0.45}])
    assert gap["baseline"] == {"year": 2020, "value": 0.5}  # the table's 2020 column, stored as an observation
    assert "规划阶段目标0.45，实际0.44" in gap["reason"]
    schools = rows["新增公办幼儿园"]
    assert schools["latest"] == {"year": 2023, "value": 8.0} and schools["completion"] == pytest.approx(8 / 12)
    money = rows["教育建设资金投入"]
    assert [m["value"] for m in money["milestones"]] == [2e8, 3e8, 3e8, 2e8]
    assert money["inputs"]["failing_years"] == [2023]
    high = rows["高中阶段毛入学率"]
    assert high["latest"]["value"] == 97.96 and high["status"] != "achieved"
    assert rows["创成全国学前教育普及普惠县"]["reason"] == "期限2022年已过，截至2023年尚未完成"
    assert "序时进度参考值" not in rows["学前三年毛入园率"]["reason"]  # 2023 is a year the plan set


def test_default_evaluation_says_how_many_targets_await_review(loaded, tmp_path):
    out = tmp_path / "gated.json"
    cli = run_cli(loaded, ["evaluate", "云和县", "--as-of", "2023", "--format", "json", "-o", str(out)])
    assert cli.exit_code == 0, cli.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["targets"] == [] and data["review"]["left_out"] == 17
    assert "另有17项目标尚未审核" in data["review"]["note"] and "另有17项目标尚未审核" in cli.output
    table = run_cli(loaded, ["evaluate", "云和县", "--as-of", "2023"])
    assert table.exit_code == 0 and "另有17项目标尚未审核" in table.output and "--include-unreviewed" in table.output


def test_confirmed_targets_are_evaluated_without_the_switch(loaded, tmp_path):
    from eduplan.services.plans.targets import confirm_targets
    from eduplan.services.views.plans import plan_review

    review = plan_review(loaded, 1, actor=None, work=False)
    [table] = review.tables  # 表1: its rows, baselines and milestones included
    confirmed = confirm_targets(loaded, 1, actor=None, target_ids=table.pending)
    assert confirmed == len(table.target_ids) >= 13  # 5 rows × 3 years (2 baselines restate 发展基础)
    out = tmp_path / "table.json"
    run_cli(loaded, ["evaluate", "云和县", "--as-of", "2023", "--format", "json", "-o", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(t["indicator"] for t in data["targets"]) == sorted(
        ["学前三年毛入园率", "义务教育巩固率", "小学校际综合差异系数", "中小学生近视率", "残疾儿童少年义务教育入学率"])
    assert data["review"]["left_out"] == 12 and data["review"]["unreviewed"] == 0


def test_running_totals_that_fall_are_refused_and_nothing_is_stored(loaded, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("指标,区域,年份,数值,口径\n新增公办幼儿园,云和县,2024,6,累计\n", encoding="utf-8")
    result = run_cli(loaded, ["import", str(bad)])
    assert result.exit_code == 2
    assert "第2行" in result.output and "累计值不能小于2023年的累计值8" in result.output


def test_confirm_from_the_command_line_lets_evaluation_take_every_target(loaded, tmp_path):
    confirmed = run_cli(loaded, ["confirm", "云和县"])
    assert confirmed.exit_code == 0 and "已确认 " in confirmed.output, confirmed.output
    out = tmp_path / "all.json"
    run_cli(loaded, ["evaluate", "云和县", "--as-of", "2023", "--format", "json", "-o", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["targets"]) == 17 and data["review"] == {
        "include_unreviewed": False, "evaluated": 17, "unreviewed": 0, "left_out": 0, "note": None}


def test_a_fresh_database_needs_nothing_but_the_three_commands(engine, tmp_path):
    """No region list, no dictionary: --region names the plan's region (created
    provisionally), the plan's indicators are created for review, and the statuses are the
    same. Loading the region list later gives the region its real code."""
    assert run_cli(engine, ["ingest", str(CASE / "plan.txt"), "--region", "云和县"]).exit_code == 0
    imported = run_cli(engine, ["import", str(CASE / "observations.csv")])
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "fresh.json"
    run_cli(engine, ["evaluate", "云和县", "--as-of", "2023", "--format", "json", "--include-unreviewed", "-o", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    got = {(t["indicator"], t["measure"]): (t["direction"], t["status"]) for t in data["targets"]}
    assert got == EXPECTED
    assert run_cli(engine, ["region", "load"]).exit_code == 0
    from sqlalchemy import select

    from eduplan.store.db import unit_of_work
    from eduplan.store.models import Plan, Region
    with unit_of_work(engine) as session:
        region = session.scalar(select(Region).where(Region.name == "云和县"))
        assert region.code == "331125" and session.scalar(select(Plan.region_id)) == region.id
