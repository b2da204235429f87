"""In-process web fixtures: an app on the test database, users of every role, and
clients that are already signed in.

A signed-in client carries the session cookie the login page would set (signed with the
app's own signer) instead of posting the login form; ``test_auth.py`` covers the form.
Password hashing is cheap in every test (``tests/conftest.py``)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from eduplan.config import Settings
from eduplan.services.accounts.users import create_user, get_user
from eduplan.web.app import create_app
from eduplan.web.security import CSRF_COOKIE, SESSION_COOKIE

PASSWORD = "correct-horse-9"
TEST_CSRF = "csrf-token-for-tests"
ROLES = {"admin": None, "planner": None, "unit": "县教育局", "viewer": None}


@pytest.fixture
def app(engine, tmp_path):
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), secret_key="test-secret",
                        data_dir=tmp_path, login_rate_limit=5)
    application = create_app(settings)
    application.state.engine = engine
    return application


@pytest.fixture
def users(engine):
    """One user of each role; the unit user (县教育局) reports for 示例县 (added with its
    sample code when the test has not loaded regions; loading them later updates it)."""
    ensure_sample_region(engine)
    out = {}
    for role, unit in ROLES.items():
        out[role] = create_user(engine, f"{role}1", PASSWORD, role, unit=unit, display_name=f"{role}用户",
                                regions=["示例县"] if unit else None)
    return out


def ensure_sample_region(engine) -> None:
    """示例县 with its sample code, unless regions are loaded already (loading them later
    updates it in place)."""
    from eduplan.store.db import unit_of_work
    from eduplan.store.models import Region
    from eduplan.store.repositories import regions

    with unit_of_work(engine) as session:
        if regions.by_name(session, "示例县") is None:
            session.add(Region(code="990121", name="示例县", level="county"))


def csrf_of(client: TestClient) -> str:
    """The CSRF token the client's pages carry: its session's (signed in), else the one in
    its signed visitor cookie (fetched from /login when it has none yet)."""
    signer = client.app.state.signer
    session = signer.loads(client.cookies.get(SESSION_COOKIE) or "")
    if session is not None:
        return session.csrf
    if not client.cookies.get(CSRF_COOKIE):
        client.get("/login")
    return signer.anonymous_token(client.cookies.get(CSRF_COOKIE))


def login(client: TestClient, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(client)},
                       follow_redirects=False)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def session_client(app: FastAPI, user, *, csrf: bool = True) -> TestClient:
    """A browser-like client: the session cookie of ``user`` (None: signed out) and the
    CSRF cookie, echoed in X-CSRF-Token on every request when ``csrf`` (else the test
    sends it itself, as a form field or header: ``csrf_of``)."""
    client = TestClient(app)
    client.cookies.set(CSRF_COOKIE, app.state.signer.anonymous_cookie(TEST_CSRF))
    if csrf:
        client.headers["X-CSRF-Token"] = TEST_CSRF
    if user is not None:
        client.cookies.set(SESSION_COOKIE, app.state.signer.dumps(user.id, user.password_hash, user.session_version,
                                                                  TEST_CSRF))
    return client


@pytest.fixture
def signed_in(app, users, engine):
    """signed_in("planner") → a TestClient with a session of planner1 (no CSRF header)."""
    clients = []

    def make(role: str) -> TestClient:
        c = session_client(app, get_user(engine, users[role].id), csrf=False)
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()
