"""Helpers shared by the plan review and tasks board tests."""

from __future__ import annotations

from tests.web.conftest import csrf_of


def post(client, url, data=None, files=None):
    """An htmx POST with the CSRF token, as the pages send it."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_of(client)}, files=files,
                       headers={"HX-Request": "true"})
