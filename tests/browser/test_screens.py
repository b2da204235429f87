"""Every page at 1440 px and at 390 px (a phone): screenshots for people to look at
(``artifacts/screens/layout-*.png``), and checks that the phone layout holds — the page
never scrolls sideways (wide tables scroll inside their card), the menu folds behind a
button that opens it, charts are drawn, and the browser reports no Content-Security-Policy
violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENS, sign_in

WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}


def page_paths(page: Page, base: str) -> dict[str, str]:
    page.goto(base + "/plans")
    plan = re.search(r"/plans/(\d+)", page.content()).group(1)
    page.goto(base + "/indicators")
    indicator = re.search(r'href="/indicators/(\d+)', page.content()).group(1)
    return {
        "dashboard": "/", "plans": "/plans", "plan-review": f"/plans/{plan}", "indicators": "/indicators",
        "indicator": f"/indicators/{indicator}", "entry": f"/entry?plan={plan}&year=2023", "tasks": "/tasks",
        "projects": "/projects", "audit": "/audit", "reports": "/reports",
    }


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_at_desktop_and_phone_width(page: Page, demo_server, width):
    base, accounts = demo_server
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto(base + "/login")
    assert _no_sideways_scroll(page), "login"
    page.screenshot(path=str(SCREENS / f"layout-{width}-login.png"), full_page=True)
    sign_in(page, base, "admin", accounts["admin"])
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, path in page_paths(page, base).items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        for chart in page.locator("[data-chart]").all():
            expect(chart).to_have_attribute("data-ready", "1")
        page.screenshot(path=str(SCREENS / f"layout-{width}-{name}.png"), full_page=True)
        assert _no_sideways_scroll(page), f"{name} at {w}px scrolls sideways"
    assert violations == []


def test_the_phone_menu_folds_and_opens(page: Page, demo_server):
    base, accounts = demo_server
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, base, "jyj", accounts["jyj"])
    nav = page.locator("#main-nav")
    expect(nav).to_be_hidden()
    toggle = page.locator("[data-testid=menu-toggle]")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    links = nav.locator("a")
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first["x"] == last["x"] and last["y"] > first["y"]  # one item per line, not one character per line
    assert all(box["height"] < 40 for box in (first, last))
    page.screenshot(path=str(SCREENS / "layout-phone-menu-open.png"))
    nav.locator("text=数据填报").click()
    expect(page).to_have_url(re.compile(r"/entry"))
    expect(page.locator("[data-testid=entry-grid]")).to_be_visible()
    rows = page.locator("[data-testid=entry-row]")
    box = rows.first.bounding_box()
    assert box["width"] <= 390  # the grid stacks: one card per indicator within the screen
    page.screenshot(path=str(SCREENS / "layout-phone-entry-unit.png"), full_page=True)


def _no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_docs_and_chart_tooltips_run_under_the_policy(page: Page, demo_server):
    """/docs starts Swagger UI with its nonce; hovering a chart shows a tooltip; the browser
    reports no Content-Security-Policy violation on the way."""
    base, accounts = demo_server
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, base, "viewer", accounts["viewer"])
    chart = page.locator("#status-chart")
    expect(chart).to_have_attribute("data-ready", "1")
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 - 40)
    page.wait_for_timeout(300)
    page.goto(base + "/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert violations == []
