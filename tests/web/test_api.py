"""The JSON API's resources: reads with filters and paging, writes with their results."""

from __future__ import annotations

import pytest

from eduplan.services.monitoring.observations import record_observation
from eduplan.services.plans.progress import record_task_progress
from tests.web.api_support import OWN_UNIT, World, add_user
from tests.web.conftest import session_client


@pytest.fixture
def world(engine) -> World:
    return World.build(engine)


@pytest.fixture
def planner(app, engine):
    with session_client(app, add_user(engine, "planner1", "planner")) as client:
        yield client


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and {"type", "message", "hint", "location"} <= set(body["error"]), body
    assert "Traceback" not in response.text
    return body["error"]


def test_reads_need_a_signed_in_user(app, world):
    with session_client(app, None) as anonymous:
        response = anonymous.get("/api/v1/plans")
    assert response.status_code == 401 and error_of(response)["type"] == "not_authenticated"


def test_plans_page_and_detail(planner, world):
    for _ in range(3):
        world.new_plan()
    page = planner.get("/api/v1/plans", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (4, 2, 1, 2)
    assert [p["id"] for p in page["items"]] == [world.plan_id + 1, world.plan_id + 2]
    too_many = planner.get("/api/v1/plans", params={"limit": 1001})
    assert too_many.status_code == 422 and "limit" in error_of(too_many)["hint"]
    detail = planner.get(f"/api/v1/plans/{world.plan_id}").json()
    assert detail["plan"]["region_name"] == "示例县" and detail["counts"]["targets"] == 0
    missing = planner.get("/api/v1/plans/999999")
    assert missing.status_code == 404 and "999999" in error_of(missing)["message"]


def test_upload_stores_sections_and_targets_once(planner, world):
    text = "示例县教育发展行动方案（2021—2025年）\n一、主要目标\n到2025年，学前三年毛入园率达到98%。\n二、重点任务\n（一）扩大普惠资源。\n"
    upload = {"file": ("行动方案.txt", text.encode(), "text/plain")}
    first = planner.post("/api/v1/plans", files=upload, data={"region": "示例县"})
    assert first.status_code == 201, first.text
    created = first.json()
    assert created["created"] and created["targets"] == 1 and created["source"] == "行动方案.txt"
    again = planner.post("/api/v1/plans", files=upload)
    assert again.status_code == 200 and again.json() == {**created, "created": False, "projects": 0}
    detail = planner.get(f"/api/v1/plans/{created['plan_id']}").json()
    assert [s["title"] for s in detail["sections"]][:2] == ["主要目标", "重点任务"]
    targets = planner.get(f"/api/v1/plans/{created['plan_id']}/targets", params={"kind": "target"}).json()
    [target] = targets["items"]
    assert (target["indicator"], target["value"], target["unit"], target["year"]) == ("学前三年毛入园率", 98, "%", 2025)
    assert target["section_label"].endswith("主要目标") and target["review_state"] == "extracted"


def test_target_filters_and_review(planner, world):
    own, other = world.new_target(), world.new_target(unit="县财政局")
    plan = f"/api/v1/plans/{world.plan_id}/targets"
    unit_id = planner.get(f"/api/v1/targets/{own}").json()
    assert unit_id["units"] == [OWN_UNIT]
    confirmed = planner.post(f"/api/v1/targets/{own}/confirm", json={"version": 1})
    assert confirmed.json()["review_state"] == "confirmed" and confirmed.json()["version"] == 2
    assert [t["id"] for t in planner.get(plan, params={"review_state": "confirmed"}).json()["items"]] == [own]
    assert [t["id"] for t in planner.get(plan, params={"review_state": "extracted"}).json()["items"]] == [other]
    edited = planner.patch(f"/api/v1/targets/{other}", json={"version": 1, "value": "99.5", "year": 2024})
    assert (edited.json()["value"], edited.json()["year"], edited.json()["review_state"]) == (99.5, 2024, "edited")
    assert planner.get(plan, params={"year": 2024}).json()["total"] == 1
    rejected = planner.post(f"/api/v1/targets/{other}/reject", json={"version": 2, "reason": "重复"}).json()
    assert rejected["review_state"] == "rejected"
    bad = planner.patch(f"/api/v1/targets/{own}", json={"version": 2, "comparator": "about"})
    assert bad.status_code == 422 and error_of(bad)["type"] == "input_error"
    text = world.plan_text(world.plan_id)
    start = text.index("推进优质均衡")
    added = planner.post(plan, json={"start": start, "end": start + 6, "indicator": "优质均衡学校", "comparator": "increase",
                                     "kind": "target"})
    assert added.status_code == 201 and added.json()["review_state"] == "manual"
    assert planner.get(plan).json()["total"] == 3


def test_indicators_list_edit_and_merge(planner, world):
    kept, gone = world.new_indicator(), world.new_indicator()
    page = planner.get("/api/v1/indicators", params={"needs_review": True}).json()
    assert {i["name"] for i in page["items"]} == {kept, gone}
    kept_id = world.indicator_id(kept)
    assert planner.get("/api/v1/indicators", params={"q": kept}).json()["items"][0]["id"] == kept_id
    edited = planner.patch(f"/api/v1/indicators/{kept_id}", json={"version": 1, "precision": 2, "max_value": 100})
    assert (edited.json()["precision"], edited.json()["max_value"], edited.json()["version"]) == (2, 100, 2)
    unknown = planner.patch(f"/api/v1/indicators/{kept_id}", json={"version": 2, "colour": "red"})
    assert unknown.status_code == 422
    merged = planner.post("/api/v1/indicators/merge", json={"keep": kept_id, "other": gone}).json()
    assert merged["merged_name"] == gone and gone in merged["kept"]["aliases"]
    assert planner.get(f"/api/v1/indicators/{world.indicator_id(kept)}").json()["aliases"] == [gone]


def test_regions_tree_and_import(planner, world):
    tree = planner.get("/api/v1/regions").json()
    zhejiang = next(r for r in tree if r["name"] == "浙江省")
    wenzhou = next(c for c in zhejiang["children"] if c["name"] == "温州市")
    assert "瑞安市" in {c["name"] for c in wenzhou["children"]}
    csv = "code,name,level,parent_code\n990122,示例二县,county,990100\n"
    imported = planner.post("/api/v1/regions/import", files={"file": ("regions.csv", csv.encode(), "text/csv")})
    assert imported.json() == {"changed": 1}
    city = next(r for r in planner.get("/api/v1/regions").json() if r["name"] == "示例省")["children"][0]
    assert "示例二县" in {c["name"] for c in city["children"]}
    bad = "code,name,level,parent_code\nabc,坏县,town,990100\n"
    refused = planner.post("/api/v1/regions/import", files={"file": ("regions.csv", bad.encode(), "text/csv")})
    error = error_of(refused)
    assert refused.status_code == 422 and {e["column"] for e in error["errors"]} == {"code", "level"}


def test_observations_record_list_and_page(planner, world):
    created = planner.post("/api/v1/observations", json={"indicator": "义务教育巩固率", "region": "示例县", "year": 2021,
                                                          "value": "98.1%", "source": "年报", "version": 0})
    assert created.status_code == 201 and created.json()["value"] == 98.1
    for year, value in ((2022, 98.4), (2023, 98.9)):
        record_observation(world.engine, indicator="义务教育巩固率", region="示例县", year=year, value=value)
    record_observation(world.engine, indicator="学前三年毛入园率", region="瑞安市", year=2022, value=97)
    indicator_id = world.indicator_id("义务教育巩固率")
    page = planner.get("/api/v1/observations", params={"indicator_id": indicator_id, "year_from": 2022,
                                                       "limit": 1}).json()
    assert (page["total"], page["items"][0]["year"], page["items"][0]["region"]) == (2, 2022, "示例县")
    second = planner.get("/api/v1/observations", params={"indicator_id": indicator_id, "year_from": 2022, "limit": 1,
                                                         "offset": 1}).json()
    assert second["items"][0]["year"] == 2023
    one = planner.get(f"/api/v1/observations/{created.json()['observation_id']}").json()
    assert (one["source"], one["version"], one["indicator"]) == ("年报", 1, "义务教育巩固率")
    assert planner.get("/api/v1/observations", params={"year_to": 2021}).json()["total"] == 1
    same = planner.patch(f"/api/v1/observations/{one['id']}", json={"value": "98.10", "version": 1}).json()
    assert (same["changed"], same["version"]) == (False, 1)


def test_import_is_all_or_nothing(planner, world):
    csv = "指标,区域,年份,数值\n义务教育巩固率,示例县,2022,98.5\n义务教育巩固率,示例县,2023,abc\n没有这个指标,示例县,2023,1\n"
    refused = planner.post("/api/v1/observations/import", files={"file": ("data.csv", csv.encode(), "text/csv")})
    error = error_of(refused)
    assert refused.status_code == 422 and error["location"] == "data.csv" and "未导入" in error["message"]
    assert [e["row"] for e in error["errors"]] == [3, 4]
    assert planner.get("/api/v1/observations").json()["total"] == 0
    good = csv.split("\n")[:2]
    imported = planner.post("/api/v1/observations/import",
                            files={"file": ("data.csv", "\n".join(good).encode(), "text/csv")}).json()
    assert (imported["rows"], imported["created"], imported["updated"]) == (1, 1, 0)


def test_tasks_and_projects(planner, world):
    own, other = world.new_task(), world.new_task(unit="县财政局")
    record_task_progress(world.engine, own, year=2022, progress=100)
    tasks = planner.get("/api/v1/tasks", params={"plan_id": world.plan_id}).json()
    assert {t["id"] for t in tasks["items"]} == {own, other}
    done = planner.get("/api/v1/tasks", params={"status": "done"}).json()["items"]
    assert [(t["id"], t["units"][0]["name"]) for t in done] == [(own, OWN_UNIT)]
    unit_id = done[0]["units"][0]["id"]
    assert [t["id"] for t in planner.get("/api/v1/tasks", params={"unit_id": unit_id}).json()["items"]] == [own]
    reported = planner.post(f"/api/v1/tasks/{other}/progress", json={"year": 2023, "progress": 30, "version": 1})
    assert reported.json() == {"task_id": other, "status": "in_progress", "progress": 30, "version": 2}
    project = world.new_project()
    listed = planner.get("/api/v1/projects", params={"plan_id": world.plan_id}).json()["items"]
    assert [(p["id"], p["investment"], [u["name"] for u in p["units"]]) for p in listed] == [
        (project, 80000000, [OWN_UNIT])]
    progress = planner.post(f"/api/v1/projects/{project}/progress",
                            json={"year": 2023, "stage": "在建", "investment_done": 30000000, "seats_done": 600,
                                  "version": 1}).json()
    assert (progress["stage"], progress["investment_done"], progress["seats_done"]) == ("在建", 30000000, 600)


def test_evaluation_follows_the_contract(planner, world):
    world.new_target()
    for year, value in ((2020, 97.0), (2021, 97.5), (2022, 98.0)):
        record_observation(world.engine, indicator="义务教育巩固率", region="示例县", year=year, value=value)
    # nobody reviewed the target: left out, and the answer says so
    gated = planner.get(f"/api/v1/plans/{world.plan_id}/evaluation", params={"as_of": 2022}).json()
    assert gated["targets"] == [] and gated["review"]["left_out"] == 1 and "尚未审核" in gated["review"]["note"]
    confirmed = planner.post(f"/api/v1/plans/{world.plan_id}/targets/confirm", json={})
    assert confirmed.status_code == 200 and confirmed.json() == {"confirmed": 1}
    response = planner.get(f"/api/v1/plans/{world.plan_id}/evaluation", params={"as_of": 2022})
    body = response.json()
    assert set(body) >= {"plan", "as_of", "period", "review", "summary", "targets"} and body["as_of"] == 2022
    assert body["review"]["left_out"] == 0 and body["review"]["note"] is None
    [target] = body["targets"]
    assert {"id", "indicator", "region", "comparator", "target", "target_year", "baseline", "latest", "elapsed",
            "completion", "pace", "status", "forecast", "flags", "section", "units", "rule", "inputs",
            "quote"} <= set(target)
    assert target["latest"] == {"year": 2022, "value": 98.0} and target["units"] == [OWN_UNIT]
    assert body["summary"]["counts"][target["status"]] == 1
    missing_year = planner.get(f"/api/v1/plans/{world.plan_id}/evaluation")
    assert missing_year.status_code == 422 and "as_of" in error_of(missing_year)["hint"]
    other_region = planner.get(f"/api/v1/plans/{world.plan_id}/evaluation", params={"as_of": 2022,
                                                                                   "region": "瑞安市"}).json()
    assert other_region["targets"][0]["region"] == "瑞安市" and other_region["targets"][0]["status"] == "no_data"


def test_evaluation_treats_data_as_stale_after_the_configured_years(app, planner, world):
    world.new_target()
    for year, value in ((2020, 97.0), (2021, 97.5)):
        record_observation(world.engine, indicator="义务教育巩固率", region="示例县", year=year, value=value)

    def status() -> tuple[str, list[str]]:
        [target] = planner.get(f"/api/v1/plans/{world.plan_id}/evaluation",
                               params={"as_of": 2024, "include_unreviewed": True}).json()["targets"]
        return target["status"], target["flags"]

    assert status()[0] == "no_data" and "stale" in status()[1]  # 2021 is more than two years before 2024
    app.state.settings.stale_years = 3  # EDUPLAN_STALE_YEARS, as the CLI and reports read it
    assert "stale" not in status()[1]
