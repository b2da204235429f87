"""The reports page: the form, downloads in every format for every role, sign-in required."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.report.factories import PLAN_TITLE, make_report_plan


@pytest.fixture
def plan_id(engine):
    return make_report_plan(engine)


def test_form_offers_plans_regions_and_formats(signed_in, plan_id):
    page = signed_in("planner").get("/reports")
    assert page.status_code == 200
    html = page.text
    assert f'<option value="{plan_id}">{PLAN_TITLE}（2021—2025年）</option>' in html
    assert "测试县（990101）" in html
    for fmt in ("docx", "html", "md", "xlsx"):
        assert f'data-testid="report-format-{fmt}"' in html
    assert 'action="/reports/download"' in html


def test_form_without_plans_says_so(signed_in):
    page = signed_in("viewer").get("/reports")
    assert 'data-testid="reports-empty"' in page.text


@pytest.mark.parametrize("role", ["admin", "planner", "viewer", "unit"])
def test_every_role_downloads_the_supervision_list(signed_in, plan_id, role):
    r = signed_in(role).get("/reports/download", params={"plan": plan_id, "as_of": 2023, "format": "xlsx"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[0] == "汇总"


def test_docx_download_names_the_file_in_chinese(signed_in, plan_id):
    r = signed_in("viewer").get("/reports/download", params={"plan": plan_id, "as_of": 2023, "format": "docx"})
    assert r.status_code == 200
    disposition = r.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="eduplan-report-{plan_id}-2023.docx"')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"{PLAN_TITLE}_2023年中期评估报告.docx"
    doc = Document(io.BytesIO(r.content))
    assert doc.paragraphs[0].text.replace("\n", "") == f"{PLAN_TITLE}中期评估报告"  # balanced title lines


def test_html_and_markdown_downloads(signed_in, plan_id):
    client = signed_in("unit")
    html = client.get("/reports/download", params={"plan": plan_id, "as_of": 2023, "format": "html",
                                                   "region": "990101"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "按测试县的监测数据" in html.text and "<svg" in html.text
    md = client.get("/reports/download", params={"plan": plan_id, "as_of": 2023, "format": "md"})
    assert md.text.startswith(f"# {PLAN_TITLE}中期评估报告")


def test_sign_in_is_required(client, plan_id):
    r = client.get("/reports/download", params={"plan": plan_id, "as_of": 2023, "format": "xlsx"},
                   follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/reports", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(("params", "status", "text"), [
    pytest.param({"plan": "999", "as_of": "2023", "format": "docx"}, 404, "找不到规划", id="unknown-plan"),
    pytest.param({"plan": "1", "as_of": "明年", "format": "docx"}, 422, "不是年份", id="bad-year"),
    pytest.param({"plan": "1", "as_of": "2023", "format": "pdf"}, 422, "不支持的报告格式", id="bad-format"),
    pytest.param({"plan": "", "as_of": "2023", "format": "docx"}, 422, "请选择规划", id="no-plan"),
    pytest.param({"plan": "1", "as_of": "2023", "format": "docx", "date": "三月一日"}, 422, "成文日期", id="bad-date"),
])
def test_bad_requests_get_an_error_page(signed_in, plan_id, params, status, text):
    r = signed_in("planner").get("/reports/download", params=params)
    assert r.status_code == status
    assert text in r.text
