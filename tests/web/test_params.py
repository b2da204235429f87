"""Every integer a client sends is range-checked (422, in Chinese); search terms are text,
not patterns."""

from __future__ import annotations

import types
import typing

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel

from tests.web.api_support import World, add_user
from tests.web.conftest import session_client

HUGE = "99999999999999999999"


def _int_like(annotation) -> bool:
    if annotation is int:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_int_like(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _bounded(metadata) -> bool:
    kinds = {type(m).__name__ for m in metadata}
    return bool(kinds & {"Ge", "Gt"}) and bool(kinds & {"Le", "Lt"})


def _bare_members(annotation) -> bool:
    """A union with a plain ``int`` member (``Annotated[int, Field(ge, le)]`` members are bounded)."""
    return any(a is int for a in typing.get_args(annotation))


def unbounded_integers(app) -> list[str]:
    found = []
    try:
        from fastapi.routing import iter_route_contexts
        routes = list(iter_route_contexts(app.routes))
    except ImportError:  # pragma: no cover - older FastAPI
        routes = list(app.routes)

    def walk(route, dependant) -> None:
        for p in (*dependant.path_params, *dependant.query_params, *dependant.body_params,
                  *dependant.header_params, *dependant.cookie_params):
            annotation = p.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                for name, f in annotation.model_fields.items():
                    if _int_like(f.annotation) and not _bounded(f.metadata) and (
                            f.annotation is int or _bare_members(f.annotation)):
                        found.append(f"{route.path} body.{name}")
            elif _int_like(annotation) and not _bounded(p.field_info.metadata):
                found.append(f"{sorted(route.methods)} {route.path} {p.name}")
        for sub in dependant.dependencies:
            walk(route, sub)

    for route in routes:
        if isinstance(route, APIRoute) or hasattr(route, "dependant"):
            walk(route, route.dependant)
    return found


def test_no_route_takes_an_unbounded_integer(app):
    assert unbounded_integers(app) == []
    assert len([r for r in app.routes]) > 20  # the walk saw the app


@pytest.fixture
def viewer(app, engine):
    World.build(engine)
    with session_client(app, add_user(engine, "viewer9", "viewer")) as client:
        yield client


@pytest.mark.parametrize("path", [
    f"/api/v1/plans?offset={2**63}", f"/api/v1/plans/{HUGE}", f"/api/v1/observations?indicator_id={HUGE}",
    "/api/v1/plans/0", f"/api/v1/plans/1/evaluation?as_of={HUGE}", "/api/v1/tasks?limit=-1",
])
def test_api_numbers_out_of_range_are_422_in_chinese(viewer, path):
    r = viewer.get(path)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["type"] == "input_error" and "Input should" not in r.text
    assert "不能" in error["hint"] or "应为" in error["hint"]


@pytest.mark.parametrize("path", [
    f"/plans/{HUGE}", f"/?plan={HUGE}", f"/?as_of={HUGE}", f"/tasks?plan_id={HUGE}", f"/audit?object_id={HUGE}",
    f"/entry?plan={HUGE}", f"/reports/download?plan=1&as_of={HUGE}&format=docx", f"/indicators?page={HUGE}",
])
def test_page_numbers_out_of_range_are_422(viewer, path):
    r = viewer.get(path)
    assert r.status_code == 422, (path, r.status_code, r.text[:300])
    assert "Input should" not in r.text
    assert "application/vnd.openxmlformats" not in r.headers.get("content-type", "")  # no report for year 10^20


def test_body_numbers_out_of_range_are_422(app, engine):
    World.build(engine)
    with session_client(app, add_user(engine, "planner9", "planner")) as client:
        for body in ({"indicator": "义务教育巩固率", "region": "示例县", "year": 2023, "value": 98, "version": 2**63},
                     {"indicator": 2**63, "region": "示例县", "year": 2023, "value": 98, "version": 0},
                     {"indicator": "义务教育巩固率", "region": "示例县", "year": 10**12, "value": 98, "version": 0}):
            r = client.post("/api/v1/observations", json=body)
            assert r.status_code == 422 and "不能大于" in r.json()["error"]["hint"], r.text


def test_validation_messages_are_chinese(viewer):
    r = viewer.get("/api/v1/plans?limit=abc")
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "请求内容不符合要求：每页条数（limit）：应为整数（收到“abc”）"


@pytest.mark.parametrize("q", ["_", "%", "%%", "\\"])
def test_search_wildcards_are_plain_characters(viewer, q):
    r = viewer.get("/api/v1/indicators", params={"q": q})
    assert r.status_code == 200 and r.json()["total"] == 0  # no indicator name holds these characters
    assert viewer.get("/api/v1/indicators", params={"q": "巩固"}).json()["total"] >= 1
