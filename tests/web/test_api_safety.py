"""The API's guard rails: CSRF on session writes, version conflicts between two clients,
one JSON error shape without stack traces, upload size and type limits, documented routes."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eduplan.config import Settings
from eduplan.services.monitoring.observations import record_observation
from eduplan.web.app import create_app
from tests.web.api_support import OWN_UNIT, World, add_user
from tests.web.conftest import session_client

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def world(engine) -> World:
    built = World.build(engine)
    built.new_target()  # OWN_UNIT answers for 义务教育巩固率
    return built


@pytest.fixture
def planner(engine):
    return add_user(engine, "planner1", "planner")


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and {"type", "message", "hint", "location"} <= set(body["error"]), body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body["error"]


# ---- CSRF -------------------------------------------------------------------------------

def test_session_writes_need_the_csrf_header(app, world, planner):
    body = {"indicator": "义务教育巩固率", "region": "示例县", "year": 2022, "value": 98, "version": 0}
    with session_client(app, planner, csrf=False) as client:
        missing = client.post("/api/v1/observations", json=body)
        assert missing.status_code == 403 and "CSRF" in error_of(missing)["message"]
        forged = client.post("/api/v1/observations", json=body, headers={"X-CSRF-Token": "forged"})
        assert forged.status_code == 403
        assert client.get("/api/v1/observations").json()["total"] == 0  # reads need no token
        sent = client.post("/api/v1/observations", json=body, headers={"X-CSRF-Token": "csrf-token-for-tests"})
        assert sent.status_code == 201


# ---- concurrency ------------------------------------------------------------------------

def test_two_clients_patch_one_observation_with_the_same_version(app, engine, world, planner):
    stored = record_observation(engine, indicator="义务教育巩固率", region="示例县", year=2022, value="98.0")
    unit = add_user(engine, "unit1", "unit", unit=OWN_UNIT)
    path = f"/api/v1/observations/{stored.observation_id}"
    with session_client(app, planner) as first, session_client(app, unit) as second:
        seen = first.get(path).json()["version"]
        assert second.get(path).json()["version"] == seen == 1
        assert first.patch(path, json={"value": "98.3", "version": seen}).status_code == 200
        late = second.patch(path, json={"value": "98.6", "version": seen})
        error = error_of(late)
        assert late.status_code == 409 and error["type"] == "conflict"
        assert error["message"] == "该数据已被他人修改" and "刷新" in error["hint"] and "当前版本 2" in error["hint"]
        assert first.get(path).json()["value"] == 98.3
        body = {"indicator": "义务教育巩固率", "region": "示例县", "year": 2023, "value": 99, "version": 0}
        assert first.post("/api/v1/observations", json=body).status_code == 201
        assert second.post("/api/v1/observations", json=body).status_code == 409  # both thought it new


def test_two_clients_patch_one_target_with_the_same_version(app, engine, world, planner):
    target = world.new_target()
    other = add_user(engine, "planner2", "planner")
    path = f"/api/v1/targets/{target}"
    with session_client(app, planner) as first, session_client(app, other) as second:
        assert first.patch(path, json={"version": 1, "value": "99.5"}).status_code == 200
        late = second.patch(path, json={"version": 1, "value": "98"})
        assert late.status_code == 409 and error_of(late)["message"] == "该目标已被他人修改，请刷新后重试"
        assert second.post(f"{path}/confirm", json={"version": 1}).status_code == 409
        assert first.get(path).json()["value"] == 99.5


def test_stale_task_progress_is_a_conflict(app, world, planner):
    task = world.new_task()
    with session_client(app, planner) as client:
        assert client.post(f"/api/v1/tasks/{task}/progress", json={"year": 2022, "progress": 20, "version": 1}).is_success
        late = client.post(f"/api/v1/tasks/{task}/progress", json={"year": 2022, "progress": 50, "version": 1})
        assert late.status_code == 409 and "已被他人修改" in error_of(late)["message"]


# ---- error shape ------------------------------------------------------------------------

def test_errors_are_json_with_message_and_hint(app, world, planner):
    with session_client(app, planner) as client:
        unknown_route = client.get("/api/v1/no-such-thing")
        assert unknown_route.status_code == 404 and unknown_route.json()["error"]["message"]
        wrong_method = client.put("/api/v1/plans")
        assert wrong_method.status_code == 405 and wrong_method.json()["error"]["message"]
        not_found = client.get("/api/v1/targets/424242")
        assert not_found.status_code == 404 and error_of(not_found)["type"] == "not_found"
        invalid = client.post("/api/v1/observations", json={"indicator": "义务教育巩固率", "year": "soon"})
        error = error_of(invalid)
        assert invalid.status_code == 422 and "year" in error["hint"] and "version" in error["hint"]
        not_json = client.post("/api/v1/tasks/1/progress", content=b"{oops", headers={"content-type": "application/json"})
        assert not_json.status_code == 422 and error_of(not_json)["type"] == "input_error"
        bad_value = client.post("/api/v1/observations", json={"indicator": "义务教育巩固率", "region": "示例县",
                                                               "year": 2022, "value": "很多", "version": 0})
        assert bad_value.status_code == 422 and error_of(bad_value)["errors"][0]["column"] == "数值"


def test_an_unexpected_failure_shows_no_internals(app, world, planner, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internals at /srv/eduplan")

    monkeypatch.setattr("eduplan.services.views.catalog.list_plans", boom)
    client = session_client(app, planner)
    client = TestClient(app, raise_server_exceptions=False, cookies=client.cookies, headers=client.headers)
    with client:
        response = client.get("/api/v1/plans")
    assert response.status_code == 500 and response.json()["error"]["type"] == "server_error"
    assert "secret" not in response.text and "Traceback" not in response.text


# ---- uploads ----------------------------------------------------------------------------

@pytest.fixture
def small_app(engine, tmp_path):
    """The app with a 2 KB upload limit."""
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), secret_key="test-secret",
                        data_dir=tmp_path, max_file_mb=2 / 1024)
    application = create_app(settings)
    application.state.engine = engine
    return application


def test_upload_limits_and_types(small_app, world, planner):
    row = "义务教育巩固率,示例县,2022,98.5\n"
    too_big = ("指标,区域,年份,数值\n" + row * 100).encode()  # about 3.5 KB: read, then refused
    with session_client(small_app, planner) as client:
        def upload(path: str, name: str, data: bytes):
            return client.post(path, files={"file": (name, data, "application/octet-stream")})

        refused = upload("/api/v1/observations/import", "data.csv", too_big)
        assert refused.status_code == 413 and error_of(refused)["type"] == "file_too_large"
        assert "上限 2 KB" in refused.json()["error"]["message"]
        huge = upload("/api/v1/plans", "规划.txt", "到2025年。".encode() * 20_000)  # declared length over the limit
        assert huge.status_code == 413 and "EDUPLAN_MAX_FILE_MB" in error_of(huge)["hint"]
        cases = [
            ("/api/v1/plans", "规划.exe", b"MZ\x90\x00", "不支持的文件类型"),
            ("/api/v1/plans", "规划.doc", b"\xd0\xcf\x11\xe0", "不支持的文件类型"),
            ("/api/v1/plans", "规划.docx", "不是压缩包".encode(), "不符"),
            ("/api/v1/plans", "规划.pdf", b"<html>", "不符"),
            ("/api/v1/observations/import", "data.xlsx", b"a,b\n1,2\n", "不符"),
            ("/api/v1/observations/import", "data.csv", b"MZ\x00\x00\x00binary", "不符"),
            ("/api/v1/observations/import", "data.csv", b"  \n", "空"),
            ("/api/v1/regions/import", "regions.xlsx", b"PK\x03\x04", "不支持的文件类型"),
        ]
        for path, name, data, words in cases:
            response = upload(path, name, data)
            assert response.status_code == 422 and words in error_of(response)["message"], (name, response.text)
        no_file = client.post("/api/v1/plans", data={"region": "示例县"})
        assert no_file.status_code == 422 and "file" in error_of(no_file)["hint"]
        small = upload("/api/v1/observations/import", "data.csv", ("指标,区域,年份,数值\n" + row).encode())
        assert small.status_code == 200, small.text


# ---- documentation ----------------------------------------------------------------------

def test_every_endpoint_is_documented_in_chinese(client):
    spec = client.get("/api/v1/openapi.json").json()
    operations = [(method.upper(), path, op) for path, ops in spec["paths"].items() if path.startswith("/api/v1")
                  for method, op in ops.items()]
    assert len(operations) >= 30
    for method, path, op in operations:
        assert CJK.search(op.get("summary", "")), f"{method} {path} has no Chinese summary"
        ok = [code for code in op["responses"] if code.startswith("2")]
        assert ok, f"{method} {path} documents no success response"
        if ok != ["204"]:
            content = op["responses"][ok[0]].get("content", {}).get("application/json", {})
            assert content.get("schema"), f"{method} {path} has no response model"
        if method != "GET":
            assert "403" in op["responses"] and "401" in op["responses"], f"{method} {path}: errors undocumented"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui-bundle.js" in docs.text
