"""数据来源 in a real browser: the demo's sample bulletin, its conflicts side by side, a bulk
accept of the matched values and the rejection of one conflict."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in


def test_planner_reviews_the_sample_bulletin(page: Page, demo_server, shot):
    base, accounts = demo_server
    sign_in(page, base, "ghk", accounts["ghk"])
    page.goto(base + "/sources")
    row = page.get_by_test_id("source-row").filter(has_text="统计公报")
    expect(row.get_by_test_id("source-conflicting")).to_have_text("3")
    shot(page, "60-sources")
    row.get_by_test_id("source-link").click()
    expect(page.get_by_test_id("source-text")).to_be_visible()
    conflict = page.locator('[data-testid="proposal"][data-match="conflict"]').filter(has_text="研究生学历比例")
    expect(conflict.get_by_test_id("proposal-value")).to_contain_text("6.8")
    expect(conflict.get_by_test_id("proposal-stored")).to_contain_text("6.4")
    shot(page, "61-source-review")
    page.get_by_test_id("accept-matched").click()
    expect(page.get_by_test_id("source-notice")).to_contain_text("已批量采纳")
    expect(page.locator('[data-testid="proposal"][data-state="proposed"][data-match="new"]')).to_have_count(0)
    conflict = page.locator('[data-testid="proposal"][data-match="conflict"]').filter(has_text="研究生学历比例")
    conflict.get_by_test_id("proposal-reject").click()
    expect(page.get_by_test_id("source-notice")).to_contain_text("已驳回")
    rejected = page.locator('[data-testid="proposal"][data-state="rejected"]').filter(has_text="研究生学历比例")
    expect(rejected).to_have_count(1)
    shot(page, "62-source-reviewed")


def test_a_unit_user_does_not_review_a_source_it_did_not_upload(page: Page, demo_server):
    base, accounts = demo_server
    sign_in(page, base, "jyj", accounts["jyj"])
    page.goto(base + "/sources")
    expect(page.get_by_test_id("sources-empty")).to_be_visible()
    expect(page.get_by_test_id("source-upload")).to_be_visible()  # it may hand in its own 工作总结


def test_clicking_a_figure_in_the_text_shows_its_proposal(page: Page, demo_server):
    base, accounts = demo_server
    sign_in(page, base, "admin", accounts["admin"])
    page.goto(base + "/sources")
    page.get_by_test_id("source-row").filter(has_text="统计公报").get_by_test_id("source-link").click()
    page.locator("#source-text mark[data-target-id]").filter(has_text="高中阶段毛入学率").click()
    expect(page.locator(".proposal.focused")).to_contain_text("高中阶段毛入学率")
