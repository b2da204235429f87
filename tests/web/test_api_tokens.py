"""API tokens for scripts: create one in a browser session, then work with it alone (no
cookies, no CSRF token); a revoked or unknown token is refused with 401."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.api_support import OWN_UNIT, World, add_user
from tests.web.conftest import session_client

PLAN = ("示例县教育发展行动方案（2021—2025年）\n一、主要目标\n到2025年，义务教育巩固率达到99%。\n"
        "二、重点任务\n（一）推进义务教育优质均衡，责任单位：县教育局。\n")


def test_a_script_works_with_a_token_alone(app, engine):
    World.build(engine)
    planner = add_user(engine, "planner1", "planner")
    with session_client(app, planner) as browser:
        created = browser.post("/api/v1/tokens", json={"name": "每晚导入"})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("edu_") and created.json()["info"]["username"] == "planner1"

    script = TestClient(app, headers={"Authorization": f"Bearer {token}"})  # no cookies, no CSRF header
    assert script.get("/api/v1/me").json()["username"] == "planner1"
    upload = script.post("/api/v1/plans", files={"file": ("行动方案.txt", PLAN.encode(), "text/plain")},
                         data={"region": "示例县"})
    assert upload.status_code == 201, upload.text
    plan_id = upload.json()["plan_id"]
    csv = "指标,区域,年份,数值,来源\n义务教育巩固率,示例县,2020,97.2,年报\n义务教育巩固率,示例县,2022,98.1,年报\n"
    imported = script.post("/api/v1/observations/import", files={"file": ("data.csv", csv.encode(), "text/csv")},
                           data={"plan_id": str(plan_id)})
    assert imported.status_code == 200 and imported.json()["created"] == 2, imported.text
    assert script.post(f"/api/v1/plans/{plan_id}/targets/confirm", json={}).json()["confirmed"] >= 1
    evaluation = script.get(f"/api/v1/plans/{plan_id}/evaluation", params={"as_of": 2022}).json()
    assert evaluation["targets"][0]["latest"] == {"year": 2022, "value": 98.1}
    assert script.cookies.get("eduplan_session") is None

    [listed] = script.get("/api/v1/tokens").json()
    assert listed["name"] == "每晚导入" and listed["last_used_at"] is not None
    assert script.delete(f"/api/v1/tokens/{listed['id']}").status_code == 204
    revoked = script.get("/api/v1/plans")
    assert revoked.status_code == 401 and revoked.json()["error"]["type"] == "not_authenticated"
    script.close()


def test_unknown_and_malformed_tokens_are_refused(app, engine):
    for header in ("Bearer edu_unknown", "Bearer ", "bearer edu_" + "x" * 500):
        with TestClient(app, headers={"Authorization": header}) as client:
            assert client.get("/api/v1/plans").status_code == 401
            assert client.post("/api/v1/observations", json={}).status_code == 401


def test_tokens_for_others_are_an_admin_matter(app, engine):
    admin = add_user(engine, "admin1", "admin")
    unit = add_user(engine, "unit1", "unit", unit=OWN_UNIT)
    with session_client(app, unit) as client:
        refused = client.post("/api/v1/tokens", json={"name": "x", "username": "admin1"})
        assert refused.status_code == 403
        assert client.get("/api/v1/tokens", params={"everyone": True}).status_code == 403
        client.post("/api/v1/tokens", json={"name": "mine"})
    with session_client(app, admin) as client:
        issued = client.post("/api/v1/tokens", json={"name": "填报脚本", "username": "unit1"}).json()
        assert issued["info"]["username"] == "unit1"
        everyone = client.get("/api/v1/tokens", params={"everyone": True}).json()
        assert sorted(t["name"] for t in everyone) == ["mine", "填报脚本"]
        assert client.get("/api/v1/tokens").json() == []
    with TestClient(app, headers={"Authorization": f"Bearer {issued['token']}"}) as script:
        assert script.get("/api/v1/me").json() == {"id": unit.id, "username": "unit1", "display_name": "unit1",
                                                   "role": "unit", "unit_id": unit.unit_id}
        assert script.post("/api/v1/regions/import", files={"file": ("r.csv", b"code,name,level,parent_code\n",
                                                                      "text/csv")}).status_code == 403
