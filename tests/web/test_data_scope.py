"""A unit user writes only in its regions, for its unit, in plans of its regions — through
the JSON API, the entry grid (/entry/cell), file import, and the task and project forms.

The world: two county plans (示例县 and 示范县) that both name 县教育局 for 义务教育巩固率, a
task and a project. jyj is 县教育局 of 示例县. Before regions existed, jyj could write for
any region and any plan naming 县教育局 (the issue's 201/200 answers)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator, Plan, Project, Region, Task
from tests.conftest import row_counts
from tests.web.api_support import OWN_UNIT, World, add_user
from tests.web.conftest import csrf_of, session_client

FOREIGN = ["示范县", "示例市", "示例省"]


@pytest.fixture
def world(engine) -> World:
    built = World.build(engine)
    built.new_target()
    built.ids["task"], built.ids["project"] = built.new_task(), built.new_project()
    built.use("示范县").new_target()
    built.ids["foreign_task"], built.ids["foreign_project"] = built.new_task(), built.new_project()
    return built.use("示例县")


@pytest.fixture
def jyj(app, engine, world):
    user = add_user(engine, "jyj", "unit", unit=OWN_UNIT, regions=["示例县"])
    with session_client(app, user) as client:
        yield client


def ids(engine) -> dict[str, int]:
    with unit_of_work(engine) as session:
        out = {r.name: r.id for r in session.scalars(select(Region))}
        out["indicator"] = session.scalar(select(Indicator.id).where(Indicator.name == "义务教育巩固率"))
        return out


@pytest.mark.parametrize("region", FOREIGN)
def test_api_value_for_another_region_is_403(jyj, engine, region):
    before = row_counts(engine)
    r = jyj.post("/api/v1/observations", json={"indicator": "义务教育巩固率", "region": region, "year": 2024,
                                               "value": 10, "version": 0})
    assert r.status_code == 403, r.text
    assert "区域以外" in r.json()["error"]["message"] and "示例县" in r.json()["error"]["hint"]
    assert row_counts(engine) == before


def test_api_value_of_its_own_region_is_accepted(jyj):
    r = jyj.post("/api/v1/observations", json={"indicator": "义务教育巩固率", "region": "示例县", "year": 2024,
                                               "value": 97.9, "version": 0})
    assert r.status_code == 201, r.text


def test_changing_a_stored_value_of_another_region_is_403(jyj, engine, app):
    admin = add_user(engine, "boss", "admin")
    with session_client(app, admin) as client:
        stored = client.post("/api/v1/observations", json={"indicator": "义务教育巩固率", "region": "示范县",
                                                           "year": 2024, "value": 97.9, "version": 0}).json()
    r = jyj.patch(f"/api/v1/observations/{stored['observation_id']}", json={"value": 10, "version": stored["version"]})
    assert r.status_code == 403
    with session_client(app, admin) as client:
        assert client.get(f"/api/v1/observations/{stored['observation_id']}").json()["value"] == 97.9


@pytest.mark.parametrize("region", FOREIGN)
def test_entry_cell_for_another_region_is_403(jyj, engine, world, region):
    known = ids(engine)
    before = row_counts(engine)
    r = jyj.post("/entry/cell", data={"plan": world.plans["示例县"], "indicator": known["indicator"],
                                      "region": known[region], "year": 2024, "version": 0, "value": "10"},
                 headers={"HX-Request": "true"})
    assert r.status_code == 403 and "区域以外" in r.text
    assert row_counts(engine) == before


def test_entry_cell_for_a_plan_of_another_region_is_403(jyj, engine, world):
    """Even a value of its own region is refused when entered for 示范县's plan."""
    known = ids(engine)
    for region in ("示范县", "示例县"):
        r = jyj.post("/entry/cell", data={"plan": world.plans["示范县"], "indicator": known["indicator"],
                                          "region": known[region], "year": 2024, "version": 0, "value": "10"},
                     headers={"HX-Request": "true"})
        assert r.status_code == 403, (region, r.text)


def test_import_for_another_region_or_plan_is_403(jyj, engine, world):
    before = row_counts(engine)
    csv = "指标,区域,年份,数值\n义务教育巩固率,示例县,2024,98\n义务教育巩固率,示范县,2024,10\n".encode()
    r = jyj.post("/api/v1/observations/import", files={"file": ("data.csv", csv, "text/csv")})
    assert r.status_code == 403 and "示范县" in r.json()["error"]["message"]  # names the refused rows
    own = "指标,区域,年份,数值\n义务教育巩固率,示例县,2024,98\n".encode()
    r = jyj.post("/api/v1/observations/import", files={"file": ("data.csv", own, "text/csv")},
                 data={"plan_id": world.plans["示范县"]})
    assert r.status_code == 403
    assert row_counts(engine) == before


def test_task_and_project_forms_of_another_plan_are_403(jyj, engine, world):
    for path, field in ((f"/tasks/{world.ids['foreign_task']}/progress", "progress"),
                        (f"/projects/{world.ids['foreign_project']}/progress", "stage")):
        r = jyj.post(path, data={"version": 1, field: "50" if field == "progress" else "在建", "year": 2024},
                     headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(jyj)})
        assert r.status_code == 403, (path, r.text)
    with unit_of_work(engine) as session:
        assert session.get(Task, world.ids["foreign_task"]).progress == 0
        assert session.get(Project, world.ids["foreign_project"]).stage is None
    own = jyj.post(f"/tasks/{world.ids['task']}/progress", data={"version": 1, "progress": "50", "year": 2024},
                   headers={"HX-Request": "true"})
    assert own.status_code == 200


def test_pages_offer_only_what_the_user_may_write(jyj, world):
    entry = jyj.get("/entry").text
    offered = re.findall(r'<option value="(\d+)"[^>]*>([^<]*教育事业发展规划\d+)', entry)
    assert {int(i) for i, _ in offered} == {world.plans["示例县"]}  # only its region's plan
    board = jyj.get("/tasks").text
    editable = dict(re.findall(r'data-task-id="(\d+)" data-column="[^"]+" data-editable="(true|false)"', board))
    assert editable[str(world.ids["task"])] == "true" and editable[str(world.ids["foreign_task"])] == "false"
    projects = jyj.get("/projects").text
    rows = dict(re.findall(r'data-project-id="(\d+)" data-editable="(true|false)"', projects))
    assert rows[str(world.ids["project"])] == "true" and rows[str(world.ids["foreign_project"])] == "false"


def test_a_unit_user_without_regions_writes_nothing(app, engine, world):
    user = add_user(engine, "lonely", "unit", unit=OWN_UNIT, regions=[])
    with session_client(app, user) as client:
        r = client.post("/api/v1/observations", json={"indicator": "义务教育巩固率", "region": "示例县", "year": 2024,
                                                      "value": 98, "version": 0})
        assert r.status_code == 403 and "未授权任何区域" in r.json()["error"]["hint"]
        assert "还没有规划" in client.get("/entry").text


def test_plans_of_the_world_have_their_regions(engine, world):
    with unit_of_work(engine) as session:
        regions = {p.region_name: p.region_id for p in session.scalars(select(Plan))}
    assert all(regions.values()) and set(regions) == {"示例县", "示范县"}
