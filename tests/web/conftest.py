"""In-process web fixtures: an app on the test database, users of every role, and
clients that are already signed in."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eduplan.config import Settings
from eduplan.services.users import create_user
from eduplan.web.app import create_app

PASSWORD = "correct-horse-9"
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


@pytest.fixture
def signed_in(app, users):
    """signed_in("planner") → a TestClient with a planner session."""
    clients = []

    def make(role: str) -> TestClient:
        c = TestClient(app)
        response = login(c, f"{role}1")
        assert response.status_code == 303, response.text
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


def hidden_csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "page has no CSRF field"
    return m.group(1)
