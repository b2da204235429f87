"""A second plan of our own, written the way another county bureau writes, through ingest,
import and evaluate.

tests/samples/e2e2/plan.txt (our writing) is a 三年行动计划 (2024—2026年, base year 2023)
shaped unlike tests/samples/e2e: a 主要目标 paragraph with three targets in one sentence, a
yearly milestone sentence (2024年、2025年…分别达到…，2026年达到…), a pipe table with 序号, 单位,
four year columns and 属性, lower-is-better rows (生师比, 大班额比例, 近视率), a 农村 row beside the
general one, 保持, 每年, 累计新增, two 创成/建成 goals, a ranking in Chinese numerals (前三位), a
directional goal, and sentences that are not targets (2023 results, project counts).
Its data (tests/samples/e2e2/observations.csv) was chosen so that every status can be
computed by hand. As of 2025: τ = (2025 − 2023) / (2026 − 2023) = 2/3.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from tests.cli_helpers import run_cli

CASE = Path(__file__).resolve().parent.parent / "samples" / "e2e2"
REGION = "遂昌县"
AS_OF = "2025"

# indicator as the evaluation names it → (measure, direction, status); the working:
EXPECTED = {
    # 主要目标, one sentence of three: ≥98 by 2026, baseline 96.2 stated in 发展基础 (2023);
    # 97.5 in 2025: P = 1.3/1.8 = 0.722, R = 0.722/0.667 = 1.08 → on_track
    "学前三年毛入园率": ("level", "up", "on_track"),
    # ≥92, baseline 88 (发展基础); 90.2: P = 2.2/4 = 0.55, R = 0.825 → at_risk
    "普惠性幼儿园覆盖率": ("level", "up", "at_risk"),
    # ≥60; 52 → 57 → 61: met before the deadline → achieved
    "公办幼儿园在园幼儿占比": ("level", "up", "achieved"),
    # 保持在99%以上: 99.2 / 99.4 / 99.5 → every year at the level → achieved
    "义务教育巩固率": ("maintain", "up", "achieved"),
    # 2024年、2025年分别达到88%、90%，2026年达到92%: milestones 88 (2024), 90 (2025), target 92.
    # 86 (2023) → 88.2 → 89.5: the 2025 milestone 90 is missed → lagging (R = 3.5/4 = 0.875 on
    # the milestone path; read as one straight path to 92 it would be at_risk: R = 0.583/0.667)
    "中小学专任教师本科及以上学历比例": ("level", "up", "lagging"),
    # table row, lower is better, no comparator word: 18.5 · 18 · 17.5 · 17; 17.4 in 2025 meets
    # the 2025 milestone 17.5: R = (18.5 − 17.4)/(18.5 − 17.5) = 1.1 → on_track
    "小学生师比": ("level", "down", "on_track"),
    # 4 · 3 · 2 · 0; 0 in 2025 meets ≤ 0 → achieved
    "义务教育大班额比例": ("level", "down", "achieved"),
    # 52 · 51 · 50 · 49; 51.2 in 2025 misses ≤ 50 → lagging (R = 0.8/2 = 0.4)
    "儿童青少年总体近视率": ("level", "down", "lagging"),
    # 85 · 88 · 92 · 95; 92 in 2025 meets the milestone exactly: R = 7/7 = 1 → on_track
    "义务教育标准化学校覆盖率": ("level", "up", "on_track"),
    # the 农村 row: 78 · 82 · 86 · 90; 84 misses 86 → lagging (never the general row's values)
    "农村义务教育标准化学校覆盖率": ("level", "up", "lagging"),
    # 累计新增1800个, entered as yearly additions (no 口径): 700 + 520 = 1220, P = 0.678,
    # R = 1.02 → on_track (read as running totals it would be 520: lagging)
    "新增公办幼儿园学位": ("cumulative", "up", "on_track"),
    # 到2024年达到100%: 98 in 2024 → the deadline passed unmet → overdue (99.5 in 2025 changes nothing)
    "幼儿园专任教师持证率": ("level", "up", "overdue"),
    # 力争2026年创成…: 否 in 2025, before its deadline → no_data (not yet due)
    "创成省级学前教育普及普惠县": ("binary", "up", "no_data"),
    # 2025年建成…: 否 in 2024, 是 in 2025 → achieved
    "建成全国义务教育优质均衡发展县": ("binary", "up", "achieved"),
    # 进入全市前三位: place 7 (2023) → 5 (2025): P = 2/4 = 0.5, R = 0.75 → at_risk
    "初中学业水平考试综合成绩排名": ("rank", "down", "at_risk"),
    # 每年不少于60名: 55 (2024), 62 (2025): only an earlier year short → at_risk
    "中小学新教师": ("per_year", "up", "at_risk"),
    # 逐年提高: 56 (2023) → 55 (2025): the wrong way → regressing
    "中小学生体质健康优良率": ("directional", "up", "regressing"),
}
COUNTS = {"achieved": 4, "on_track": 4, "at_risk": 3, "lagging": 3, "regressing": 1, "overdue": 1, "no_data": 1}

# The yearly milestone sentence (2024年、2025年…分别达到88%、90%，2026年达到92%) is one target
# with its milestones: each listed year takes its value, 本科及以上 is no list of two names, and
# the last clause continues the same indicator.
MILESTONE_SENTENCE = "中小学专任教师本科及以上学历比例"
NOT_TARGETS = ("幼儿园", "中小学", "在园幼儿", "校舍维修改造", "项目")  # 2023 results and project counts


def _evaluate(engine, tmp_path, *extra: str) -> dict:
    out = tmp_path / "evaluation.json"
    cli = run_cli(engine, ["evaluate", REGION, "--as-of", AS_OF, "--format", "json", "-o", str(out), *extra])
    assert cli.exit_code == 0, cli.output
    return json.loads(out.read_text(encoding="utf-8"))


def _got(data: dict) -> dict[str, tuple[str, str, str]]:
    return {t["indicator"]: (t["measure"], t["direction"], t["status"]) for t in data["targets"]}


@pytest.fixture
def loaded(engine):
    load_regions(engine)
    load_indicators(engine)
    ingest = run_cli(engine, ["ingest", str(CASE / "plan.txt"), "--region", REGION])
    assert ingest.exit_code == 0, ingest.output
    assert "eduplan confirm" in ingest.output and "--include-unreviewed" in ingest.output
    imported = run_cli(engine, ["import", str(CASE / "observations.csv")])
    assert imported.exit_code == 0, imported.output
    return engine


def test_every_status_that_extraction_reads_today(loaded, tmp_path):
    data = _evaluate(loaded, tmp_path, "--include-unreviewed")
    got = _got(data)
    wrong = {k: (v, got.get(k)) for k, v in EXPECTED.items() if k != MILESTONE_SENTENCE and got.get(k) != v}
    assert not wrong, "\n".join(f"{k}: expected {v}, got {g}" for k, (v, g) in wrong.items())
    assert data["summary"]["elapsed"] == pytest.approx(2 / 3) and data["period"] == [2023, 2026]
    assert data["review"]["unreviewed"] == len(data["targets"]) and "尚未经人工审核" in data["review"]["note"]


def test_the_yearly_milestone_sentence_is_one_target_with_its_milestones(loaded, tmp_path):
    data = _evaluate(loaded, tmp_path, "--include-unreviewed")
    [row] = [t for t in data["targets"] if t["indicator"] == MILESTONE_SENTENCE]
    assert (row["target"], row["target_year"]) == (92.0, 2026)
    assert row["milestones"] == [{"year": 2024, "value": 88.0}, {"year": 2025, "value": 90.0}]
    assert (row["measure"], row["direction"], row["status"]) == EXPECTED[MILESTONE_SENTENCE]
    assert row["reason"].startswith("2025年阶段目标（不低于90）未实现，2025年为89.5")


def test_project_counts_are_not_targets(loaded, tmp_path):
    data = _evaluate(loaded, tmp_path, "--include-unreviewed")
    assert not [t["indicator"] for t in data["targets"] if "项目" in t["indicator"]]


def test_the_whole_plan_is_exactly_its_targets(loaded, tmp_path):
    data = _evaluate(loaded, tmp_path, "--include-unreviewed")
    assert _got(data) == EXPECTED and len(data["targets"]) == 17
    assert data["summary"]["counts"] == COUNTS


def test_results_of_the_base_year_are_baselines_not_targets(loaded, tmp_path):
    data = _evaluate(loaded, tmp_path, "--include-unreviewed")
    names = [t["indicator"] for t in data["targets"]]
    assert not [n for n in names if n in ("幼儿园", "中小学", "在园幼儿", "中小学在园幼儿") or "校舍" in n]
    rows = {t["indicator"]: t for t in data["targets"]}
    # 2023年…学前三年毛入园率为96.2%，普惠性幼儿园覆盖率为88%: the baselines of the 主要目标
    assert rows["学前三年毛入园率"]["baseline"] == {"year": 2023, "value": 96.2}
    assert rows["普惠性幼儿园覆盖率"]["baseline"] == {"year": 2023, "value": 88.0}


def test_milestones_reasons_and_numbers(loaded, tmp_path):
    rows = {t["indicator"]: t for t in _evaluate(loaded, tmp_path, "--include-unreviewed")["targets"]}
    ratio = rows["小学生师比"]
    assert (ratio["comparator"], ratio["target"], ratio["target_year"]) == ("<=", 17.0, 2026)
    assert ratio["milestones"] == [{"year": 2024, "value": 18.0}, {"year": 2025, "value": 17.5}]
    assert ratio["baseline"] == {"year": 2023, "value": 18.5}  # the table's 2023 column, stored as an observation
    assert ratio["reason"] == "2025年规划阶段目标17.5，实际17.4，进度比1.10"
    assert rows["义务教育大班额比例"]["target"] == 0.0 and rows["义务教育大班额比例"]["latest"]["value"] == 0.0
    rural, general = rows["农村义务教育标准化学校覆盖率"], rows["义务教育标准化学校覆盖率"]
    assert rural["latest"] == {"year": 2025, "value": 84.0} and general["latest"] == {"year": 2025, "value": 92.0}
    assert rural["reason"].startswith("2025年阶段目标（不低于86）未实现，2025年为84")
    seats = rows["新增公办幼儿园学位"]
    assert seats["latest"] == {"year": 2025, "value": 1220.0} and seats["completion"] == pytest.approx(1220 / 1800)
    certified = rows["幼儿园专任教师持证率"]
    assert certified["target_year"] == 2024 and certified["reason"].startswith("期限2024年已到，2024年为98，未达到目标")
    assert rows["创成省级学前教育普及普惠县"]["reason"] == "期限为2026年，截至2025年尚未完成"
    assert rows["建成全国义务教育优质均衡发展县"]["reason"] == "2025年已完成"
    rank = rows["初中学业水平考试综合成绩排名"]
    assert (rank["comparator"], rank["target"], rank["pace"]) == ("<=", 3.0, pytest.approx(0.75))
    assert rows["中小学新教师"]["reason"] == "2024年未达到每年不低于60，2025年为62"
    assert rows["中小学生体质健康优良率"]["reason"] == "目标为提高，实际由56变为55，方向相反"


def test_without_review_the_commands_say_why_nothing_is_evaluated_and_what_to_run(loaded, tmp_path):
    table = run_cli(loaded, ["evaluate", REGION, "--as-of", AS_OF])
    assert table.exit_code == 0, table.output
    assert "没有评估任何目标" in table.output and "尚未经人工审核" in table.output
    assert f"eduplan confirm {REGION}" in table.output and "--include-unreviewed" in table.output
    assert "所用监测数据均已审核通过" not in table.output  # no data was used
    gated = run_cli(loaded, ["evaluate", REGION, "--as-of", AS_OF, "--format", "csv"])
    assert gated.exit_code == 0
    assert list(csv.DictReader(io.StringIO(gated.stdout))) == [] and gated.stdout.startswith("id,indicator,")
    assert "尚未审核" in gated.stderr and f"eduplan confirm {REGION}" in gated.stderr
    data = _evaluate(loaded, tmp_path)
    assert data["targets"] == [] and data["review"]["left_out"] >= 17


def test_after_confirm_the_statuses_are_the_same_without_the_switch(loaded, tmp_path):
    before = _got(_evaluate(loaded, tmp_path, "--include-unreviewed"))
    confirmed = run_cli(loaded, ["confirm", REGION])
    assert confirmed.exit_code == 0 and "已确认 " in confirmed.output, confirmed.output
    data = _evaluate(loaded, tmp_path)
    assert _got(data) == before
    assert data["review"] == {"include_unreviewed": False, "evaluated": len(before), "unreviewed": 0, "left_out": 0,
                              "note": None}
    table = run_cli(loaded, ["evaluate", REGION, "--as-of", AS_OF])
    assert "eduplan confirm" not in table.output and "尚未审核" not in table.output


def test_a_fresh_database_gives_the_same_statuses(engine, tmp_path):
    """No region list, no dictionary: the indicators are created from the plan for review."""
    assert run_cli(engine, ["ingest", str(CASE / "plan.txt"), "--region", REGION]).exit_code == 0
    imported = run_cli(engine, ["import", str(CASE / "observations.csv")])
    assert imported.exit_code == 0, imported.output
    got = _got(_evaluate(engine, tmp_path, "--include-unreviewed"))
    wrong = {k: (v, got.get(k)) for k, v in EXPECTED.items() if k != MILESTONE_SENTENCE and got.get(k) != v}
    assert not wrong, "\n".join(f"{k}: expected {v}, got {g}" for k, (v, g) in wrong.items())
