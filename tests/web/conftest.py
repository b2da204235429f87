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
from eduplan.services.users import create_user, get_user
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
    out = {}
    for role, unit in ROLES.items():
        out[role] = create_user(engine, f"{role}1", PASSWORD, role, unit=unit, display_name=f"{role}用户")
    return out


def csrf_of(client: TestClient) -> str:
    token = client.cookies.get("eduplan_csrf")
    if not token:
        client.get("/login")
        token = client.cookies.get("eduplan_csrf")
    return token


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
    client.cookies.set(CSRF_COOKIE, TEST_CSRF)
    if csrf:
        client.headers["X-CSRF-Token"] = TEST_CSRF
    if user is not None:
        client.cookies.set(SESSION_COOKIE, app.state.signer.dumps(user.id, user.password_hash))
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
