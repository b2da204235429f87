"""The role matrix, at service level (require) and through the services that write."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eduplan.errors import PermissionDeniedError
from eduplan.services.access import Action, allowed, require
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions

PLANNER_WRITES = {Action.PLAN, Action.TARGET, Action.INDICATOR, Action.REGION, Action.REPORT, Action.OBSERVATION,
                  Action.TASK, Action.PROJECT, Action.SUBMIT, Action.APPROVE}
UNIT_WRITES = {Action.OBSERVATION, Action.TASK, Action.PROJECT, Action.SUBMIT}
SCOPED = {Action.OBSERVATION, Action.TASK, Action.PROJECT, Action.SUBMIT, Action.APPROVE}
OWN_REGION, SUB_REGION, OTHER_REGION = 5, 6, 9


def user(role: str, unit_id: int | None = None, active: bool = True, regions: frozenset[int] = frozenset({5})):
    return SimpleNamespace(id=7, role=role, unit_id=unit_id, is_active=active, region_ids=regions,
                           regions=[SimpleNamespace(name=f"区域{r}") for r in sorted(regions)])


@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize("role", ["admin", "planner", "unit", "viewer"])
def test_matrix(role, action):
    actor = user(role, unit_id=3, regions=frozenset({OWN_REGION}) if role == "unit" else frozenset())
    expected = {
        "admin": True,
        "planner": action in PLANNER_WRITES,
        "unit": action in UNIT_WRITES,  # for an object of its own unit in its own region
        "viewer": False,
    }[role]
    assert allowed(actor, action, unit_id=3, region_id=OWN_REGION) is expected
    if expected:
        require(actor, action, unit_id=3, region_id=OWN_REGION)
    else:
        with pytest.raises(PermissionDeniedError):
            require(actor, action, unit_id=3, region_id=OWN_REGION)


@pytest.mark.parametrize("action", sorted(UNIT_WRITES), ids=str)
def test_unit_user_and_other_units(action):
    actor = user("unit", unit_id=3)
    assert allowed(actor, action, unit_id={2, 3}, region_id=OWN_REGION)
    assert not allowed(actor, action, unit_id=4, region_id=OWN_REGION)
    assert not allowed(actor, action, unit_id=set(), region_id=OWN_REGION)
    assert not allowed(actor, action, region_id=OWN_REGION)  # an object no unit answers for
    assert not allowed(user("unit", unit_id=None), action, unit_id=3, region_id=OWN_REGION)


@pytest.mark.parametrize("action", sorted(UNIT_WRITES), ids=str)
def test_unit_user_writes_only_in_its_regions(action):
    """Its own unit is not enough: the object must belong to a region granted to it."""
    actor = user("unit", unit_id=3, regions=frozenset({OWN_REGION, SUB_REGION}))
    assert allowed(actor, action, unit_id=3, region_id=OWN_REGION)
    assert allowed(actor, action, unit_id=3, region_id={OWN_REGION, SUB_REGION})  # value of a granted sub-region
    assert not allowed(actor, action, unit_id=3, region_id=OTHER_REGION)
    assert not allowed(actor, action, unit_id=3, region_id={OWN_REGION, OTHER_REGION})  # a plan of another region
    assert not allowed(actor, action, unit_id=3)  # an object of no known region
    assert not allowed(user("unit", unit_id=3, regions=frozenset()), action, unit_id=3, region_id=OWN_REGION)
    with pytest.raises(PermissionDeniedError) as err:
        require(actor, action, unit_id=3, region_id=OTHER_REGION)
    assert "区域以外" in err.value.message and "区域5、区域6" in err.value.hint


@pytest.mark.parametrize("action", sorted(SCOPED), ids=str)
def test_planner_regions_bind_only_when_granted(action):
    unlimited, limited = user("planner", regions=frozenset()), user("planner", regions=frozenset({OWN_REGION}))
    assert allowed(unlimited, action, region_id=OTHER_REGION) and allowed(unlimited, action)
    assert allowed(limited, action, region_id=OWN_REGION)
    assert not allowed(limited, action, region_id=OTHER_REGION)
    assert allowed(limited, Action.PLAN)  # plans, targets and the dictionary are not regional


def test_cli_operator_and_inactive_users():
    assert all(allowed(None, a) for a in Action)
    assert not allowed(user("admin", active=False), Action.PLAN)


def test_messages_are_chinese():
    with pytest.raises(PermissionDeniedError) as err:
        require(user("unit", unit_id=3), Action.OBSERVATION, unit_id=4, region_id=OWN_REGION)
    assert "其他责任单位" in err.value.message and err.value.http_status == 403


@pytest.mark.parametrize(("role", "ok"), [("admin", True), ("planner", True), ("unit", False), ("viewer", False)])
def test_dictionary_and_region_services_check_roles(engine, role, ok):
    from tests.factories import make_user

    actor = make_user(engine, role, unit="某科" if role == "unit" else None)
    if ok:
        load_regions(engine, actor=actor)
        load_indicators(engine, "- name: 甲指标\n", actor=actor)
    else:
        with pytest.raises(PermissionDeniedError):
            load_regions(engine, actor=actor)
        with pytest.raises(PermissionDeniedError):
            load_indicators(engine, "- name: 甲指标\n", actor=actor)
