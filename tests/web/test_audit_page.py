"""The audit log page: filters, paging (newest first), old → new values, and who sees what."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from eduplan.domain import BEIJING
from eduplan.services.plans.progress import record_task_progress
from eduplan.services.plans.targets import confirm_target, get_target, update_target
from eduplan.store.db import unit_of_work
from eduplan.store.repositories import audit
from tests.services.plans.helpers import make_review_plan

RATE = "学前三年毛入园率达到98%以上"


@pytest.fixture
def history(engine, users):
    """A plan stored by the CLI, a planner's two reviews and a unit user's progress report."""
    made = make_review_plan(engine, dictionary=False)
    tid = made.targets[RATE]
    update_target(engine, tid, actor=users["planner"], expected_version=get_target(engine, tid).version, value="98.5")
    confirm_target(engine, made.targets["新增学位3000个"], actor=users["planner"],
                   expected_version=get_target(engine, made.targets["新增学位3000个"]).version)
    record_task_progress(engine, made.tasks["实施幼儿园扩容工程"], year=2025, progress=30, actor=users["unit"])
    return made


def entry_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-testid="audit-row" data-entry-id="(\d+)"', page)]


def test_admin_sees_every_entry_newest_first_with_old_and_new(signed_in, history):
    page = signed_in("admin").get("/audit").text
    ids = entry_ids(page)
    assert len(ids) >= 4 and ids == sorted(ids, reverse=True)
    assert "<del>98</del> → <ins>98.5</ins>" in page
    assert "planner用户" in page and "unit用户" in page and "命令行/系统" in page


@pytest.mark.parametrize(("params", "expected"), [
    pytest.param({"object_type": "target"}, {"target"}, id="object-type"),
    pytest.param({"object_type": "task"}, {"task"}, id="task"),
    pytest.param({"object_type": "plan"}, {"plan"}, id="plan"),
])
def test_filter_by_object_type(signed_in, history, params, expected):
    page = signed_in("planner").get("/audit", params=params, headers={"HX-Request": "true"}).text
    assert "<html" not in page  # htmx gets the results only
    assert set(re.findall(r'data-object-type="(\w+)"', page)) == expected


def test_filter_by_user_object_id_and_dates(signed_in, history, users):
    client = signed_in("admin")
    mine = client.get("/audit", params={"user_id": users["planner"].id}).text
    assert len(entry_ids(mine)) == 2
    one = client.get("/audit", params={"object_type": "target", "object_id": history.targets[RATE]}).text
    assert len(entry_ids(one)) == 1 and "修改" in one
    today = datetime.now(BEIJING).date()
    assert len(entry_ids(client.get("/audit", params={"date_from": today, "date_to": today}).text)) >= 4
    before = today - timedelta(days=3)
    assert entry_ids(client.get("/audit", params={"date_from": before, "date_to": before}).text) == []
    bad = client.get("/audit", params={"date_from": "yesterday"})
    assert bad.status_code == 200 and "不是日期" in bad.text and len(entry_ids(bad.text)) >= 4


def test_paging(signed_in, history, engine):
    with unit_of_work(engine) as session:
        for n in range(60):
            entry = audit.record(session, user_id=None, action="update", object_type="region", object_id=n,
                                 summary=f"第{n}条")
            entry.at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
    client = signed_in("admin")
    first = client.get("/audit", params={"object_type": "region"}).text
    assert len(entry_ids(first)) == 50 and "第59条" in first and 'data-testid="audit-next"' in first
    second = client.get("/audit", params={"object_type": "region", "page": 2}).text
    assert len(entry_ids(second)) == 10 and "第0条" in second and "第59条" not in second
    beyond = client.get("/audit", params={"object_type": "region", "page": 9}).text
    assert entry_ids(beyond) == entry_ids(second)  # past the end: the last page


def test_unit_user_sees_only_its_own_actions(signed_in, history, users):
    client = signed_in("unit")
    page = client.get("/audit").text
    assert "您只能查看本人的操作记录" in page
    assert set(re.findall(r'data-object-type="(\w+)"', page)) == {"task"}
    forged = client.get("/audit", params={"user_id": users["planner"].id}).text
    assert set(re.findall(r'data-object-type="(\w+)"', forged)) == {"task"}


def test_viewer_sees_everything_read_only(signed_in, history):
    page = signed_in("viewer").get("/audit").text
    assert {"target", "task", "plan"} <= set(re.findall(r'data-object-type="(\w+)"', page))
    assert "<form method=\"post\"" not in page.split("<main", 1)[1]
