"""Browser tests: Playwright driving Debian's chromium against a real uvicorn server.

The server runs in a subprocess on a free port, on a fresh SQLite demo database (the
sample plan, observations and accounts of ``eduplan demo``). Screenshots go to
``artifacts/screens/`` for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("EDUPLAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
SCREENS = ROOT / "artifacts" / "screens"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason="Debian chromium is not installed (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1400, "height": 900},
            "accept_downloads": True}


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """(base_url, {username: password}) of a live server on a fresh demo database."""
    from eduplan.services.demo import build_demo

    data = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{data / 'demo.db'}"
    accounts = {username: password for username, _label, password in build_demo(url, max_bytes=20 << 20).accounts}
    from eduplan.services.accounts.users import create_user
    from eduplan.store.db import make_engine

    engine = make_engine(url)
    create_user(engine, "other", "other-unit-pw-1", "unit", unit="县卫健局", display_name="县卫健局填报员",
                regions=["示例县"])
    create_user(engine, "viewer", "viewer-pw-123", "viewer", display_name="只读用户")
    engine.dispose()
    accounts.update({"other": "other-unit-pw-1", "viewer": "viewer-pw-123"})

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "EDUPLAN_DATABASE_URL": url, "EDUPLAN_SECRET_KEY": "browser-test-secret",
           "EDUPLAN_DATA_DIR": str(data), "EDUPLAN_LOGIN_RATE_LIMIT": "50"}
    log = open(data / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "eduplan.web.app:create_app_from_env", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(ROOT))
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        if proc.poll() is not None:
            raise RuntimeError("server died:\n" + (data / "server.log").read_text())
        try:
            httpx.get(base + "/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base, accounts
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture
def shot():
    SCREENS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
