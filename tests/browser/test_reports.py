"""Download the mid-term report (DOCX) and the supervision list (XLSX) from the browser."""

from __future__ import annotations

import io

import docx
import openpyxl
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in


def test_download_report_and_supervision_list(page: Page, demo_server, shot):
    base, accounts = demo_server
    sign_in(page, base, "admin", accounts["admin"])
    page.goto(base + "/reports")
    expect(page.get_by_test_id("report-form")).to_be_visible()
    page.get_by_test_id("report-as-of").fill("2023")
    page.get_by_test_id("report-to").fill("示例县人民政府")
    page.get_by_test_id("report-issuer").fill("示例县教育局")
    page.get_by_test_id("report-date").fill("2024-03-01")
    shot(page, "50-reports")
    with page.expect_download() as info:
        page.get_by_test_id("report-download").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(download.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "总体评价" in text and "存在的主要问题" in text
    assert "示例县人民政府：" in text and "示例县教育局" in text and "2024年3月1日" in text

    page.get_by_test_id("report-format-xlsx").check()
    with page.expect_download() as info:
        page.get_by_test_id("report-download").click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    assert "汇总" in workbook.sheetnames
