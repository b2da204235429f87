"""一屏掌控 and the indicator pages in a real browser: charts drawn, htmx swaps redraw them
and push the address, the filter box filters."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in


def test_dashboard_draws_charts_and_reloads_panels_for_another_year(page: Page, demo_server, shot):
    base, accounts = demo_server
    sign_in(page, base, "viewer", accounts["viewer"])
    expect(page.locator("[data-chart][data-ready]")).to_have_count(3)  # status pie, chapters, regions
    expect(page.locator("[data-count=total]")).to_contain_text("项")
    expect(page.locator("table.lagging tbody tr").first).to_be_visible()
    shot(page, "20-dashboard")
    page.select_option("select[name=as_of]", "2022")
    expect(page).to_have_url(re.compile(r"as_of=2022"))
    expect(page.locator("select[name=as_of]")).to_have_value("2022")
    expect(page.locator("[data-chart][data-ready]")).to_have_count(3)
    page.select_option("select[name=indicator]", label="学前三年毛入园率")
    expect(page.locator("#region-comparison [data-chart][data-ready]")).to_have_count(1)
    expect(page.locator("#region-comparison")).to_contain_text("学前三年毛入园率")


def test_indicator_list_filter_and_one_indicator_in_another_region(page: Page, demo_server, shot):
    base, accounts = demo_server
    sign_in(page, base, "viewer", accounts["viewer"])
    page.goto(base + "/indicators")
    page.fill("input[name=q]", "入学率")
    expect(page).to_have_url(re.compile(r"q=%E5%85%A5%E5%AD%A6%E7%8E%87"))
    expect(page.locator("table.indicators")).not_to_contain_text("学前三年毛入园率")
    page.click("text=高中阶段毛入学率")
    expect(page.locator("#indicator-series [data-chart][data-ready]")).to_have_count(1)
    expect(page.locator("#indicator-edit")).to_have_count(0)  # a viewer edits nothing
    shot(page, "21-indicator")
    page.select_option("select[name=region]", "990122")  # 示范县
    expect(page).to_have_url(re.compile(r"region=990122"))
    expect(page.locator("table.obs")).to_contain_text("示范县")
    expect(page.locator("#indicator-series [data-chart][data-ready]")).to_have_count(1)
