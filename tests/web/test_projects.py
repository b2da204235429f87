"""Construction projects: who answers for them (inherited from the task or section that
names them, changeable by planners) and honest totals (each amount once, this plan's
period only)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from eduplan.errors import ConflictError, PermissionDeniedError
from eduplan.extract import extract_document
from eduplan.ingest.readers import read_text
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.plans.ingest import ingest_documents
from eduplan.services.plans.progress import record_project_progress, set_project_units
from eduplan.services.views.projects import project_table
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Plan, Project, Section
from tests.factories import make_user

PLAN = """示例县教育事业发展“十四五”规划
一、发展基础
（一）过去五年的成就
教育基础设施建设力度空前，共实施建设项目91个，总投资29.51亿元，新增学位2.4万个。
二、主要任务
（一）加快教育基础设施建设
1.实施教育基建攻坚。十四五期间，全县谋划教育基建项目共计128个，总投资109亿元，2022年至2025年建设资金预计投入分别为9.7亿元、13.4亿元、12.8亿元、8.6亿元。（责任单位：县发改局、县教育局）
（二）推进学前教育
2.新建城东幼儿园。新建城东幼儿园项目，总投资6500万元，新增学位540个。
3.扩大普惠资源。（责任单位：县教育局）
"""


@pytest.fixture
def plan(engine):
    load_regions(engine)
    [result] = ingest_documents(engine, [read_text(PLAN, source="规划.txt", region="示例县")],
                                extractor=extract_document)
    return result.plan_id


def projects(engine, plan_id) -> dict[str, Project]:
    with unit_of_work(engine) as session:
        found = list(session.scalars(select(Project).where(Project.plan_id == plan_id)))
        for p in found:
            list(p.units)
        return {p.name: p for p in found}


def test_a_project_inherits_the_units_of_the_task_that_names_it(engine, plan):
    found = projects(engine, plan)
    assert sorted(u.name for u in found["谋划教育基建项目"].units) == ["县发改局", "县教育局"]


def add(session, plan_id: int, name: str, *, start: int, end: int, investment: str, year: int | None = None,
        section: int | None = None, seats: int | None = None) -> None:
    session.add(Project(plan_id=plan_id, name=name, start=start, end=end, investment=Decimal(investment),
                        year=year, section_id=section, seats=seats, quote=name))


@pytest.fixture
def ruian_like(engine):
    """The issue's shape, in our own words: a 十三五 figure in the review section, a
    total with its yearly amounts inside its text, a year outside the period, one more
    project: only the total and that project count."""
    load_regions(engine)
    with unit_of_work(engine) as session:
        plan = Plan(title="某县教育规划", region_name="示例县", doc_type="plan", period_start=2021, period_end=2025,
                    source_name="p.txt", sha256="f" * 64, text="x" * 2000)
        session.add(plan)
        session.flush()
        review = Section(plan_id=plan.id, position=0, level=1, number="一、", title="规划背景", start=0, end=500)
        session.add(review)
        session.flush()
        past = Section(plan_id=plan.id, parent_id=review.id, position=1, level=2, number="（一）",
                       title="过去五年的成就", start=10, end=500)
        tasks = Section(plan_id=plan.id, position=2, level=1, number="三、", title="主要任务", start=500, end=2000)
        session.add_all([past, tasks])
        session.flush()
        add(session, plan.id, "共实施建设项目", start=100, end=180, investment="2951000000", section=past.id)
        add(session, plan.id, "谋划教育基建项目", start=600, end=860, investment="10900000000", section=tasks.id)
        for i, (year, amount) in enumerate(((2022, "970000000"), (2023, "1340000000"), (2024, "1280000000"),
                                           (2025, "860000000"))):
            add(session, plan.id, f"谋划教育基建项目（{year}年度投资）", start=790, end=806 + 7 * i,
                investment=amount, year=year, section=tasks.id)
        add(session, plan.id, "二〇一九年续建项目", start=900, end=930, investment="50000000", year=2019,
            section=tasks.id)
        add(session, plan.id, "城东幼儿园新建工程", start=1000, end=1040, investment="65000000", section=tasks.id,
            seats=540)
        return plan.id


def test_totals_count_each_amount_once_and_only_this_period(engine, ruian_like):
    table = project_table(engine, actor=None, plan_id=ruian_like)
    assert table.investment == Decimal("10900000000") + Decimal("65000000")  # 109亿 + 6500万
    assert table.seats == 540 and table.left_out == 6
    reasons = {r.name: r.not_counted for r in table.rows}
    assert "规划期前" in reasons["共实施建设项目"]
    assert reasons["谋划教育基建项目（2023年度投资）"].startswith("其中项")
    assert "2019年不在规划期" in reasons["二〇一九年续建项目"]
    assert reasons["谋划教育基建项目"] is None and reasons["城东幼儿园新建工程"] is None
    parts = [r for r in table.rows if r.part_of is not None]
    assert len(parts) == 4 and {r.part_of for r in parts} == {next(r.id for r in table.rows
                                                                   if r.name == "谋划教育基建项目")}


def test_the_projects_page_shows_what_is_not_counted(signed_in, ruian_like):
    html = signed_in("viewer").get(f"/projects?plan_id={ruian_like}").text
    assert html.count('data-counted="false"') == 6 and html.count('data-counted="true"') == 2
    assert "1,096,500 /" in html  # 万元: 1,090,000 + 6,500, not 2,063,600-like sums
    assert "规划期内，各项只计一次（6 项不计入）" in html


def test_planners_change_a_projects_units(engine, plan):
    planner, clerk = make_user(engine, "planner"), make_user(engine, "unit", unit="县教育局")
    project = projects(engine, plan)["谋划教育基建项目"]
    with pytest.raises(PermissionDeniedError):
        set_project_units(engine, project.id, ["县教育局"], actor=clerk, expected_version=project.version)
    saved = set_project_units(engine, project.id, ["县教育局", "县住建局"], actor=planner,
                              expected_version=project.version)
    assert saved == ["县教育局", "县住建局"]
    with pytest.raises(ConflictError):  # the version the planner saw is gone
        set_project_units(engine, project.id, ["县教育局"], actor=planner, expected_version=project.version)
    with unit_of_work(engine) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "project")).all()[-1]
    assert entry.old["units"] == ["县发改局", "县教育局"] and entry.new["units"] == ["县教育局", "县住建局"]
    other = make_user(engine, "unit", unit="县住建局")  # the new unit reports on it now
    assert record_project_progress(engine, project.id, year=2023, stage="在建", actor=other).stage == "在建"


def test_the_units_form_on_the_projects_page(signed_in, engine, plan, users):
    project = projects(engine, plan)["谋划教育基建项目"]
    page = signed_in("planner").get(f"/projects?plan_id={plan}").text
    assert 'data-testid="project-units-form"' in page
    assert 'data-testid="project-units-form"' not in signed_in("unit").get(f"/projects?plan_id={plan}").text
    client = signed_in("planner")
    from tests.web.conftest import csrf_of

    r = client.post(f"/projects/{project.id}/units", data={"version": project.version, "units": "县教育局、县财政局"},
                    headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(client)})
    assert r.status_code == 200 and "已保存责任单位：县教育局、县财政局" in r.text
    forged = signed_in("unit")
    r = forged.post(f"/projects/{project.id}/units", data={"version": project.version + 1, "units": "县教育局"},
                    headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(forged)})
    assert r.status_code == 403
