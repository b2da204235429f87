"""The main journeys in a real browser: review a target, enter a value, and a unit user
who can neither see nor forge edits on another unit's work."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in


def test_planner_reviews_a_target(page: Page, demo_server, shot):
    base, accounts = demo_server
    sign_in(page, base, "admin", accounts["admin"])
    page.goto(base + "/plans")
    shot(page, "10-plans")
    page.get_by_test_id("plan-link").first.click()
    expect(page.get_by_test_id("source-text")).to_be_visible()
    mark = page.locator('[data-testid="target-mark"].st-extracted').first  # the demo confirmed its commitments
    mark.click()
    panel = page.get_by_test_id("target-panel")
    expect(panel).to_be_visible()
    shot(page, "11-plan-review")
    page.get_by_test_id("target-confirm").click()
    expect(page.get_by_test_id("target-panel")).to_have_attribute("data-state", "confirmed")
    expect(page.get_by_test_id("target-state")).to_contain_text("已确认")


def test_unit_user_enters_a_value(page: Page, demo_server, shot):
    base, accounts = demo_server
    sign_in(page, base, "jyj", accounts["jyj"])
    page.goto(base + "/entry")
    grid = page.get_by_test_id("entry-grid")
    expect(grid).to_be_visible()
    rate = grid.locator("tr.is-editable", has=page.locator('td[data-label="单位"]', has_text="%")).first
    cell = rate.get_by_test_id("entry-cell-input")
    cell.fill("97.9")
    cell.press("Enter")
    feedback = rate.get_by_test_id("entry-cell-feedback")
    expect(feedback).to_have_attribute("data-state", re.compile("created|saved"))
    count = grid.locator("tr.is-editable", has=page.locator('td[data-label="单位"]', has_text="个")).first
    count.get_by_test_id("entry-cell-input").fill("88.8")  # a count takes whole numbers only
    count.get_by_test_id("entry-cell-input").press("Enter")
    expect(count.get_by_test_id("entry-cell-feedback")).to_have_attribute("data-state", "error")
    expect(count.get_by_test_id("entry-cell-feedback")).to_contain_text("只能填整数")
    shot(page, "20-entry")


def test_unit_user_cannot_edit_another_units_task(page: Page, demo_server, shot):
    base, accounts = demo_server
    sign_in(page, base, "jyj", accounts["jyj"])
    page.goto(base + "/tasks")
    board = page.get_by_test_id("task-board")
    expect(board).to_be_visible()
    shot(page, "30-tasks-unit-user")
    foreign = page.locator('[data-testid="task-card"][data-editable="false"]').first
    expect(foreign).to_be_visible()
    expect(foreign.get_by_test_id("task-edit-open")).to_have_count(0)
    own = page.locator('[data-testid="task-card"][data-editable="true"]').first
    expect(own.get_by_test_id("task-edit-open")).to_have_count(1)
    # a forged POST with a valid session and CSRF token is still refused by the server
    task_id = foreign.get_attribute("data-task-id")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = page.request.post(f"{base}/tasks/{task_id}/progress",
                                 form={"csrf_token": token, "progress": "80", "status": "in_progress",
                                       "year": "2024", "version": "1", "note": "伪造"},
                                 headers={"X-CSRF-Token": token})
    assert response.status == 403


def test_entering_a_value_changes_the_dashboard(page: Page, demo_server, shot):
    """高中阶段毛入学率 fell to 94.6 by 2023 (倒退); entering 98.6 for 2023 meets the 98 target."""
    base, accounts = demo_server
    sign_in(page, base, "admin", accounts["admin"])
    page.goto(base + "/?as_of=2023")
    regressing = page.locator('[data-count="regressing"]')
    achieved = page.locator('[data-count="achieved"]')
    before_regressing = int(regressing.inner_text().rstrip("项"))
    before_achieved = int(achieved.inner_text().rstrip("项"))
    assert before_regressing >= 1
    page.goto(base + "/entry?year=2023")
    row = page.get_by_test_id("entry-row").filter(has_text="高中阶段毛入学率")
    cell = row.get_by_test_id("entry-cell-input")
    cell.fill("98.6")
    cell.press("Enter")
    expect(row.get_by_test_id("entry-cell-feedback")).to_have_attribute("data-state", re.compile("saved|created"))
    page.goto(base + "/?as_of=2023")
    expect(regressing).to_have_text(f"{before_regressing - 1}项")
    expect(achieved).to_have_text(f"{before_achieved + 1}项")
    expect(page.get_by_text("高中阶段毛入学率 示例县 2023年").first).to_be_visible()  # the latest changes list
    shot(page, "25-dashboard-after-entry")
