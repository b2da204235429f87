"""Content-Security-Policy with a nonce per response and no 'unsafe-inline'; pages carry no
inline script, style attribute or event handler that such a policy would block; the
dashboard's 最新变动 are filtered like /audit and read in Chinese."""

from __future__ import annotations

import re

import pytest

from eduplan.services.monitoring.observations import record_observation
from tests.web.plan_fixture import build_sample_plan

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"\sstyle=\"", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


@pytest.fixture
def sample(engine):
    return build_sample_plan(engine)


def pages(sample) -> list[str]:
    first = sample.id_of("学前三年毛入园率")
    return ["/", f"/?plan={sample.plan_id}&as_of=2023", "/plans", f"/plans/{sample.plan_id}", "/indicators",
            f"/indicators/{first}", "/entry", f"/entry?plan={sample.plan_id}&year=2023", "/tasks", "/projects",
            "/audit", "/reports", "/no/such/page"]


def test_csp_has_a_fresh_nonce_and_no_unsafe_inline(signed_in, sample):
    client = signed_in("planner")
    nonces = set()
    for path in ("/", "/plans", "/docs"):
        policy = client.get(path).headers["content-security-policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
        assert f"style-src 'self' 'nonce-{nonce}'" in policy
        nonces.add(nonce)
    assert len(nonces) == 3  # one per response


@pytest.mark.parametrize("role", ["planner", "unit"])
def test_pages_have_nothing_inline_for_the_policy_to_block(signed_in, sample, role):
    client = signed_in(role)
    for path in pages(sample):
        html = client.get(path).text
        for pattern, what in INLINE:
            found = pattern.search(html)
            assert found is None, f"{path}: {what}: …{html[max(0, found.start() - 80):found.end() + 80]}…"


def test_docs_marks_its_one_script_with_the_nonce(signed_in):
    r = signed_in("viewer").get("/docs")
    nonce = re.search(r"'nonce-([^']+)'", r.headers["content-security-policy"]).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", r.text)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)


def test_login_page_is_clean_too(client):
    html = client.get("/login").text
    for pattern, what in INLINE:
        assert not pattern.search(html), what


def test_recent_changes_of_a_unit_user_are_its_own(signed_in, sample, engine, users):
    """The issue: 最新变动 showed a unit user everyone's actions while /audit showed its own."""
    record_observation(engine, indicator="公办幼儿园在园幼儿占比", region="示例县", year=2024, value="47",
                       actor=users["unit"])
    record_observation(engine, indicator="学前三年毛入园率", region="示例县", year=2024, value="99",
                       actor=users["admin"])
    unit_page = signed_in("unit").get("/").text
    planner_page = signed_in("planner").get("/").text
    changes = re.search(r'data-testid="recent-changes">(.*?)</ul>', unit_page, re.S).group(1)
    assert "2024年：（无） → 47" in changes and "→ 99" not in changes
    assert "admin用户" not in changes
    everyone = re.search(r'data-testid="recent-changes">(.*?)</ul>', planner_page, re.S).group(1)
    assert "→ 99" in everyone and "→ 47" in everyone


def test_recent_changes_read_in_chinese(signed_in, sample, engine, users):
    stored = record_observation(engine, indicator="学前三年毛入园率", region="示例县", year=2024, value="97",
                                actor=users["planner"])
    record_observation(engine, indicator="学前三年毛入园率", region="示例县", year=2024, value="97.5",
                       actor=users["planner"], expected_version=stored.version)
    html = signed_in("planner").get("/").text
    changes = re.search(r'data-testid="recent-changes">(.*?)</ul>', html, re.S).group(1)
    assert "数值：<del>97</del> → <ins>97.5</ins>" in changes
    assert "recorded_by" not in changes and "value：" not in changes
    audit = re.sub(r'\s(data-key|title)="[^"]*"', "", signed_in("planner").get("/audit").text)  # what a reader sees
    assert "录入人" in audit and "planner用户" in audit and "recorded_by" not in audit
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", audit)  # no raw ISO (UTC) times
