"""Helpers shared by the plan review, tasks board and audit page tests."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from tests.web.conftest import csrf_of

QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch):
    """argon2 at test cost: signing in four users per test stays fast."""
    monkeypatch.setattr("eduplan.services.users._hasher", QUICK_HASHER)


def post(client, url, data=None, files=None):
    """An htmx POST with the CSRF token, as the pages send it."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_of(client)}, files=files,
                       headers={"HX-Request": "true"})
