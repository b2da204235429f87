"""Sessions end on the server, CSRF tokens belong to a session, sign-in limits slow down
without locking others out, user names cannot be told apart by timing, production
refuses weak secrets before printing anything, proxies are trusted only when named."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from eduplan.config import DEFAULT_SECRET, Settings
from eduplan.errors import ConfigError, RateLimitedError
from eduplan.services.accounts import users as user_service
from eduplan.services.accounts.users import authenticate, login_delay
from eduplan.web.app import create_app
from eduplan.web.security import CSRF_COOKIE, SESSION_COOKIE
from tests.conftest import ROOT
from tests.web.conftest import PASSWORD, csrf_of, login


def app_with(engine, tmp_path, **settings):
    values = {"database_url": engine.url.render_as_string(hide_password=False), "secret_key": "test-secret",
              "data_dir": tmp_path, "login_rate_limit": 5, **settings}
    application = create_app(Settings(**values))
    application.state.engine = engine
    return application


# ---- sessions and CSRF --------------------------------------------------------------------

def test_a_cookie_used_after_logout_gets_401(client, users):
    assert login(client, "planner1").status_code == 303
    cookie = client.cookies.get(SESSION_COOKIE)
    assert client.get("/api/v1/me").json()["username"] == "planner1"
    assert client.post("/logout", data={"csrf_token": csrf_of(client)}, follow_redirects=False).status_code == 303
    with TestClient(client.app) as replay:  # someone kept a copy of the cookie
        replay.cookies.set(SESSION_COOKIE, cookie)
        response = replay.get("/api/v1/me")
        assert response.status_code == 401 and response.json()["error"]["type"] == "not_authenticated"
        assert replay.get("/", follow_redirects=False).status_code == 303  # pages send it to /login


def test_logout_ends_every_session_of_the_user(app, users):
    first, second = TestClient(app), TestClient(app)
    for c in (first, second):
        assert login(c, "viewer1").status_code == 303
    first.post("/logout", data={"csrf_token": csrf_of(first)})
    assert second.get("/api/v1/me").status_code == 401


def test_a_planted_csrf_pair_is_refused(client, users):
    """An attacker who sets a cookie and a matching field of their choosing gets nothing."""
    client.cookies.set(CSRF_COOKIE, "attacker-chosen")
    r = client.post("/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": "attacker-chosen"})
    assert r.status_code == 403


def test_the_csrf_token_belongs_to_the_session_and_is_renewed_at_login(client, users):
    before = csrf_of(client)  # the visitor token of the login form
    assert login(client, "planner1").status_code == 303
    after = csrf_of(client)
    assert after != before
    for stale in (before, "x" * 32):  # the pre-login token, or any other, does not work with this session
        r = client.post("/api/v1/tokens", json={"name": "t"}, headers={"X-CSRF-Token": stale})
        assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"]
    assert client.post("/api/v1/tokens", json={"name": "t"}, headers={"X-CSRF-Token": after}).status_code == 201


def test_another_sessions_token_does_not_work(app, users):
    mine, theirs = TestClient(app), TestClient(app)
    login(mine, "planner1")
    login(theirs, "admin1")
    r = mine.post("/api/v1/tokens", json={"name": "t"}, headers={"X-CSRF-Token": csrf_of(theirs)})
    assert r.status_code == 403


# ---- sign-in limits -------------------------------------------------------------------------

def test_failures_lock_only_this_user_from_this_address(app, engine, users, monkeypatch):
    monkeypatch.setattr(user_service, "MAX_DELAY", 0.2)
    client = TestClient(app)
    for _ in range(5):
        assert login(client, "viewer1", "wrong-password").status_code == 401
    assert login(client, "viewer1").status_code == 429  # this user from this address: wait
    colleague = TestClient(app)  # same office address, another user
    assert login(colleague, "admin1").status_code == 303
    # the same user from another address still signs in (slowed, not locked)
    assert authenticate(engine, "viewer1", PASSWORD, "10.1.2.3", limit=5).username == "viewer1"


def test_failures_slow_down_a_user_and_an_address(engine, users):
    for i in range(7):
        with pytest.raises(Exception):
            authenticate(engine, "admin1", "wrong", f"10.0.0.{i}", limit=5)  # spread over addresses
    assert login_delay(engine, "admin1", "10.9.9.9", limit=5) == pytest.approx(2.0)  # 2 over the limit: 0.5 s × 2²
    assert login_delay(engine, "viewer1", "10.9.9.9", limit=5) == 0  # other users unaffected
    for _ in range(5):
        with pytest.raises(Exception):
            authenticate(engine, f"nobody{_}", "wrong", "192.168.1.1", limit=5)  # one address, many names
    assert login_delay(engine, "planner1", "192.168.1.1", limit=5) > 0  # that address waits …
    assert login_delay(engine, "planner1", "192.168.1.2", limit=5) == 0  # … its neighbour does not
    with pytest.raises(RateLimitedError):
        for _ in range(6):
            try:
                authenticate(engine, "viewer1", "wrong", "172.16.0.1", limit=5)
            except RateLimitedError:
                raise
            except Exception:
                continue


def test_the_login_page_holds_a_slowed_attempt_back(app, users, monkeypatch):
    monkeypatch.setattr(user_service, "MAX_DELAY", 0.4)
    client = TestClient(app)
    for i in range(6):  # another user's failures from this address: the address slows down
        login(client, f"ghost{i}", "x")
    start = time.perf_counter()
    assert login(client, "planner1").status_code == 303
    assert time.perf_counter() - start >= 0.35


def test_unknown_and_known_user_names_cost_the_same_work(engine, users, monkeypatch):
    """The issue: an unknown user answered in 7 ms, a known one in 190 ms (the password
    hash). Both now verify a hash once; with the production hasher the times match."""
    calls: list[str] = []
    real = user_service.verify_password

    def counting(stored: str, password: str) -> bool:
        calls.append(stored)
        return real(stored, password)

    monkeypatch.setattr(user_service, "verify_password", counting)
    for name in ("admin1", "no-such-user"):
        with pytest.raises(Exception):
            authenticate(engine, name, "wrong-password", "10.0.0.1", limit=50)
    assert len(calls) == 2 and all(c.startswith("$argon2") for c in calls)


def test_timing_with_the_production_hasher(engine, users, monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(user_service, "_hasher", PasswordHasher())
    user_service.set_password(engine, "admin1", "production-cost-pw")

    def median(name: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            with pytest.raises(Exception):
                authenticate(engine, name, "wrong-password", "10.0.0.2", limit=50)
            times.append(time.perf_counter() - start)
        return sorted(times)[1]

    median("warm-up-user")
    known, unknown = median("admin1"), median("no-such-user")
    assert 0.5 < unknown / known < 2, (known, unknown)


# ---- settings --------------------------------------------------------------------------------

@pytest.mark.parametrize("secret", ["x", DEFAULT_SECRET, "a" * 31])
def test_prod_refuses_a_weak_secret_before_printing_anything(tmp_path, secret):
    env = {**os.environ, "EDUPLAN_ENV": "prod", "EDUPLAN_SECRET_KEY": secret,
           "EDUPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "EDUPLAN_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "eduplan", "serve", "--port", "1"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == ConfigError.exit_code
    assert done.stdout == "" and "serving" not in done.stderr and "网页服务" not in done.stderr
    assert "EDUPLAN_SECRET_KEY" in done.stderr and "32" in done.stderr
    assert not (tmp_path / "x.db").exists()  # nothing opened either


def test_prod_accepts_a_long_secret_and_dev_makes_its_own(tmp_path):
    Settings(env="prod", secret_key="k" * 32).check_for_production()
    dev = Settings(data_dir=tmp_path)
    secret = dev.signing_secret()
    assert secret != DEFAULT_SECRET and len(secret) >= 32
    assert Settings(data_dir=tmp_path).signing_secret() == secret  # every worker reads the same key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_secure_cookies_over_http_are_explained(engine, tmp_path, users):
    app = app_with(engine, tmp_path, env="prod", secret_key="p" * 40)
    with TestClient(app) as client:  # http://testserver
        page = client.get("/login")
        assert "EDUPLAN_COOKIE_SECURE" in page.text and "HTTPS" in page.text
        assert "Secure" in page.headers["set-cookie"]
        client.cookies.clear()  # what a browser does with Secure cookies over HTTP
        r = client.post("/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": "whatever"})
        assert r.status_code == 403 and "EDUPLAN_COOKIE_SECURE" in r.text and "CSRF 校验失败" not in r.text
    intranet = app_with(engine, tmp_path, env="prod", secret_key="p" * 40, cookie_secure=False)
    with TestClient(intranet) as client:
        page = client.get("/login")
        assert "Secure" not in page.headers["set-cookie"] and "EDUPLAN_COOKIE_SECURE" not in page.text
        assert login(client, "admin1").status_code == 303


def test_forwarded_for_is_believed_only_from_trusted_proxies(engine, tmp_path, users, monkeypatch):
    """The sign-in limit counts the address X-Forwarded-For names only when the request
    comes from a configured proxy; anyone else could name any address."""
    monkeypatch.setattr(user_service, "MAX_DELAY", 0.05)
    def fail_as(app, forwarded: str) -> None:
        with TestClient(app) as c:
            for _ in range(5):
                c.post("/login", data={"username": "viewer1", "password": "bad", "csrf_token": csrf_of(c)},
                       headers={"X-Forwarded-For": forwarded})

    direct = app_with(engine, tmp_path)
    fail_as(direct, "203.0.113.7")
    assert login_delay_for(engine, "testclient") and not login_delay_for(engine, "203.0.113.7")
    proxied = app_with(engine, tmp_path, trusted_proxies="testclient,10.0.0.0/8")
    fail_as(proxied, "198.51.100.9")
    assert login_delay_for(engine, "198.51.100.9")


def login_delay_for(engine, ip: str) -> bool:
    """True when viewer1 from ``ip`` is refused (five failures from there)."""
    try:
        login_delay(engine, "viewer1", ip, limit=5)
    except RateLimitedError:
        return True
    return False


def test_a_cookie_signed_with_the_public_default_key_is_worthless_in_dev(engine, tmp_path, users):
    """Dev mode used to sign with the published default: anyone could forge a session."""
    from eduplan.services.accounts.users import get_user
    from eduplan.web.security import SessionSigner

    app = app_with(engine, tmp_path, secret_key=DEFAULT_SECRET)  # dev, no EDUPLAN_SECRET_KEY
    admin = get_user(engine, users["admin"].id)
    forged = SessionSigner(DEFAULT_SECRET).dumps(admin.id, admin.password_hash, admin.session_version, "t")
    genuine = app.state.signer.dumps(admin.id, admin.password_hash, admin.session_version, "t")
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, forged)
        assert client.get("/api/v1/me").status_code == 401
        client.cookies.set(SESSION_COOKIE, genuine)  # the same session signed with the generated key works
        assert client.get("/api/v1/me").json()["username"] == "admin1"
