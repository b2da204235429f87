"""The role matrix, at service level (require) and through the services that write."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eduplan.errors import PermissionDeniedError
from eduplan.services.access import Action, allowed, require
from eduplan.services.indicators import load_indicators
from eduplan.services.regions import load_regions

PLANNER_WRITES = {Action.PLAN, Action.TARGET, Action.INDICATOR, Action.REGION, Action.REPORT, Action.OBSERVATION,
                  Action.TASK, Action.PROJECT}
UNIT_WRITES = {Action.OBSERVATION, Action.TASK, Action.PROJECT}


def user(role: str, unit_id: int | None = None, active: bool = True):
    return SimpleNamespace(id=7, role=role, unit_id=unit_id, is_active=active)


@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize("role", ["admin", "planner", "unit", "viewer"])
def test_matrix(role, action):
    actor = user(role, unit_id=3)
    expected = {
        "admin": True,
        "planner": action in PLANNER_WRITES,
        "unit": action in UNIT_WRITES,  # for an object of its own unit
        "viewer": False,
    }[role]
    assert allowed(actor, action, unit_id=3) is expected
    if expected:
        require(actor, action, unit_id=3)
    else:
        with pytest.raises(PermissionDeniedError):
            require(actor, action, unit_id=3)


@pytest.mark.parametrize("action", sorted(UNIT_WRITES), ids=str)
def test_unit_user_and_other_units(action):
    actor = user("unit", unit_id=3)
    assert allowed(actor, action, unit_id={2, 3})
    assert not allowed(actor, action, unit_id=4)
    assert not allowed(actor, action, unit_id=set())
    assert not allowed(actor, action)  # an object no unit answers for
    assert not allowed(user("unit", unit_id=None), action, unit_id=3)


def test_cli_operator_and_inactive_users():
    assert all(allowed(None, a) for a in Action)
    assert not allowed(user("admin", active=False), Action.PLAN)


def test_messages_are_chinese():
    with pytest.raises(PermissionDeniedError) as err:
        require(user("unit", unit_id=3), Action.OBSERVATION, unit_id=4)
    assert "其他责任单位" in err.value.message and err.value.http_status == 403


@pytest.mark.parametrize(("role", "ok"), [("admin", True), ("planner", True), ("unit", False), ("viewer", False)])
def test_dictionary_and_region_services_check_roles(engine, role, ok):
    from tests.monitoring.helpers import make_user

    actor = make_user(engine, role, unit="某科" if role == "unit" else None)
    if ok:
        load_regions(engine, actor=actor)
        load_indicators(engine, "- name: 甲指标\n", actor=actor)
    else:
        with pytest.raises(PermissionDeniedError):
            load_regions(engine, actor=actor)
        with pytest.raises(PermissionDeniedError):
            load_indicators(engine, "- name: 甲指标\n", actor=actor)
