"""Every write endpoint of the JSON API × every kind of caller × where the object is →
the expected status.

The table below lists each write route (method and path as registered) with a request
builder and the roles that may use it. Objects answer to ``OWN_UNIT``: the unit user of
that unit may report on them, the unit user of another unit may not. Each role writes to
objects built for it alone, so one role's success cannot change another's answer.

Region and plan: the unit users of ``OWN_UNIT`` differ only in the regions granted to
them (示例县; 示范县; the city 示例市 above both; the province 示例省). Data writes
(values, progress, submission and approval) run twice: on the plan and values of 示例县,
and on those of 示范县 — the unit user of the other county is refused (403) although its
unit has the same name, and so are the users of the city and the province: regions are
granted exactly, a higher level does not include the counties below.

``test_every_write_route_is_in_the_table`` enumerates the app's routes: a new POST, PUT,
PATCH or DELETE under /api/v1 without a row here fails the suite, so no endpoint ships
without its role checks being tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

import pytest

from eduplan.services.monitoring.observations import record_observation
from eduplan.store.models import User
from tests.web.api_support import OTHER_UNIT, OWN_UNIT, World, add_user, token_client
from tests.web.conftest import session_client

ROLES = ("admin", "planner", "unit_own", "unit_other", "unit_sibling", "unit_city", "unit_province", "viewer",
         "anonymous")
PLANNING = {"admin", "planner"}  # plans, targets, indicators, regions
REPORTING = {"admin", "planner", "unit_own"}  # observations, task and project progress, submission
DECIDING = {"admin", "planner"}  # approve, return, reopen
SIGNED_IN = {"admin", "planner", "unit_own", "unit_other", "unit_sibling", "unit_city", "unit_province", "viewer"}
HOME, ELSEWHERE = "示例县", "示范县"  # the county of unit_own, the county of unit_sibling
_n = count(1)

Request = tuple[str, dict]  # (path, keyword arguments for TestClient.request)
Builder = Callable[[World, "Actors", str], Request]


@dataclass(frozen=True)
class Write:
    method: str
    route: str  # the path template as registered
    build: Builder
    allowed: frozenset[str]
    note: str = ""
    regional: bool = False  # a data write: also run on the plan and values of ELSEWHERE

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}{' ' + self.note if self.note else ''}"


class Actors(dict[str, User | None]):
    """role → user (None for anonymous)."""


def fresh_year() -> int:
    """A year no other request of the test has used (within 1950–2019)."""
    return 1950 + next(_n) % 70


def plan_file(world: World, actors: Actors, role: str) -> Request:
    text = f"示例县教育事业发展规划{next(_n)}\n一、主要目标\n到2025年，学前三年毛入园率达到98%。\n"
    return "/api/v1/plans", {"files": {"file": ("规划.txt", text.encode(), "text/plain")}}


def new_target_text(world: World, actors: Actors, role: str) -> Request:
    plan_id = world.new_plan()
    text = world.plan_text(plan_id)
    start = text.index("义务教育巩固率")
    return f"/api/v1/plans/{plan_id}/targets", {"json": {
        "start": start, "end": start + len("义务教育巩固率达到99%"), "indicator": "义务教育巩固率", "comparator": ">=",
        "value": 99, "unit": "%", "year": 2025}}


def target_write(suffix: str, body: dict) -> Builder:
    def build(world: World, actors: Actors, role: str) -> Request:
        return f"/api/v1/targets/{world.new_target()}{suffix}", {"json": {"version": 1, **body}}

    return build


def confirm_many(world: World, actors: Actors, role: str) -> Request:
    plan_id = world.new_plan()
    return f"/api/v1/plans/{plan_id}/targets/confirm", {"json": {}}


def indicator_patch(world: World, actors: Actors, role: str) -> Request:
    indicator_id = world.indicator_id(world.new_indicator())
    return f"/api/v1/indicators/{indicator_id}", {"json": {"version": 1, "precision": 2}}


def indicator_merge(world: World, actors: Actors, role: str) -> Request:
    return "/api/v1/indicators/merge", {"json": {"keep": world.new_indicator(), "other": world.new_indicator()}}


def regions_csv(world: World, actors: Actors, role: str) -> Request:
    n = next(_n)
    csv = f"code,name,level,parent_code\n99{n:04d},测试县{n},county,990100\n"
    return "/api/v1/regions/import", {"files": {"file": ("regions.csv", csv.encode(), "text/csv")}}


def new_observation(world: World, actors: Actors, role: str) -> Request:
    return "/api/v1/observations", {"json": {"indicator": "义务教育巩固率", "region": world.region,
                                             "year": fresh_year(), "value": 98.5, "version": 0}}


def plan_observation(world: World, actors: Actors, role: str) -> Request:
    """A value entered for the plan (``plan_id``): the plan's region must be the caller's too."""
    plan_id = fresh_plan(world)
    return "/api/v1/observations", {"json": {"indicator": world.ids["indicator"], "region": world.region, "year": 2023,
                                             "value": 98.5, "version": 0, "plan_id": plan_id}}


def observation_patch(world: World, actors: Actors, role: str) -> Request:
    stored = record_observation(world.engine, indicator="义务教育巩固率", region=world.region, year=fresh_year(),
                                value="98.1")
    return f"/api/v1/observations/{stored.observation_id}", {"json": {"value": "98.6", "version": stored.version}}


def observations_csv(world: World, actors: Actors, role: str) -> Request:
    csv = f"指标,区域,年份,数值\n义务教育巩固率,{world.region},{fresh_year()},98.2\n"
    return "/api/v1/observations/import", {"files": {"file": ("data.csv", csv.encode(), "text/csv")}}


def fresh_plan(world: World) -> int:
    """A new plan of the world's region whose own new indicator answers to ``OWN_UNIT``,
    so approving one request's values never locks another's."""
    plan_id = world.new_plan()
    indicator = world.new_indicator()
    world.new_target(plan_id=plan_id, indicator=indicator)
    world.ids["indicator"] = world.indicator_id(indicator)
    return plan_id


def approval(step: str, *, before: tuple[str, ...]) -> Builder:
    """A request for ``step`` on a fresh plan whose value the CLI entered and moved
    through ``before`` (submit, approve) first."""
    def build(world: World, actors: Actors, role: str) -> Request:
        from eduplan.services.monitoring.approvals import approve_data, submit_data
        from tests.factories import unit_id

        plan_id = fresh_plan(world)
        record_observation(world.engine, indicator=world.ids["indicator"], region=world.region, year=2023,
                           value="98")
        unit = unit_id(world.engine, OWN_UNIT)
        version = 0
        for done in before:
            version = {"submit": submit_data, "approve": approve_data}[done](
                world.engine, plan_id, unit, 2023, actor=None).version
        body = {"unit_id": unit, "year": 2023, "version": version, "comment": "请核实"}
        return f"/api/v1/plans/{plan_id}/approvals/{step}", {"json": body}

    return build


def task_progress(world: World, actors: Actors, role: str) -> Request:
    return f"/api/v1/tasks/{world.new_task()}/progress", {"json": {"year": 2022, "progress": 40, "version": 1}}


def project_progress(world: World, actors: Actors, role: str) -> Request:
    return f"/api/v1/projects/{world.new_project()}/progress", {"json": {
        "year": 2022, "stage": "在建", "investment_done": "30000000", "version": 1}}


def own_token(world: World, actors: Actors, role: str) -> Request:
    return "/api/v1/tokens", {"json": {"name": "脚本"}}


def token_for_someone_else(world: World, actors: Actors, role: str) -> Request:
    return "/api/v1/tokens", {"json": {"name": "脚本", "username": "bystander"}}


def revoke_own_token(world: World, actors: Actors, role: str) -> Request:
    owner = actors[role] or actors["bystander"]  # anonymous has no token: try someone's
    return f"/api/v1/tokens/{world.token_id(owner)}", {}


def revoke_someone_elses_token(world: World, actors: Actors, role: str) -> Request:
    return f"/api/v1/tokens/{world.token_id(actors['bystander'])}", {}


def source_upload(world: World, actors: Actors, role: str) -> Request:
    text = f"示例县{2000 + next(_n) % 20}年教育事业统计公报\n全县现有小学{next(_n)}所,义务教育巩固率99.9%。\n"
    return "/api/v1/sources", {"files": {"file": ("公报.txt", text.encode(), "text/plain")}, "data": {"region": "示例县"}}


def _uploader(actors: Actors, role: str, own: bool) -> int | None:
    user = actors[role] if own else actors["bystander"]
    return user.id if user is not None else None


def proposal_review(action: str, *, own: bool) -> Builder:
    """accept / reject / edit / accept-matched on a source uploaded by the caller (``own``)
    or by someone else: a unit user reviews only what it uploaded."""
    def build(world: World, actors: Actors, role: str) -> Request:
        source, proposal = world.new_source(uploaded_by=_uploader(actors, role, own), year=fresh_year())
        if action == "edit":
            return f"/api/v1/sources/{source}/proposals/{proposal}", {"json": {"version": 1, "year": 2020}}
        if action == "accept-matched":
            return f"/api/v1/sources/{source}/accept-matched", {}
        return f"/api/v1/sources/{source}/proposals/{action}", {"json": {"ids": [proposal]}}

    return build


UPLOADERS = SIGNED_IN - {"viewer"}  # whoever reports data may hand in a source

WRITES = [
    Write("POST", "/api/v1/plans", plan_file, frozenset(PLANNING)),
    Write("POST", "/api/v1/plans/{plan_id}/targets", new_target_text, frozenset(PLANNING)),
    Write("PATCH", "/api/v1/targets/{target_id}", target_write("", {"value": "99.5"}), frozenset(PLANNING)),
    Write("POST", "/api/v1/targets/{target_id}/confirm", target_write("/confirm", {}), frozenset(PLANNING)),
    Write("POST", "/api/v1/plans/{plan_id}/targets/confirm", confirm_many, frozenset(PLANNING)),
    Write("POST", "/api/v1/targets/{target_id}/reject", target_write("/reject", {"reason": "重复"}),
          frozenset(PLANNING)),
    Write("POST", "/api/v1/targets/{target_id}/link", target_write("/link", {"indicator": "义务教育巩固率"}),
          frozenset(PLANNING)),
    Write("PATCH", "/api/v1/indicators/{indicator_id}", indicator_patch, frozenset(PLANNING)),
    Write("POST", "/api/v1/indicators/merge", indicator_merge, frozenset(PLANNING)),
    Write("POST", "/api/v1/regions/import", regions_csv, frozenset(PLANNING)),
    Write("POST", "/api/v1/observations", new_observation, frozenset(REPORTING), regional=True),
    Write("POST", "/api/v1/observations", plan_observation, frozenset(REPORTING), "for a plan", regional=True),
    Write("PATCH", "/api/v1/observations/{observation_id}", observation_patch, frozenset(REPORTING), regional=True),
    Write("POST", "/api/v1/observations/import", observations_csv, frozenset(REPORTING), regional=True),
    Write("POST", "/api/v1/tasks/{task_id}/progress", task_progress, frozenset(REPORTING), regional=True),
    Write("POST", "/api/v1/projects/{project_id}/progress", project_progress, frozenset(REPORTING), regional=True),
    Write("POST", "/api/v1/plans/{plan_id}/approvals/submit", approval("submit", before=()), frozenset(REPORTING),
          regional=True),
    Write("POST", "/api/v1/plans/{plan_id}/approvals/approve", approval("approve", before=("submit",)),
          frozenset(DECIDING), regional=True),
    Write("POST", "/api/v1/plans/{plan_id}/approvals/return", approval("return", before=("submit",)),
          frozenset(DECIDING), regional=True),
    Write("POST", "/api/v1/plans/{plan_id}/approvals/reopen", approval("reopen", before=("submit", "approve")),
          frozenset(DECIDING), regional=True),
    Write("POST", "/api/v1/sources", source_upload, frozenset(UPLOADERS)),
    Write("POST", "/api/v1/sources/{source_id}/proposals/accept", proposal_review("accept", own=True),
          frozenset(REPORTING), "own upload", regional=True),
    Write("POST", "/api/v1/sources/{source_id}/proposals/accept", proposal_review("accept", own=False),
          frozenset(PLANNING), "someone else's upload", regional=True),
    Write("POST", "/api/v1/sources/{source_id}/accept-matched", proposal_review("accept-matched", own=True),
          frozenset(REPORTING), "own upload", regional=True),
    Write("POST", "/api/v1/sources/{source_id}/proposals/reject", proposal_review("reject", own=True),
          frozenset(UPLOADERS), "own upload"),
    Write("POST", "/api/v1/sources/{source_id}/proposals/reject", proposal_review("reject", own=False),
          frozenset(PLANNING), "someone else's upload"),
    Write("PATCH", "/api/v1/sources/{source_id}/proposals/{proposal_id}", proposal_review("edit", own=True),
          frozenset(UPLOADERS), "own upload"),
    Write("POST", "/api/v1/tokens", own_token, frozenset(SIGNED_IN), "own"),
    Write("POST", "/api/v1/tokens", token_for_someone_else, frozenset({"admin"}), "for another user"),
    Write("DELETE", "/api/v1/tokens/{token_id}", revoke_own_token, frozenset(SIGNED_IN), "own"),
    Write("DELETE", "/api/v1/tokens/{token_id}", revoke_someone_elses_token, frozenset({"admin"}), "another user's"),
]


def expected(write: Write, role: str, where: str = HOME) -> str:
    allowed = write.allowed
    if where == ELSEWHERE and "unit_own" in allowed:  # the county's own unit user takes the place of unit_own
        allowed = (allowed - {"unit_own"}) | {"unit_sibling"}
    if role in allowed:
        return "2xx"
    return "401" if role == "anonymous" else "403"


def shown(status: int) -> str:
    return "2xx" if 200 <= status < 300 else str(status)


@pytest.fixture
def actors(engine) -> Actors:
    found = Actors(
        admin=add_user(engine, "admin1", "admin"),
        planner=add_user(engine, "planner1", "planner"),
        unit_own=add_user(engine, "unit1", "unit", unit=OWN_UNIT, regions=[HOME]),
        unit_other=add_user(engine, "unit2", "unit", unit=OTHER_UNIT, regions=[HOME]),
        unit_sibling=add_user(engine, "unit3", "unit", unit=OWN_UNIT, regions=[ELSEWHERE]),
        unit_city=add_user(engine, "unit4", "unit", unit=OWN_UNIT, regions=["示例市"]),
        unit_province=add_user(engine, "unit5", "unit", unit=OWN_UNIT, regions=["示例省"]),
        viewer=add_user(engine, "viewer1", "viewer"),
        anonymous=None,
    )
    found["bystander"] = add_user(engine, "bystander", "viewer")
    return found


@pytest.fixture
def world(engine) -> World:
    built = World.build(engine)
    built.new_target()  # the unit of OWN_UNIT answers for 义务教育巩固率 in the plan of 示例县 …
    built.use(ELSEWHERE).new_target()  # … and in the plan of 示范县
    return built.use(HOME)


def auth_for(write: Write, role: str) -> str:
    """Half the roles of a row call with a session (and CSRF header), half with an API
    token, alternating from row to row: every role and every endpoint meet both."""
    if role == "anonymous":
        return "session"
    return "token" if (ROLES.index(role) + WRITES.index(write)) % 2 == 0 else "session"


CASES = [pytest.param(w, where, id=f"{w.id} @{where}") for w in WRITES for where in (HOME, ELSEWHERE)
         if where == HOME or w.regional]


@pytest.mark.parametrize(("write", "where"), CASES)
def test_write_endpoint_roles(app, engine, world, actors, write, where):
    """One row of the table: every role against one endpoint, on the objects of one county."""
    world.use(where)
    got, want, bodies = {}, {}, {}
    for role in ROLES:
        user = actors[role]
        auth = auth_for(write, role)
        client = token_client(app, engine, user) if auth == "token" else session_client(app, user)
        path, kwargs = write.build(world, actors, role)
        with client:
            response = client.request(write.method, path, **kwargs)
        got[role], want[role] = shown(response.status_code), expected(write, role, where)
        bodies[role] = f"({auth}) {response.text[:200]}"
        if response.status_code >= 400:
            assert set(response.json()["error"]) >= {"type", "message", "hint", "location"}, response.text
    wrong = {r: f"got {got[r]}, expected {want[r]}: {bodies[r]}" for r in ROLES if got[r] != want[r]}
    assert not wrong, "\n".join(f"{write.id} @{where} as {r}: {m}" for r, m in wrong.items())


def test_both_ways_of_signing_in_meet_every_role(actors):
    for role in set(ROLES) - {"anonymous"}:
        assert {auth_for(w, role) for w in WRITES} == {"session", "token"}
    for write in WRITES:
        assert {auth_for(write, r) for r in ROLES} == {"session", "token"}


def write_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every unsafe route under /api/, however routers are nested."""
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI ≥ 0.16x keeps included routers lazily
        routes = list(iter_route_contexts(app.routes))
    except ImportError:  # older FastAPI flattens included routers into app.routes
        routes = list(app.routes)
    return {(method, route.path) for route in routes if (route.path or "").startswith("/api/")
            for method in (route.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}}


