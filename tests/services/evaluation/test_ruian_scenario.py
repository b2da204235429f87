"""Scenario: the Ruian 十四五 plan (seed 000), monitoring data we wrote for 2021–2023,
evaluated as of 2023 on both databases.

The observations (tests/samples/ruian_observations.csv) were chosen so that the 表1
targets cover every status. The base year is 2020 (表1's 2020 column), the target year
2025, the latest data 2023: τ = (2023 − 2020) / (2025 − 2020) = 0.6 for every target on
the straight path, and R = P / τ.
"""

from __future__ import annotations

import json

import pytest

from eduplan.extract.pipeline import extract_document
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.evaluation.results import PlanResult, TargetResult, evaluate_plan_targets
from eduplan.services.exchange.documents import read_all
from eduplan.services.monitoring.observations import import_observations
from eduplan.services.plans.ingest import ingest_documents
from tests.cli_helpers import run_cli
from tests.conftest import SAMPLES, seed_path

OBSERVATIONS = SAMPLES / "ruian_observations.csv"

# (wording in the plan, target value, target year) → status, completion P, pace R
EXPECTED = {
    # 71 → 77.2 against ≥ 77: met → achieved; P = 6.2 / 6 = 1.0333, R = 1.0333 / 0.6 = 1.7222
    ("高等教育毛入学率", 77, 2025): ("achieved", 1.0333333333, 1.7222222222),
    # 98.7 → 99.5 against 99.8: P = 0.8 / 1.1 = 0.7273, R = 0.7273 / 0.6 = 1.2121
    ("学前三年入园率", 99.8, 2025): ("on_track", 0.7272727273, 1.2121212121),
    # 52.4 → 69 against > 80: P = 16.6 / 27.6 = 0.6014, R = 1.0024 (just above 0.95)
    ("二级及以上幼儿园覆盖面", 80, 2025): ("on_track", 0.6014492754, 1.0024154589),
    # 13.6 → 14.05 against 14.3: P = 0.45 / 0.7 = 0.6429, R = 1.0714
    ("劳动力人口平均受教育年限", 14.3, 2025): ("on_track", 0.6428571429, 1.0714285714),
    # milestone path 2020 35.41 → 2021 50 (到2021年…50%以上) → 2025 65: 序时进度参考值 in 2023
    # 50 + 15·2/4 = 57.5; R = (56 − 35.41) / (57.5 − 35.41) = 20.59 / 22.09 = 0.9321 → at_risk by
    # pace, but its own forecast (69.6 in 2025) meets 65 → on_track (flag forecast_on_track); the
    # 2021 milestone (50) is met by the latest value 56
    ("公办(公益)幼儿园在园幼儿覆盖面", 65, 2025): ("on_track", 0.6958432, 0.932095971),
    # 25.8 → 26.9 against 28: P = 1.1 / 2.2 = 0.5, R = 0.8333
    ("生均占地面积", 28, 2025): ("at_risk", 0.5, 0.8333333333),
    # 12.4 → 12.7 against 14: P = 0.3 / 1.6 = 0.1875, R = 0.3125
    ("生均建筑面积", 14, 2025): ("lagging", 0.1875, 0.3125),
    # 4.7万 → 4.75万 (imported in 万人, stored in 人) against 4.9万: P = 500 / 2000, R = 0.4167
    ("3-5周岁在园幼儿", 49000, 2025): ("lagging", 0.25, 0.4166666667),
    # 13.07万 → 12.98万 against 13.5万: P = −900 / 4300 = −0.2093, R = −0.3488
    ("九年义务教育在校生", 135000, 2025): ("regressing", -0.2093023256, -0.3488372093),
    # 100 → 100 against ≥ 100: met
    ("九年义务教育巩固率", 100, 2025): ("achieved", None, None),
    # no observations at all
    ("从业人员继续教育", 200000, 2025): ("no_data", None, None),
}


def evaluate_ruian(engine) -> PlanResult:
    seed = seed_path("000_")
    load_regions(engine)
    load_indicators(engine)
    docs = read_all([seed], max_bytes=50_000_000)
    [ingested] = ingest_documents(engine, docs, extractor=extract_document)
    imported = import_observations(engine, OBSERVATIONS, plan=ingested.plan_id)
    assert imported.created == 30
    return evaluate_plan_targets(engine, ingested.plan_id, as_of=2023, include_unreviewed=True)


def find(result: PlanResult, name: str, value: float, year: int) -> TargetResult:
    found = [t for t in result.targets
             if t.target_name == name and t.assessment.spec.target == value and t.assessment.spec.target_year == year]
    assert len(found) == 1, f"{name} {value} {year}: {len(found)} targets"
    return found[0]


