"""The review gate on the pages: the dashboard counts reviewed targets (its switch adds the
others and says so), the plan page tells how many indicator targets await review and
confirms an indicator table's rows at once (planners only), the entry grid shows 填报口径."""

from __future__ import annotations

import re

from sqlalchemy import select

from eduplan.extract.pipeline import extract_document
from eduplan.ingest.readers import read_text
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.plans.ingest import ingest_documents
from eduplan.store.db import unit_of_work
from eduplan.store.models import Target
from tests.web.conftest import TEST_CSRF

PLAN = """测试县教育事业发展“十四五”规划

一、发展目标

表1 主要指标

指标 单位 2020年 2023年 2025年
学前三年毛入园率 % 95 97 98
高中阶段毛入学率 % 93 95 97

二、主要任务

到2025年，新增公办幼儿园6所。责任单位：县教育局
"""


def ingest(engine) -> int:
    load_regions(engine)
    load_indicators(engine)
    [result] = ingest_documents(engine, [read_text(PLAN, source="测试县.txt", region="示例县")],
                                extractor=extract_document)
    return result.plan_id


def counts(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', page)}


def test_dashboard_counts_reviewed_targets_and_the_switch_adds_the_others(engine, signed_in):
    plan = ingest(engine)
    viewer = signed_in("viewer")
    gated = viewer.get("/", params={"plan": plan, "as_of": 2023}).text
    assert counts(gated)["total"] == 0
    assert 'data-left-out="3"' in gated and "另有3项目标尚未审核" in gated
    everything = viewer.get("/", params={"plan": plan, "as_of": 2023, "include_unreviewed": 1}).text
    assert counts(everything)["total"] == 3 and "尚未经人工审核" in everything
    assert 'name="include_unreviewed" value="1" checked' in everything


def test_plan_page_confirms_the_rows_of_an_indicator_table(engine, signed_in):
    plan = ingest(engine)
    planner = signed_in("planner")
    page = planner.get(f"/plans/{plan}").text
    assert "还有 <b>3</b> 项指标目标待审核" in page
    ids = re.search(r'name="target_ids" value="([\d,]+)"', page).group(1).split(",")
    assert len(ids) == 6  # two rows × three year columns (the 2020 column holds results)
    viewer = signed_in("viewer")
    refused = viewer.post(f"/plans/{plan}/confirm", data={"target_ids": ",".join(ids), "csrf_token": TEST_CSRF},
                          headers={"X-CSRF-Token": TEST_CSRF})
    assert refused.status_code == 403
    done = planner.post(f"/plans/{plan}/confirm", data={"target_ids": ",".join(ids), "csrf_token": TEST_CSRF},
                        headers={"X-CSRF-Token": TEST_CSRF}, follow_redirects=False)
    assert done.status_code == 303
    with unit_of_work(engine) as session:
        states = dict(session.execute(select(Target.id, Target.review_state).where(Target.plan_id == plan)).all())
    assert {states[int(i)] for i in ids} == {"confirmed"}
    assert "还有 <b>1</b> 项指标目标待审核" in planner.get(f"/plans/{plan}").text
    dashboard = signed_in("viewer").get("/", params={"plan": plan, "as_of": 2023}).text
    assert counts(dashboard)["total"] == 2 and "另有1项目标尚未审核" in dashboard


def test_entry_grid_shows_the_entry_basis(engine, signed_in):
    plan = ingest(engine)
    page = signed_in("planner").get("/entry", params={"plan": plan, "year": 2023}).text
    cells = re.findall(r'data-testid="entry-basis">([^<]*)<', page)
    assert "当年新增" in cells and "—" in cells  # 新增公办幼儿园 is additive; the rates are levels
