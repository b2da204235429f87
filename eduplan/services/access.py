"""Role checks used by every write.

``actor`` is the signed-in ``User`` or None for the CLI operator, who has full rights
(whoever can run the CLI can open the database file anyway).

===========  ==============================================================
role         may write
===========  ==============================================================
admin        everything
planner      plans, targets, indicators, regions, reports, observations,
             task and project progress
unit         observations of indicators linked (through target_units) to its
             own unit; progress of its own tasks and projects
viewer       nothing
===========  ==============================================================

Services ask ``require(actor, Action.OBSERVATION, unit_id=...)`` inside their
transaction, passing the unit (or the set of units) that answers for the object.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from typing import Protocol

from eduplan.domain import Role
from eduplan.errors import PermissionDeniedError


class Action(StrEnum):
    PLAN = "plan"
    TARGET = "target"
    INDICATOR = "indicator"
    REGION = "region"
    REPORT = "report"
    OBSERVATION = "observation"
    TASK = "task"  # progress of a key task
    PROJECT = "project"  # progress of a construction project
    USER = "user"


ACTION_LABELS = {
    Action.PLAN: "规划", Action.TARGET: "目标值", Action.INDICATOR: "指标库", Action.REGION: "区域",
    Action.REPORT: "报告", Action.OBSERVATION: "监测数据", Action.TASK: "重点任务进展",
    Action.PROJECT: "建设项目进展", Action.USER: "用户",
}

PLANNER_ACTIONS = frozenset({Action.PLAN, Action.TARGET, Action.INDICATOR, Action.REGION, Action.REPORT,
                             Action.OBSERVATION, Action.TASK, Action.PROJECT})
UNIT_ACTIONS = frozenset({Action.OBSERVATION, Action.TASK, Action.PROJECT})


class Actor(Protocol):
    id: int
    role: str
    unit_id: int | None
    is_active: bool


def user_id(actor: Actor | None) -> int | None:
    return actor.id if actor is not None else None


def allowed(actor: Actor | None, action: Action | str, *, unit_id: int | Collection[int] | None = None) -> bool:
    """True when ``actor`` may perform ``action`` on an object answered for by ``unit_id``."""
    if actor is None:
        return True
    if not actor.is_active:
        return False
    action = Action(action)
    role = actor.role
    if role == Role.ADMIN:
        return True
    if role == Role.PLANNER:
        return action in PLANNER_ACTIONS
    if role == Role.UNIT:
        if action not in UNIT_ACTIONS or actor.unit_id is None or unit_id is None:
            return False
        units = {unit_id} if isinstance(unit_id, int) else set(unit_id)
        return actor.unit_id in units
    return False


def require(actor: Actor | None, action: Action | str, *, unit_id: int | Collection[int] | None = None) -> None:
    """Raise ``PermissionDeniedError`` unless ``actor`` may perform ``action``.

    ``unit_id`` is the responsible unit (or any of several units) that answers for the
    object; it matters only for unit users.
    """
    if allowed(actor, action, unit_id=unit_id):
        return
    label = ACTION_LABELS[Action(action)]
    if actor is not None and actor.role == Role.UNIT and Action(action) in UNIT_ACTIONS:
        raise PermissionDeniedError(f"无权修改其他责任单位的{label}",
                                    hint="责任单位用户只能填报本单位负责的指标、任务和项目")
    raise PermissionDeniedError(f"当前账号无权修改{label}", hint="请联系管理员分配权限")
