"""Submission and approval (上报 → 审核通过 / 退回 → 重新打开): states, locks, roles,
regions, versions and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eduplan.errors import ConflictError, InputError, PermissionDeniedError
from eduplan.services.monitoring.approvals import (
    ApprovalState,
    LockedError,
    approval_status,
    approve_data,
    plan_approvals,
    reopen_data,
    return_data,
    submit_data,
)
from eduplan.services.monitoring.observations import import_observations, record_observation
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry
from tests.factories import make_plan, make_user, observation_state, setup_dictionary, unit_id

TARGETS = [  # reviewed targets: evaluation and reports leave unreviewed ones out
    {"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["县教育局"], "link": "义务教育巩固率",
     "review_state": "confirmed"},
    {"indicator_name": "学前三年毛入园率", "value": 98, "unit": "%", "units": ["县教育局"], "link": "学前三年毛入园率",
     "review_state": "confirmed"},
    {"indicator_name": "高中阶段毛入学率", "value": 98, "unit": "%", "units": ["县发改局"], "link": "高中阶段毛入学率",
     "review_state": "confirmed"},
]


@pytest.fixture
def plan(engine):
    setup_dictionary(engine)
    plan_id = make_plan(engine, targets=TARGETS)
    return {"plan": plan_id, "unit": unit_id(engine, "县教育局"), "other_unit": unit_id(engine, "县发改局")}


@pytest.fixture
def people(engine, plan):
    return {"unit": make_user(engine, "unit", unit="县教育局"), "planner": make_user(engine, "planner"),
            "viewer": make_user(engine, "viewer"), "other": make_user(engine, "unit", unit="县发改局"),
            "sibling": make_user(engine, "unit", unit="县教育局", regions=["示范县"])}


def enter(engine, actor, value="99.1", year=2023, indicator="义务教育巩固率"):
    return record_observation(engine, indicator=indicator, region="示例县", year=year, value=value, actor=actor)


def test_submit_approve_locks_and_reopen_unlocks(engine, plan, people):
    p, u = plan["plan"], plan["unit"]
    enter(engine, people["unit"])
    assert approval_status(engine, p, u, 2023).state == ApprovalState.OPEN
    submitted = submit_data(engine, p, u, 2023, actor=people["unit"], expected_version=0)
    assert (submitted.state, submitted.filled, submitted.total) == (ApprovalState.SUBMITTED, 1, 2)
    approved = approve_data(engine, p, u, 2023, actor=people["planner"], expected_version=submitted.version)
    assert approved.state == ApprovalState.APPROVED and approved.locked
    before = observation_state(engine)
    for actor in (people["unit"], people["planner"], None):  # the unit, the planner and the CLI alike
        with pytest.raises(LockedError) as err:
            enter(engine, actor, value="50")
        assert err.value.http_status == 409 and "已审核通过并锁定" in err.value.message
    with pytest.raises(LockedError):
        import_observations(engine, "指标,区域,年份,数值\n义务教育巩固率,示例县,2023,60\n".encode(), name="a.csv")
    assert observation_state(engine) == before
    enter(engine, people["unit"], value="97", year=2022)  # another year is not locked
    reopened = reopen_data(engine, p, u, 2023, actor=people["planner"], expected_version=approved.version,
                           comment="更正统计口径")
    assert reopened.state == ApprovalState.OPEN
    assert enter(engine, people["unit"], value="98.8").changed


def test_a_value_added_to_an_approved_set_is_locked_too(engine, plan, people):
    """An approval covers every value of the unit's indicators for the year, also one
    entered afterwards: approved means final."""
    enter(engine, people["unit"])
    submit_data(engine, plan["plan"], plan["unit"], 2023, actor=people["unit"])
    approve_data(engine, plan["plan"], plan["unit"], 2023, actor=people["planner"])
    with pytest.raises(LockedError):
        enter(engine, people["unit"], value="96", indicator="学前三年毛入园率")


def test_return_needs_a_comment_and_lets_the_unit_correct(engine, plan, people):
    p, u = plan["plan"], plan["unit"]
    enter(engine, people["unit"])
    submit_data(engine, p, u, 2023, actor=people["unit"])
    with pytest.raises(InputError) as err:
        return_data(engine, p, u, 2023, actor=people["planner"], comment="  ")
    assert "退回意见" in err.value.message
    returned = return_data(engine, p, u, 2023, actor=people["planner"], comment="巩固率高于上年过多，请核实")
    assert returned.state == ApprovalState.RETURNED and returned.comment == "巩固率高于上年过多，请核实"
    enter(engine, people["unit"], value="98.2")
    again = submit_data(engine, p, u, 2023, actor=people["unit"], expected_version=returned.version)
    assert again.state == ApprovalState.SUBMITTED


def test_steps_out_of_order_are_refused(engine, plan, people):
    p, u = plan["plan"], plan["unit"]
    with pytest.raises(InputError) as err:  # nothing entered yet
        submit_data(engine, p, u, 2023, actor=people["unit"])
    assert "还没有填报任何数据" in err.value.message
    enter(engine, people["unit"])
    with pytest.raises(ConflictError):  # not submitted: nothing to approve
        approve_data(engine, p, u, 2023, actor=people["planner"])
    submit_data(engine, p, u, 2023, actor=people["unit"])
    with pytest.raises(ConflictError):  # submitted twice
        submit_data(engine, p, u, 2023, actor=people["unit"])
    with pytest.raises(ConflictError):  # a stale version
        approve_data(engine, p, u, 2023, actor=people["planner"], expected_version=0)
    with pytest.raises(InputError):
        submit_data(engine, p, u, 2031, actor=people["unit"])  # outside the plan period


@pytest.mark.parametrize(("who", "step"), [
    ("viewer", "submit"), ("other", "submit"), ("sibling", "submit"),
    ("unit", "approve"), ("unit", "return"), ("viewer", "approve"), ("other", "approve"),
])
def test_roles_units_and_regions(engine, plan, people, who, step):
    p, u = plan["plan"], plan["unit"]
    enter(engine, people["unit"])
    if step != "submit":
        submit_data(engine, p, u, 2023, actor=people["unit"])
    call = {"submit": lambda a: submit_data(engine, p, u, 2023, actor=a),
            "approve": lambda a: approve_data(engine, p, u, 2023, actor=a),
            "return": lambda a: return_data(engine, p, u, 2023, actor=a, comment="x")}[step]
    with pytest.raises(PermissionDeniedError):
        call(people[who])


def test_every_step_is_audited(engine, plan, people):
    p, u = plan["plan"], plan["unit"]
    enter(engine, people["unit"])
    submit_data(engine, p, u, 2023, actor=people["unit"])
    return_data(engine, p, u, 2023, actor=people["planner"], comment="请核实")
    submit_data(engine, p, u, 2023, actor=people["unit"])
    approve_data(engine, p, u, 2023, actor=people["planner"])
    reopen_data(engine, p, u, 2023, actor=people["planner"])
    with unit_of_work(engine) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "approval")
                                  .order_by(AuditEntry.id)).all()
        steps = [(e.action, e.user_id, e.old["state"], e.new["state"]) for e in entries]
    unit, planner = people["unit"].id, people["planner"].id
    assert steps == [("submit", unit, "open", "submitted"), ("return", planner, "submitted", "returned"),
                     ("submit", unit, "returned", "submitted"), ("approve", planner, "submitted", "approved"),
                     ("reopen", planner, "approved", "open")]
    assert "请核实" in entries[1].summary


def test_completeness_per_unit_and_year(engine, plan, people):
    enter(engine, people["unit"])
    enter(engine, people["unit"], value="97", indicator="学前三年毛入园率")
    submit_data(engine, plan["plan"], plan["unit"], 2023, actor=people["unit"])
    rows = {(a.unit_name, a.year): (a.filled, a.total, a.state) for a in plan_approvals(engine, plan["plan"])}
    assert rows[("县教育局", 2023)] == (2, 2, ApprovalState.SUBMITTED)
    assert rows[("县教育局", 2022)] == (0, 2, ApprovalState.OPEN)
    assert rows[("县发改局", 2023)] == (0, 1, ApprovalState.OPEN)
    assert len(rows) == 2 * 5  # two units × the plan years 2021–2025


# ---- what evaluation, reports and the dashboard make of approval ------------------------------

def approve_year(engine, plan, people, year, unit="unit"):
    unit_key = {"unit": "unit", "other": "other_unit"}[unit]
    submit_data(engine, plan["plan"], plan[unit_key], year, actor=people[unit])
    approve_data(engine, plan["plan"], plan[unit_key], year, actor=people["planner"])


def test_evaluation_says_which_values_are_not_approved(engine, plan, people):
    from eduplan.services.evaluation.results import evaluate_plan_targets

    enter(engine, people["unit"], value="98.0", year=2022)
    approve_year(engine, plan, people, 2022)
    enter(engine, people["unit"], value="99.0", year=2023)  # entered, not approved
    result = evaluate_plan_targets(engine, plan["plan"], as_of=2023)
    rate = next(t for t in result.targets if t.indicator_name == "义务教育巩固率")
    assert rate.unapproved_years == (2023,) and rate.assessment.latest.value == 99.0
    assert rate.to_dict()["unapproved_years"] == [2023] and result.unapproved_count == 1
    strict = evaluate_plan_targets(engine, plan["plan"], as_of=2023, approved_only=True)
    rate = next(t for t in strict.targets if t.indicator_name == "义务教育巩固率")
    assert rate.unapproved_years == () and rate.assessment.latest.year == 2022  # the approved value alone


def test_reports_list_unapproved_values_or_use_approved_ones_only(engine, plan, people):
    from eduplan.services.evaluation.reports import render_report

    enter(engine, people["unit"], value="98.0", year=2022)
    approve_year(engine, plan, people, 2022)
    enter(engine, people["unit"], value="99.0", year=2023)
    md = render_report(engine, plan["plan"], as_of=2023, fmt="md").content.decode()
    assert "**数据审核情况：**本报告使用的监测数据中有 1 个尚未审核通过：义务教育巩固率（2023年）" in md
    strict = render_report(engine, plan["plan"], as_of=2023, fmt="md", approved_only=True).content.decode()
    assert "本报告只使用已审核通过的监测数据" in strict and "尚未审核通过：" not in strict
    approve_year(engine, plan, people, 2023)
    assert "所用监测数据均已审核通过" in render_report(engine, plan["plan"], as_of=2023, fmt="md").content.decode()


def test_the_cli_evaluates_with_approved_values_only(engine, plan, people):
    import json

    from tests.cli_helpers import run_cli

    enter(engine, people["unit"], value="98.0", year=2022)
    approve_year(engine, plan, people, 2022)
    enter(engine, people["unit"], value="99.0", year=2023)
    table = run_cli(engine, ["evaluate", str(plan["plan"]), "--as-of", "2023"])
    assert table.exit_code == 0 and "含未审核的监测数据 1 个" in table.output
    out = run_cli(engine, ["evaluate", str(plan["plan"]), "--as-of", "2023", "--approved-only", "--format", "json"])
    rows = json.loads(out.output)["targets"]
    assert next(r for r in rows if r["indicator"] == "义务教育巩固率")["latest"] == {"year": 2022, "value": 98.0}


def test_the_default_year_is_the_latest_with_approved_data_for_most_indicators(engine, plan, people):
    """Three monitored indicators. One value typed for 2025 moves nothing; the dashboard
    opens on the latest year where most of them have approved values."""
    from eduplan.services.views.dashboard import build_dashboard

    def opened() -> int:
        return build_dashboard(engine, plan_id=plan["plan"]).as_of

    for name, value in (("义务教育巩固率", "98"), ("学前三年毛入园率", "90")):
        enter(engine, people["unit"], value=value, year=2022, indicator=name)
    enter(engine, people["other"], value="92", year=2022, indicator="高中阶段毛入学率")
    enter(engine, people["unit"], value="99.9", year=2025)  # one value far ahead
    assert opened() == 2022  # nothing approved: the latest year with data for most (3 of 3)
    approve_year(engine, plan, people, 2022)
    for name, value in (("义务教育巩固率", "98.5"), ("学前三年毛入园率", "91")):
        enter(engine, people["unit"], value=value, year=2023, indicator=name)
    assert opened() == 2022  # 2023 has data for two of three but none approved yet
    approve_year(engine, plan, people, 2023)
    assert opened() == 2023  # approved for two of three: most


def test_without_a_majority_the_year_with_most_values_is_opened(engine, plan, people):
    from eduplan.services.views.dashboard import build_dashboard

    enter(engine, people["unit"], value="98", year=2022)
    enter(engine, people["unit"], value="97", year=2022, indicator="学前三年毛入园率")  # two of three in 2022
    enter(engine, people["unit"], value="99", year=2025)  # one far ahead
    assert build_dashboard(engine, plan_id=plan["plan"]).as_of == 2022
    enter(engine, people["unit"], value="90", year=2023, indicator="学前三年毛入园率")
    enter(engine, people["other"], value="91", year=2023, indicator="高中阶段毛入学率")
    assert build_dashboard(engine, plan_id=plan["plan"]).as_of == 2023  # two of three: most
