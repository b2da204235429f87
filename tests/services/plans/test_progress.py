"""Task and project progress: history rows, version checks, audit, unit ownership."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from eduplan.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.plans.progress import record_project_progress, record_task_progress
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Project, ProjectUpdate, ResponsibleUnit, Section, Task, TaskUpdate
from tests.factories import make_plan, make_user


@pytest.fixture
def work(engine):
    """A plan of 示例县 with one section holding a task and a project of 基础教育科."""
    load_regions(engine)
    plan_id = make_plan(engine, region="示例县")
    with unit_of_work(engine) as session:
        section = Section(plan_id=plan_id, position=0, level=1, number="一、", title="重点任务", start=0, end=1)
        session.add(section)
        session.flush()
        unit = ResponsibleUnit(name="基础教育科")
        task = Task(plan_id=plan_id, section_id=section.id, title="推进义务教育优质均衡", units=[unit])
        project = Project(plan_id=plan_id, section_id=section.id, name="城东小学新建工程", investment=Decimal(8e7),
                          units=[unit])
        session.add_all([task, project])
        session.flush()
        return {"task": task.id, "project": project.id, "unit": unit.id}


def test_task_progress_updates_task_and_history(engine, work):
    r = record_task_progress(engine, work["task"], year=2022, progress=40, note="完成 4 所学校评估")
    assert (r.status, r.progress, r.version) == ("in_progress", 40, 2)
    done = record_task_progress(engine, work["task"], year=2023, status="done", expected_version=2)
    assert (done.status, done.progress, done.version) == ("done", 100, 3)
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(TaskUpdate)) == 2
        entry = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "task")
                                .order_by(AuditEntry.id)).all()[-1]
    assert (entry.old["progress"], entry.new["progress"], entry.new["status"]) == (40, 100, "done")


def test_task_progress_stale_version(engine, work):
    record_task_progress(engine, work["task"], year=2022, progress=40)
    with pytest.raises(ConflictError):
        record_task_progress(engine, work["task"], year=2022, progress=50, expected_version=1)


@pytest.mark.parametrize(("kw", "column"), [
    pytest.param({"progress": 120}, "进度", id="progress-above-100"),
    pytest.param({"status": "maybe"}, "状态", id="bad-status"),
    pytest.param({"year": 1800}, "年份", id="bad-year"),
])
def test_task_progress_checks_input(engine, work, kw, column):
    args = {"year": 2022, **kw}
    with pytest.raises(InputError) as err:
        record_task_progress(engine, work["task"], **args)
    assert err.value.errors[0].column == column


def test_unit_user_reports_only_its_own_tasks_and_projects(engine, work):
    own = make_user(engine, "unit", unit="基础教育科")
    other = make_user(engine, "unit", unit="高中科")
    assert record_task_progress(engine, work["task"], year=2022, progress=10, actor=own).progress == 10
    with pytest.raises(PermissionDeniedError):
        record_task_progress(engine, work["task"], year=2022, progress=20, actor=other)
    assert record_project_progress(engine, work["project"], year=2022, stage="在建", actor=own).stage == "在建"
    with pytest.raises(PermissionDeniedError):
        record_project_progress(engine, work["project"], year=2022, stage="竣工", actor=other)


@pytest.mark.parametrize("regions", [["示范县"], ["示例市"], ["示例省"], []], ids=["sibling", "city", "province", "none"])
def test_the_same_unit_of_another_region_is_refused(engine, work, regions):
    """基础教育科 of 示范县 (or of the city or province above, or of no region) may not report
    on the tasks and projects of 示例县's plan although the unit's name is the same."""
    elsewhere = make_user(engine, "unit", unit="基础教育科", regions=regions)
    with pytest.raises(PermissionDeniedError) as err:
        record_task_progress(engine, work["task"], year=2022, progress=20, actor=elsewhere)
    assert "区域以外" in err.value.message
    with pytest.raises(PermissionDeniedError):
        record_project_progress(engine, work["project"], year=2022, stage="竣工", actor=elsewhere)
    with unit_of_work(engine) as session:
        assert session.get(Task, work["task"]).progress == 0
        assert session.get(Project, work["project"]).stage is None


def test_project_progress(engine, work):
    r = record_project_progress(engine, work["project"], year=2022, stage="在建", investment_done="30,000,000",
                                seats_done=0)
    assert (r.stage, r.investment_done, r.seats_done, r.version) == ("在建", Decimal(30_000_000), 0, 2)
    r = record_project_progress(engine, work["project"], year=2023, stage="竣工", seats_done=1350, expected_version=2)
    assert (r.investment_done, r.seats_done, r.version) == (Decimal(30_000_000), 1350, 3)
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(ProjectUpdate)) == 2
        assert session.get(Project, work["project"]).stage == "竣工"
    with pytest.raises(ConflictError):
        record_project_progress(engine, work["project"], year=2023, stage="投用", expected_version=2)
    with pytest.raises(InputError):
        record_project_progress(engine, work["project"], year=2023, investment_done="-1")
    with pytest.raises(NotFoundError):
        record_project_progress(engine, 999, year=2023)
