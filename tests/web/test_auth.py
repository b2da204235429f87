"""Sign-in, sessions, CSRF, rate limiting, error pages, offline docs."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from eduplan.services.accounts.users import set_password
from tests.web.conftest import PASSWORD, csrf_of, login


def test_healthz(client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_pages_redirect_to_login(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_login_sets_a_hardened_session_cookie(client, users):
    response = login(client, "planner1")
    assert response.status_code == 303
    cookie = next(h for k, h in response.headers.multi_items() if k == "set-cookie" and "eduplan_session" in h)
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    page = client.get("/")
    assert page.status_code == 200 and "一屏掌控" in page.text and "planner用户" in page.text


def test_wrong_password(client, users):
    response = login(client, "planner1", "wrong-password")
    assert response.status_code == 401 and "用户名或密码错误" in response.text


def test_login_is_rate_limited(client, users):
    for _ in range(5):
        assert login(client, "viewer1", "nope-nope").status_code == 401
    blocked = login(client, "viewer1", PASSWORD)  # even the right password waits now
    assert blocked.status_code == 429 and "5分钟" in blocked.text


def test_post_without_csrf_is_rejected(client, users):
    response = client.post("/login", data={"username": "admin1", "password": PASSWORD})
    assert response.status_code == 403 and "CSRF" in response.text
    csrf_of(client)
    forged = client.post("/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": "forged"})
    assert forged.status_code == 403


def test_changing_the_password_ends_sessions(client, users, engine):
    login(client, "viewer1")
    assert client.get("/").status_code == 200
    set_password(engine, "viewer1", "another-password-1")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_logout(client, users):
    login(client, "viewer1")
    response = client.post("/logout", data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_open_redirect_is_refused(client, users):
    response = client.post("/login", data={"username": "viewer1", "password": PASSWORD, "next": "//evil.example/",
                                           "csrf_token": csrf_of(client)}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_not_found_page_has_no_trace(client, users):
    login(client, "viewer1")
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "页面不存在" in response.text and "Traceback" not in response.text


def test_server_error_shows_no_stack_trace(app, users):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "服务器内部错误" in response.text


def test_api_docs_work_offline(client):
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in page
    assert not re.search(r"https?://(?!127\.0\.0\.1)", page.replace("http://www.w3.org", ""))
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_security_headers(client):
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY" and "default-src 'self'" in headers["content-security-policy"]


def test_production_refuses_the_default_secret(engine):
    import pytest

    from eduplan.config import Settings
    from eduplan.errors import ConfigError
    from eduplan.web.app import create_app

    with pytest.raises(ConfigError, match="EDUPLAN_SECRET_KEY"):
        create_app(Settings(database_url=engine.url.render_as_string(hide_password=False), env="prod"))
