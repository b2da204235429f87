from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in


def test_login_and_logout(page: Page, demo_server, shot):
    base, accounts = demo_server
    page.goto(base + "/")
    expect(page).to_have_url(base + "/login?next=/")
    shot(page, "00-login")
    sign_in(page, base, "admin", accounts["admin"])
    expect(page.locator("nav.nav")).to_contain_text("一屏掌控")
    page.click("text=退出")
    expect(page).to_have_url(base + "/login")


def test_wrong_password_is_explained(page: Page, demo_server):
    base, _ = demo_server
    page.goto(base + "/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator(".alert")).to_contain_text("用户名或密码错误")
