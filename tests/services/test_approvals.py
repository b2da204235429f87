"""Submission and approval (上报 → 审核通过 / 退回 → 重新打开): states, locks, roles,
regions, versions and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eduplan.errors import ConflictError, InputError, PermissionDeniedError
from eduplan.services.approvals import (
    ApprovalState,
    LockedError,
    approval_status,
    approve_data,
    plan_approvals,
    reopen_data,
    return_data,
    submit_data,
)
from eduplan.services.monitoring import import_observations, record_observation
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry
from tests.monitoring.helpers import make_plan, make_user, observation_state, setup_dictionary, unit_id

TARGETS = [
    {"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["县教育局"], "link": "义务教育巩固率"},
    {"indicator_name": "学前三年毛入园率", "value": 98, "unit": "%", "units": ["县教育局"], "link": "学前三年毛入园率"},
    {"indicator_name": "高中阶段毛入学率", "value": 98, "unit": "%", "units": ["县发改局"], "link": "高中阶段毛入学率"},
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