def test_ruian_statuses_as_of_2023(engine):
    result = evaluate_ruian(engine)
    assert result.plan_region == "瑞安市" and result.period == (2020, 2025)
    assert result.evaluation.summary.elapsed == 0.6
    wrong = []
    for (name, value, year), (status, completion, pace) in EXPECTED.items():
        t = find(result, name, value, year)
        a = t.assessment
        got = (a.status.value, a.completion, a.pace)
        if (a.status.value != status or got[1:] != pytest.approx((completion, pace), abs=1e-6)):
            wrong.append(f"{name}: expected {(status, completion, pace)}, got {got} ({a.reason})")
    assert not wrong, "\n".join(wrong)
    counts = {s.value: n for s, n in result.evaluation.summary.counts.items()}
    assert all(counts[s] >= 1 for s in ("achieved", "on_track", "at_risk", "lagging", "regressing", "no_data"))


def test_ruian_baselines_milestones_and_sections(engine):
    result = evaluate_ruian(engine)
    enrolment = find(result, "学前三年入园率", 99.8, 2025)
    # 表1's 2020 column is stored as an actual target: it is the baseline
    assert enrolment.baseline_source == "actual_target"
    assert enrolment.assessment.baseline.year == 2020 and enrolment.assessment.baseline.value == 98.7
    assert enrolment.region == "瑞安市" and enrolment.indicator_name == "学前三年毛入园率"
    assert enrolment.chapter_title == "总体要求" and enrolment.assessment.spec.section == "二、总体要求"

    final = find(result, "公办(公益)幼儿园在园幼儿覆盖面", 65, 2025)
    # 到2021年…50%以上 is the 2025 target's milestone, not a target of its own
    assert final.assessment.spec.milestones == {2021: 50.0} and final.assessment.rule == "milestone"
    assert not [t for t in result.targets if t.target_name == "公办园(公益园)在园幼儿覆盖面"]
    assert "forecast_on_track" in final.assessment.flags and "序时进度参考值57.5" in final.assessment.reason

    pupils = find(result, "3-5周岁在园幼儿", 49000, 2025)
    assert pupils.assessment.latest.year == 2023 and pupils.assessment.latest.value == 47500


def test_ruian_cli_json_matches_contract(engine, tmp_path):
    result = evaluate_ruian(engine)
    out = tmp_path / "evaluation.json"
    cli = run_cli(engine, ["evaluate", str(result.plan_id), "--as-of", "2023", "--format", "json", "-o", str(out),
                           "--include-unreviewed"])
    assert cli.exit_code == 0, cli.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert list(data) == ["plan", "as_of", "period", "review", "summary", "targets"]
    assert data["review"]["unreviewed"] == len(data["targets"]) and "尚未经人工审核" in data["review"]["note"]
    assert set(data["summary"]) == {"elapsed", "median_completion", "counts"}
    row = next(t for t in data["targets"] if t["indicator"] == "生均建筑面积")
    assert row["status"] == "lagging" and row["baseline"] == {"year": 2020, "value": 12.4}
    assert row["latest"] == {"year": 2023, "value": 12.7} and row["pace"] == pytest.approx(0.3125)

    table = run_cli(engine, ["evaluate", "瑞安", "--as-of", "2023", "--include-unreviewed"])
    assert table.exit_code == 0, table.output
    for label in ("已实现", "符合或快于预期", "进度偏慢", "滞后", "倒退", "无数据"):
        assert label in table.output
    assert "规划期时间进度为60%" in table.output


def test_ruian_special_education_rows_are_not_the_general_indicators(engine):
    """表1's 特殊教育 rows (入园率 90%, 入学率 99%) and 职高在校生 stand apart from the general
    学前三年毛入园率, 义务教育入学率 and 高中段在校生 — in the evaluation and in the report."""
    result = evaluate_ruian(engine)
    special = [t for t in result.targets if t.target_name.startswith("特殊教育")]
    assert {t.target_name for t in special} >= {"特殊教育学前教育入园率", "特殊教育义务教育入学率"}
    general = {t.indicator_name for t in result.targets if not t.target_name.startswith("特殊教育")}
    for t in special:
        assert t.indicator_name not in ("学前三年毛入园率", "义务教育入学率", "高中阶段毛入学率"), t.indicator_name
        assert t.assessment.latest is None  # nobody reported special-education values: nothing borrowed
    vocational = find(result, "高中段教育职高在校生", 15500, 2025)
    whole = find(result, "高中段教育在校生", 35000, 2025)
    assert vocational.indicator_id != whole.indicator_id
    assert "学前三年毛入园率" in general
    from eduplan.report.markdown import render
    from eduplan.services.evaluation.reports import build_report_context
    context = build_report_context(engine, result.plan_id, as_of=2023, include_unreviewed=True)
    text = render(context).decode("utf-8")
    assert "特殊教育学前教育入园率" in text and "773%" not in text
