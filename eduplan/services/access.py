"""Role and scope checks used by every write.

``actor`` is the signed-in user as an ``Actor`` (a frozen value the account service makes
from the stored row: what these checks need, and what the web layer shows and signs) or
None for the CLI operator, who has full rights (whoever can run the CLI can open the
database file anyway).

===========  ==============================================================
role         may write
===========  ==============================================================
admin        everything
planner      plans, targets, indicators, regions, reports, observations,
             task and project progress; approves or returns submitted data
unit         observations of indicators its own unit answers for (through
             target_units) in plans of its regions, for its regions; progress
             of its own tasks and projects in plans of its regions; submits
             its values for approval
viewer       nothing
===========  ==============================================================

Scope (DHIS2 ties every user to org units, so do we): a unit user writes only in the
regions granted to it (``Actor.region_ids``, exactly those: a county user reaches a
sub-region only when that is granted too). A planner with regions is held to them for
data (observations, progress, approval); a planner without any, and an admin, act for
every region.

Services ask ``require(actor, Action.OBSERVATION, unit_id=..., region_id=...)`` inside
their transaction, passing the unit (or the set of units) that answers for the object and
the region (or regions: the value's and the plan's) it belongs to.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

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
    SUBMIT = "submit"  # 上报: a unit hands in its year's values
    APPROVE = "approve"  # 审核通过, 退回, 重新打开


ACTION_LABELS = {
    Action.PLAN: "规划", Action.TARGET: "目标值", Action.INDICATOR: "指标库", Action.REGION: "区域",
    Action.REPORT: "报告", Action.OBSERVATION: "监测数据", Action.TASK: "重点任务进展",
    Action.PROJECT: "建设项目进展", Action.USER: "用户", Action.SUBMIT: "数据上报", Action.APPROVE: "数据审核",
}

PLANNER_ACTIONS = frozenset({Action.PLAN, Action.TARGET, Action.INDICATOR, Action.REGION, Action.REPORT,
                             Action.OBSERVATION, Action.TASK, Action.PROJECT, Action.SUBMIT, Action.APPROVE})
UNIT_ACTIONS = frozenset({Action.OBSERVATION, Action.TASK, Action.PROJECT, Action.SUBMIT})
SCOPED_ACTIONS = frozenset({Action.OBSERVATION, Action.TASK, Action.PROJECT, Action.SUBMIT, Action.APPROVE})


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a signed-in account as services hand it to the edges (never the ORM row).

    ``regions`` are the names of the granted regions (by code), ``region_ids`` their ids:
    exactly what the scope checks need. ``session_version`` and ``password_stamp`` (the
    tail of the password hash) go into the session cookie: raising the one or changing
    the password ends every session issued before.
    """

    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None = None
    unit_name: str | None = None
    is_active: bool = True
    regions: tuple[str, ...] = ()
    region_ids: frozenset[int] = frozenset()
    session_version: int = 1
    password_stamp: str = ""


def user_id(actor: Actor | None) -> int | None:
    return actor.id if actor is not None else None


def region_scope(actor: Actor | None) -> frozenset[int] | None:
    """The regions ``actor`` is held to for data; None means no regional limit (the CLI
    operator, an admin, a planner without regions, a viewer — who writes nothing anyway).
    A unit user without regions: the empty set."""
    if actor is None or actor.role not in (Role.UNIT, Role.PLANNER):
        return None
    ids = frozenset(actor.region_ids)
    if actor.role == Role.PLANNER and not ids:
        return None
    return ids


def region_names(actor: Actor) -> str:
    """The regions granted to ``actor``, as a page names them (甲县、乙县; "" for none). An
    Actor's regions are names; a stored account row's (tests pass those) are Region rows."""
    return "、".join(str(getattr(r, "name", r)) for r in actor.regions)


def in_scope(actor: Actor | None, region_id: int | Collection[int] | None) -> bool:
    """True when every region of ``region_id`` is one ``actor`` may write data for (an
    object of no known region is in nobody's limited scope)."""
    scope = region_scope(actor)
    if scope is None:
        return True
    if region_id is None:
        return False
    regions = {region_id} if isinstance(region_id, int) else set(region_id)
    return bool(regions) and regions <= scope


def allowed(actor: Actor | None, action: Action | str, *, unit_id: int | Collection[int] | None = None,
            region_id: int | Collection[int] | None = None) -> bool:
    """True when ``actor`` may perform ``action`` on an object answered for by ``unit_id``
    in ``region_id`` (the region or regions the object belongs to)."""
    if actor is None:
        return True
    if not actor.is_active:
        return False
    action = Action(action)
    role = actor.role
    if role == Role.ADMIN:
        return True
    if role == Role.PLANNER:
        return action in PLANNER_ACTIONS and (action not in SCOPED_ACTIONS or in_scope(actor, region_id))
    if role == Role.UNIT:
        if action not in UNIT_ACTIONS or actor.unit_id is None or unit_id is None:
            return False
        units = {unit_id} if isinstance(unit_id, int) else set(unit_id)
        return actor.unit_id in units and in_scope(actor, region_id)
    return False


def require(actor: Actor | None, action: Action | str, *, unit_id: int | Collection[int] | None = None,
            region_id: int | Collection[int] | None = None) -> None:
    """Raise ``PermissionDeniedError`` unless ``actor`` may perform ``action``.

    ``unit_id`` is the responsible unit (or any of several units) that answers for the
    object; ``region_id`` the region(s) it belongs to. Both matter only for scoped roles.
    """
    if allowed(actor, action, unit_id=unit_id, region_id=region_id):
        return
    action = Action(action)
    label = ACTION_LABELS[action]
    if actor is not None and actor.is_active and action in SCOPED_ACTIONS and (
            (actor.role == Role.UNIT and action in UNIT_ACTIONS) or actor.role == Role.PLANNER):
        if not in_scope(actor, region_id):
            names = region_names(actor) or "（未授权任何区域）"
            raise PermissionDeniedError(f"无权填报本账号区域以外的{label}",
                                        hint=f"本账号可填报的区域：{names}；如需调整请联系管理员")
        if actor.role == Role.UNIT:
            raise PermissionDeniedError(f"无权修改其他责任单位的{label}",
                                        hint="责任单位用户只能填报本单位负责的指标、任务和项目")
    raise PermissionDeniedError(f"当前账号无权修改{label}", hint="请联系管理员分配权限")


def require_role(actor: Actor | None, action: Action | str) -> None:
    """The role part of ``require``, before the object is known: may ``actor`` perform
    ``action`` on anything at all? A unit user needs a unit and at least one region."""
    if actor is None:
        return
    scope = region_scope(actor)
    some_region = next(iter(scope)) if scope else None
    if scope is not None and some_region is None and Action(action) in SCOPED_ACTIONS:
        require(actor, action, unit_id=actor.unit_id, region_id=set())
    require(actor, action, unit_id=actor.unit_id, region_id=some_region)


def can(actor: Actor | None, action: Action | str) -> bool:
    """``require_role`` as a yes/no: whether to offer ``action`` at all on a page."""
    try:
        require_role(actor, action)
    except PermissionDeniedError:
        return False
    return True