def test_every_write_route_is_in_the_table(app):
    routes = write_routes(app)
    table = {(w.method, w.route) for w in WRITES}
    assert ("POST", "/api/v1/observations") in routes, "route enumeration found nothing: check write_routes()"
    assert not routes - table, f"write routes without a row in WRITES: {sorted(routes - table)}"
    assert not table - routes, f"rows in WRITES for routes that do not exist: {sorted(table - routes)}"


def test_anonymous_without_any_credentials_is_refused(app, world, actors):
    """A caller with neither session, CSRF pair nor token gets 401 or 403 (the CSRF check
    comes first), never a write."""
    for write in WRITES:
        path, kwargs = write.build(world, actors, "anonymous")
        with session_client(app, None, csrf=False) as client:
            client.cookies.clear()
            response = client.request(write.method, path, **kwargs)
        assert response.status_code in (401, 403), f"{write.id}: {response.status_code}"
        assert response.json()["error"]["type"] in ("not_authenticated", "permission_denied")


def test_an_unknown_token_beside_a_valid_session_is_refused(app, actors):
    """The Authorization header decides who calls: a bad token is 401 even with a session."""
    client = session_client(app, actors["admin"])
    client.headers["Authorization"] = "Bearer edu_not-a-token"
    with client:
        response = client.post("/api/v1/tokens", json={"name": "x"})
    assert response.status_code == 401 and response.json()["error"]["type"] == "not_authenticated"
