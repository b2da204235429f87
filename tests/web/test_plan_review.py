"""The plan screens: list, upload, the highlighted source text, and reviewing targets
through the panel (confirm, edit with version, conflict, link, add from offsets)."""

from __future__ import annotations

import html
import os
import re

import pytest
from sqlalchemy import select

from eduplan.services.plans.targets import get_target
from eduplan.store.db import unit_of_work
from eduplan.store.models import Target
from tests.services.plans.helpers import make_review_plan
from tests.web.conftest import csrf_of
from tests.web.review_support import post

RATE = "学前三年毛入园率达到98%以上"
GOOD_PLAN = "某市职业教育发展行动方案\n一、目标\n到2025年，中职学校双师型教师比例达到60%以上。\n"


@pytest.fixture
def plan(engine):
    return make_review_plan(engine)


def target_url(plan, quote, tail=""):
    return f"/plans/{plan.plan_id}/targets/{plan.targets[quote]}{tail}"


def test_plans_list_counts_targets_by_review_state(signed_in, plan):
    page = signed_in("planner").get("/plans").text
    assert "某县教育事业发展规划" in page and 'data-testid="plan-upload-form"' in page
    assert "待审核 6" in page


def test_viewer_sees_the_list_without_the_upload_form(signed_in, plan):
    page = signed_in("viewer").get("/plans")
    assert page.status_code == 200 and "某县教育事业发展规划" in page.text
    assert "plan-upload-form" not in page.text


def test_every_piece_of_the_source_carries_its_exact_offset(signed_in, plan):
    page = signed_in("viewer").get(f"/plans/{plan.plan_id}").text
    pieces = re.findall(r'<(?:span|mark)[^>]*? data-offset="(\d+)"[^>]*>([^<]*)</(?:span|mark)>', page)
    assert len(pieces) > 10
    for offset, text in pieces:
        text = html.unescape(text)
        assert plan.text[int(offset):int(offset) + len(text)] == text
    marked = {int(i) for i in re.findall(r'data-target-id="(\d+)" data-targets', page)}
    assert marked == set(plan.targets.values())  # every target is highlighted
    assert 'data-testid="section-link"' in page and "扩大学前教育资源" in page


def test_viewer_and_unit_get_no_edit_controls_and_403_on_post(signed_in, plan, engine):
    for role in ("viewer", "unit"):
        client = signed_in(role)
        page = client.get(f"/plans/{plan.plan_id}").text
        assert 'data-can-review="false"' in page and "add-target-button" not in page
        panel = client.get(target_url(plan, RATE)).text
        assert "target-panel" in panel and "target-confirm" not in panel and "target-edit" not in panel
        version = get_target(engine, plan.targets[RATE]).version
        assert post(client, target_url(plan, RATE, "/confirm"), {"version": version}).status_code == 403
        assert post(client, target_url(plan, RATE), {"version": version, "value": "1", "indicator_name": "x",
                                                     "comparator": ">="}).status_code == 403
        start = plan.text.index("改造")
        assert post(client, f"/plans/{plan.plan_id}/targets", {"start": start, "end": start + 4,
                                                                "indicator_name": "x", "comparator": ">=",
                                                                "value": "1"}).status_code == 403
        assert client.get(f"/plans/{plan.plan_id}/targets/new?start={start}&end={start + 4}").status_code == 403
    assert get_target(engine, plan.targets[RATE]).review_state == "extracted"


def test_confirm_updates_panel_highlight_and_counts(signed_in, plan, engine):
    client = signed_in("planner")
    tid = plan.targets[RATE]
    version = get_target(engine, tid).version
    response = post(client, target_url(plan, RATE, "/confirm"), {"version": version})
    assert response.status_code == 200
    body = response.text
    assert 'data-state="confirmed"' in body and "已保存" in body
    assert re.search(rf'<div class="ln[^"]*" id="ln-\d+"[^>]*hx-swap-oob="true">.*?class="tg st-confirmed"'
                     rf'[^>]*data-target-id="{tid}"', body)  # the highlight, out of band
    assert 'id="review-counts"' in body and 'data-testid="count-confirmed">已确认 <b>1</b>' in body
    assert f'id="trow-{tid}"' in body
    assert get_target(engine, tid).review_state == "confirmed"


def test_edit_with_version_then_a_stale_version_is_a_409(signed_in, plan, engine):
    client = signed_in("planner")
    tid = plan.targets[RATE]
    version = get_target(engine, tid).version
    form = client.get(target_url(plan, RATE, "/edit")).text
    assert f'name="version" value="{version}"' in form and 'value="98"' in form
    fields = {"indicator_name": "学前三年毛入园率", "comparator": ">=", "value": "98.5", "unit": "%",
              "year": "2025", "kind": "target"}
    saved = post(client, target_url(plan, RATE), {**fields, "version": version})
    assert saved.status_code == 200 and 'data-state="edited"' in saved.text and "98.5" in saved.text
    stale = post(client, target_url(plan, RATE), {**fields, "value": "99", "version": version})
    assert stale.status_code == 409
    assert "该目标已被他人修改，请刷新后重试" in stale.text
    assert 'data-testid="target-panel"' in stale.text  # the current values, to start again from
    assert 'class="tg st-edited' in stale.text and 'hx-swap-oob="true"' in stale.text  # and the current highlight
    assert str(get_target(engine, tid).value.normalize()) == "98.5"


