"""The tasks board and the projects table: grouping, overdue, filters, and progress
entry limited to the user's own unit (a forged POST is refused with 403)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Project, Task
from tests.services.plans.helpers import make_review_plan
from tests.web.review_support import post

OWN = "实施幼儿园扩容工程"  # 县教育局 and 县财政局: unit1 (县教育局) may report
OTHER = "推进校舍改造"  # 县发改局 only


@pytest.fixture
def plan(engine, users):
    made = make_review_plan(engine, dictionary=False)
    with unit_of_work(engine) as session:
        own = session.get(Task, made.tasks[OWN])
        session.add(Project(plan_id=made.plan_id, section_id=own.section_id, name="城东幼儿园新建工程",
                            investment=Decimal(65_000_000), seats=540, year=2023, units=list(own.units)))
        other = session.get(Task, made.tasks[OTHER])
        session.add(Project(plan_id=made.plan_id, section_id=other.section_id, name="农村学校食堂改造",
                            investment=Decimal(12_000_000), units=list(other.units)))
        session.flush()
        projects = {p.name: p.id for p in session.scalars(select(Project))}
    return made, projects


def task(engine, task_id) -> Task:
    with unit_of_work(engine) as session:
        return session.get(Task, task_id)


def card(page: str, task_id: int) -> list[str]:
    """Every card of a task on the board (a task shows under each of its units)."""
    return re.findall(rf'<article class="task-card[^"]*"[^>]*data-task-id="{task_id}".*?</article>', page, re.S)


def test_board_groups_by_unit_and_status(signed_in, plan):
    made, _ = plan
    page = signed_in("viewer").get("/tasks").text
    groups = re.findall(r'data-testid="unit-group" data-unit-id="(\d+)"', page)
    assert len(groups) == 3  # 县教育局, 县财政局, 县发改局
    assert len(card(page, made.tasks[OWN])) == 2 and len(card(page, made.tasks[OTHER])) == 1
    assert "未启动" in page and "推进中" in page and "已完成" in page and "逾期" in page
    assert 'data-editable="true"' not in page and "task-progress-form" not in page  # the viewer only looks


def test_overdue_tasks_get_their_own_column(signed_in, plan, engine):
    made, _ = plan
    with unit_of_work(engine) as session:
        session.get(Task, made.tasks[OTHER]).due_year = 2020
        session.get(Task, made.tasks[OWN]).due_year = 2100
    page = signed_in("viewer").get("/tasks").text
    [late] = card(page, made.tasks[OTHER])
    assert 'data-column="overdue"' in late and "逾期" in late
    assert all('data-column="not_started"' in c for c in card(page, made.tasks[OWN]))  # not due yet


def test_filters_by_unit_and_plan(signed_in, plan):
    made, _ = plan
    client = signed_in("viewer")
    page = client.get("/tasks", params={"unit_id": 1}).text
    assert len(re.findall(r'data-testid="unit-group"', page)) == 1
    partial = client.get("/tasks", params={"plan_id": made.plan_id + 1}, headers={"HX-Request": "true"}).text
    assert "<html" not in partial and "没有符合条件的重点任务" in partial


def test_unit_user_edits_only_its_own_unit(signed_in, plan, engine):
    made, _ = plan
    client = signed_in("unit")  # bound to 县教育局
    page = client.get("/tasks").text
    assert all('data-editable="true"' in c and "task-progress-form" in c for c in card(page, made.tasks[OWN]))
    [other] = card(page, made.tasks[OTHER])
    assert 'data-editable="false"' in other and "task-progress-form" not in other
    version = task(engine, made.tasks[OWN]).version
    saved = post(client, f"/tasks/{made.tasks[OWN]}/progress", {"version": version, "progress": "40",
                                                                 "note": "已开工 3 所"})
    assert saved.status_code == 200 and "已保存：进度 40%" in saved.text
    assert (task(engine, made.tasks[OWN]).progress, task(engine, made.tasks[OWN]).status) == (40, "in_progress")


def test_forged_post_to_another_units_task_is_403(signed_in, plan, engine):
    made, _ = plan
    client = signed_in("unit")
    before = task(engine, made.tasks[OTHER])
    forged = post(client, f"/tasks/{made.tasks[OTHER]}/progress", {"version": before.version, "progress": "90"})
    assert forged.status_code == 403 and "无权" in forged.text
    after = task(engine, made.tasks[OTHER])
    assert (after.progress, after.version) == (before.progress, before.version)
    with unit_of_work(engine) as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.object_type == "task")) is None


def test_planner_edits_every_task_and_a_stale_version_is_409(signed_in, plan, engine):
    made, _ = plan
    client = signed_in("planner")
    page = client.get("/tasks").text
    assert "data-editable=\"false\"" not in page
    version = task(engine, made.tasks[OTHER]).version
    done = post(client, f"/tasks/{made.tasks[OTHER]}/progress", {"version": version, "status": "done"})
    assert done.status_code == 200 and task(engine, made.tasks[OTHER]).status == "done"
    stale = post(client, f"/tasks/{made.tasks[OTHER]}/progress", {"version": version, "progress": "10"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    bad = post(client, f"/tasks/{made.tasks[OTHER]}/progress", {"version": version + 1, "progress": "150"})
    assert bad.status_code == 422 and "进度" in bad.text


def test_projects_table_and_progress(signed_in, plan, engine):
    _, projects = plan
    client = signed_in("unit")
    page = client.get("/projects").text
    rows = dict(re.findall(r'data-project-id="(\d+)" data-editable="(true|false)"', page))
    assert rows == {str(projects["城东幼儿园新建工程"]): "true", str(projects["农村学校食堂改造"]): "false"}
    assert "6,500" in page  # 万元
    own = projects["城东幼儿园新建工程"]
    saved = post(client, f"/projects/{own}/progress", {"version": 1, "stage": "在建", "investment_done": "3000",
                                                       "seats_done": "0"})
    assert saved.status_code == 200 and "已保存项目进展" in saved.text
    with unit_of_work(engine) as session:
        project = session.get(Project, own)
        assert (project.stage, project.investment_done) == ("在建", Decimal(30_000_000))
    forged = post(client, f"/projects/{projects['农村学校食堂改造']}/progress", {"version": 1, "stage": "竣工"})
    assert forged.status_code == 403
    bad = post(client, f"/projects/{own}/progress", {"version": 2, "investment_done": "三千"})
    assert bad.status_code == 422 and "完成投资" in bad.text


def test_a_task_is_overdue_only_after_its_due_year_has_ended(signed_in, plan, engine):
    from datetime import date

    made, _ = plan
    this_year = date.today().year
    with unit_of_work(engine) as session:
        session.get(Task, made.tasks[OWN]).due_year = this_year  # due this year: not yet overdue
        session.get(Task, made.tasks[OTHER]).due_year = this_year - 1  # due last year: overdue now
    viewer = signed_in("viewer")

    def columns(query: str = "") -> dict[str, str]:
        page = viewer.get("/tasks" + query).text
        return dict(re.findall(r'data-task-id="(\d+)" data-column="([a-z_]+)"', page))

    now = columns()
    assert now[str(made.tasks[OWN])] == "not_started" and now[str(made.tasks[OTHER])] == "overdue"
    before = columns(f"?as_of={this_year - 2}")  # as at the end of the year before last
    assert before[str(made.tasks[OTHER])] == "not_started"
    at_due = columns(f"?as_of={this_year - 1}")  # as at the end of its due year: it has ended
    assert at_due[str(made.tasks[OTHER])] == "overdue"