def test_bad_values_come_back_in_the_form(signed_in, plan, engine):
    client = signed_in("planner")
    version = get_target(engine, plan.targets[RATE]).version
    response = post(client, target_url(plan, RATE), {"indicator_name": "学前三年毛入园率", "comparator": ">=",
                                                     "value": "很多", "unit": "%", "year": "2025",
                                                     "version": version})
    assert response.status_code == 422
    assert "数值应为数字" in response.text and 'data-testid="target-edit-form"' in response.text
    assert "不能为空" not in response.text  # a bad value is not also reported missing
    assert 'value="很多"' in response.text  # what the user typed stays


def test_reject_and_link_from_suggestions(signed_in, plan, engine):
    client = signed_in("admin")
    quote = "新增学位3000个"
    suggestions = client.get(target_url(plan, quote, "/indicators?q=新增学位")).text
    ids = re.findall(r'data-indicator-id="(\d+)"', suggestions)
    assert ids and "新增学位数" in suggestions
    version = get_target(engine, plan.targets[quote]).version
    linked = post(client, target_url(plan, quote, "/link"), {"version": version, "indicator": ids[0]})
    assert linked.status_code == 200 and get_target(engine, plan.targets[quote]).indicator == "新增学位数"
    version = get_target(engine, plan.targets[quote]).version
    rejected = post(client, target_url(plan, quote, "/reject"), {"version": version, "reason": "重复"})
    assert rejected.status_code == 200 and "st-rejected" in rejected.text


def test_add_a_target_from_offsets(signed_in, plan, engine):
    client = signed_in("planner")
    quote = "改造农村学校食堂12所"
    start = plan.text.index(quote)
    form = client.get(f"/plans/{plan.plan_id}/targets/new?start={start - 1}&end={start + len(quote) + 1}")
    assert form.status_code == 200
    assert re.search(r'name="value" value="12"', form.text) and re.search(r'name="unit" value="所"', form.text)
    fields = {"start": start, "end": start + len(quote), "quote": quote, "indicator_name": "改造农村学校食堂",
              "comparator": ">=", "value": "12", "unit": "所", "year": "2025", "kind": "target"}
    response = post(client, f"/plans/{plan.plan_id}/targets", {**fields, "start": start + 1})
    assert response.status_code == 422 and "不一致" in response.text  # the quote must be text[start:end]
    response = post(client, f"/plans/{plan.plan_id}/targets", fields)
    assert response.status_code == 422 and "已有" in response.text  # extraction found this very span
    response = post(client, f"/plans/{plan.plan_id}/targets", {**fields, "start": start + 2, "quote": quote[2:]})
    assert response.status_code == 200, response.text
    assert 'data-state="manual"' in response.text and 'class="tg st-manual' in response.text
    with unit_of_work(engine) as session:
        added = session.scalars(select(Target).where(Target.review_state == "manual")).one()
        assert (added.start, added.end, added.quote) == (start + 2, start + len(quote), quote[2:])
        assert [u.name for u in added.units] == ["县发改局"]


def test_add_outside_the_text_is_refused(signed_in, plan):
    client = signed_in("planner")
    response = post(client, f"/plans/{plan.plan_id}/targets", {"start": 0, "end": len(plan.text) + 5,
                                                                "indicator_name": "x", "comparator": ">=",
                                                                "value": "1", "unit": "个", "year": "2025"})
    assert response.status_code == 422 and "超出" in response.text


def test_a_target_of_another_plan_is_404(signed_in, plan):
    client = signed_in("planner")
    assert client.get(f"/plans/{plan.plan_id + 1}/targets/{plan.targets[RATE]}").status_code == 404
    assert client.get("/plans/9999").status_code == 404


# ---- upload -------------------------------------------------------------------------------

def upload(client, name, data):
    return client.post("/plans", data={"csrf_token": csrf_of(client)}, files={"file": (name, data)},
                       follow_redirects=False)


def test_upload_a_plan(signed_in, engine):
    client = signed_in("planner")
    response = upload(client, "行动方案.txt", GOOD_PLAN.encode())
    assert response.status_code == 303 and "uploaded=1" in response.headers["location"]
    page = client.get(response.headers["location"]).text
    assert "某市职业教育发展行动方案" in page and 'data-testid="upload-ok"' in page
    again = upload(client, "行动方案.txt", GOOD_PLAN.encode())
    assert "known=1" in again.headers["location"]  # the same file is not stored twice


@pytest.mark.parametrize(("name", "data", "status", "part"), [
    pytest.param("旧规划.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, 422, "另存为 .docx", id="old-doc"),
    pytest.param("规划.txt", os.urandom(2048) + b"\x00\x01", 422, "", id="binary-as-txt"),
    pytest.param("规划.pdf", b"this is not a pdf at all", 422, "不符", id="not-a-pdf"),
    pytest.param("规划.exe", b"MZ\x90\x00", 422, "不支持", id="unknown-suffix"),
    pytest.param("规划.txt", "教育".encode() * 2000, 413, "文件过大", id="oversize"),
])
def test_bad_uploads_are_shown_inline(signed_in, app, engine, name, data, status, part):
    app.state.settings.max_file_mb = 0.01  # 10 KB
    client = signed_in("planner")
    response = upload(client, name, data)
    assert response.status_code == status
    assert 'data-testid="plan-upload-error"' in response.text and part in response.text
    assert 'data-testid="plan-row"' not in client.get("/plans").text  # nothing stored


def test_viewer_cannot_upload(signed_in):
    assert upload(signed_in("viewer"), "行动方案.txt", GOOD_PLAN.encode()).status_code == 403
