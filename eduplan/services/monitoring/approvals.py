"""Submission and approval of monitoring data (数据上报与审核), after DHIS2's data approval
and completeness.

The unit of approval is one responsible unit's values of one plan and year: the values
of the indicators it answers for in the plan (``target_units``), for the plan's region.

* a unit 上报 (``submit_data``): open or returned → submitted;
* a planner 审核通过 (``approve_data``): submitted → approved, which locks the values
  (``monitoring`` refuses to change a locked value, for everyone, the CLI included);
* or 退回 with a comment (``return_data``): submitted → returned, the unit edits again;
* a planner 重新打开 an approved set (``reopen_data``): approved → open, unlocked.

Every step checks the actor's role and region (``access``), the version the user saw,
and is audited (object type ``approval``). ``completeness`` is the 填报进度 of a plan:
per unit and year how many values are filled, and the state of their approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eduplan.domain import beijing_time
from eduplan.errors import ConflictError, InputError, NotFoundError
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.store.db import unit_of_work
from eduplan.store.models import DataApproval, Plan, ResponsibleUnit
from eduplan.store.models.base import utcnow
from eduplan.store.repositories import approvals as approval_repo
from eduplan.store.repositories import audit
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories.users import names as user_names


class ApprovalState(StrEnum):
    OPEN = "open"  # 填报中 (also: no row yet, or reopened)
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {ApprovalState.OPEN: "填报中", ApprovalState.SUBMITTED: "已上报待审核",
                ApprovalState.APPROVED: "已审核通过", ApprovalState.RETURNED: "已退回"}
STEP_LABELS = {"submit": "上报", "approve": "审核通过", "return": "退回", "reopen": "重新打开"}


class LockedError(ConflictError):
    """The value is part of an approved submission: a planner must reopen it first."""

    kind = "locked"


@dataclass(frozen=True, slots=True)
class ApprovalInfo:
    plan_id: int
    unit_id: int
    unit_name: str
    year: int
    state: ApprovalState
    comment: str | None
    submitted_by: str | None
    submitted_at: datetime | None  # Beijing time
    decided_by: str | None
    decided_at: datetime | None  # Beijing time
    version: int  # 0: nothing submitted yet
    filled: int
    total: int

    @property
    def label(self) -> str:
        return self.state.label

    @property
    def locked(self) -> bool:
        return self.state == ApprovalState.APPROVED


@dataclass(frozen=True, slots=True)
class YearProgress:
    year: int
    filled: int
    total: int
    state: ApprovalState

    @property
    def label(self) -> str:
        return self.state.label


@dataclass(frozen=True, slots=True)
class UnitProgress:
    unit_id: int
    unit_name: str
    years: tuple[YearProgress, ...]


def approval_status(engine: Engine, plan_id: int, unit_id: int, year: int) -> ApprovalInfo:
    with unit_of_work(engine) as session:
        plan, unit = _plan_and_unit(session, plan_id, unit_id)
        return _info(session, plan, unit, year, approval_repo.get(session, plan_id, unit_id, year))


def plan_approvals(engine: Engine, plan_id: int, *, year: int | None = None) -> list[ApprovalInfo]:
    """Every unit answering for indicators of the plan × every year of its period (or
    ``year``): how much is filled and the state of the submission."""
    with unit_of_work(engine) as session:
        plan = plan_repo.get(session, plan_id)
        years = [year] if year is not None else (
            list(range(plan.period_start, plan.period_end + 1)) if plan.period_start and plan.period_end else [])
        rows = {(a.unit_id, a.year): a for a in approval_repo.for_plan(session, plan.id)}
        out = []
        for unit_id in sorted(approval_repo.unit_indicators(session, plan.id)):
            unit = session.get(ResponsibleUnit, unit_id)
            out.extend(_info(session, plan, unit, y, rows.get((unit_id, y))) for y in years)
        return out


def submit_data(engine: Engine, plan_id: int, unit_id: int, year: int, *, actor: Actor | None,
                expected_version: int | None = None) -> ApprovalInfo:
    """上报: hand in the unit's values of the year for approval."""
    return _step(engine, plan_id, unit_id, year, "submit", actor=actor, expected_version=expected_version)


def approve_data(engine: Engine, plan_id: int, unit_id: int, year: int, *, actor: Actor | None,
                 expected_version: int | None = None, comment: str | None = None) -> ApprovalInfo:
    """审核通过: the submitted values become final and locked."""
    return _step(engine, plan_id, unit_id, year, "approve", actor=actor, expected_version=expected_version,
                 comment=comment)


def return_data(engine: Engine, plan_id: int, unit_id: int, year: int, *, actor: Actor | None, comment: str,
                expected_version: int | None = None) -> ApprovalInfo:
    """退回: send the submission back to the unit with a comment saying what to fix."""
    return _step(engine, plan_id, unit_id, year, "return", actor=actor, expected_version=expected_version,
                 comment=comment)


def reopen_data(engine: Engine, plan_id: int, unit_id: int, year: int, *, actor: Actor | None,
                expected_version: int | None = None, comment: str | None = None) -> ApprovalInfo:
    """重新打开: unlock approved values so they can be corrected (and submitted again)."""
    return _step(engine, plan_id, unit_id, year, "reopen", actor=actor, expected_version=expected_version,
                 comment=comment)


# (allowed states before, state after) of each step
_TRANSITIONS = {
    "submit": ({ApprovalState.OPEN, ApprovalState.RETURNED}, ApprovalState.SUBMITTED),
    "approve": ({ApprovalState.SUBMITTED}, ApprovalState.APPROVED),
    "return": ({ApprovalState.SUBMITTED}, ApprovalState.RETURNED),
    "reopen": ({ApprovalState.APPROVED}, ApprovalState.OPEN),
}
_REFUSALS = {
    ApprovalState.SUBMITTED: "已上报，正在等待规划科审核",
    ApprovalState.APPROVED: "已审核通过并锁定，如需修改请规划科重新打开",
    ApprovalState.OPEN: "尚未上报，无法审核",
    ApprovalState.RETURNED: "已退回给填报单位，尚未重新上报",
}


def _step(engine: Engine, plan_id: int, unit_id: int, year: int, step: str, *, actor: Actor | None,
          expected_version: int | None, comment: str | None = None) -> ApprovalInfo:
    comment = (comment or "").strip()[:2000] or None
    if step == "return" and not comment:
        raise InputError("请填写退回意见", hint="说明哪些数据需要核实或修改，填报单位会看到这条意见")
    with unit_of_work(engine) as session:
        plan, unit = _plan_and_unit(session, plan_id, unit_id)
        action = Action.SUBMIT if step == "submit" else Action.APPROVE
        access.require(actor, action, unit_id=unit.id, region_id=plan.region_id)
        covered = approval_repo.unit_indicators(session, plan.id).get(unit.id, set())
        if not covered:
            raise InputError(f"{unit.name}在《{plan.title}》中没有负责的指标", hint="请选择负责指标的责任单位")
        _check_year(plan, year)
        row = approval_repo.get(session, plan.id, unit.id, year)
        state = ApprovalState(row.state) if row is not None else ApprovalState.OPEN
        seen = row.version if row is not None else 0
        if expected_version is not None and expected_version != seen:
            raise ConflictError("上报状态已被他人更新", hint=f"请刷新后重试（当前版本 {seen}，你看到的是 {expected_version}）")
        before, after = _TRANSITIONS[step]
        if state not in before:
            error = LockedError if state == ApprovalState.APPROVED else ConflictError
            raise error(f"{unit.name} {year}年数据{_REFUSALS[state]}", hint="请刷新页面查看最新状态")
        if step == "submit" and not _filled(session, covered, year):
            raise InputError(f"{unit.name} {year}年还没有填报任何数据", hint="请先在数据填报页面录入数值，再上报")
        old = {"state": state.value, "comment": row.comment if row else None}
        if row is None:
            row = DataApproval(plan_id=plan.id, unit_id=unit.id, year=year, state=after.value)
            session.add(row)
        row.state, now, user = after.value, utcnow(), access.user_id(actor)
        if step == "submit":
            row.submitted_by, row.submitted_at, row.comment = user, now, comment
            row.decided_by = row.decided_at = None
        else:
            row.decided_by, row.decided_at, row.comment = user, now, comment
        try:
            session.flush()
        except StaleDataError as exc:
            raise ConflictError("上报状态已被他人更新", hint="请刷新后重试") from exc
        except IntegrityError as exc:
            raise ConflictError("该单位本年度数据刚被他人上报", hint="请刷新后重试") from exc
        audit.record(session, user_id=user, action=step, object_type="approval", object_id=row.id,
                     summary=f"{unit.name} {year}年数据（《{plan.title[:40]}》）：{STEP_LABELS[step]}"
                             + (f"。意见：{comment}" if comment else ""),
                     old=old, new={"state": after.value, "comment": comment, "plan_id": plan.id,
                                   "unit_id": unit.id, "year": year})
        return _info(session, plan, unit, year, row)


def completeness(session: Session, plan: Plan, years: list[int]) -> list[UnitProgress]:
    """填报进度 of a plan: for every unit that answers for indicators in it and every year,
    how many of its values are filled, and the state of their approval."""
    covered = approval_repo.unit_indicators(session, plan.id)
    if not covered or not years:
        return []
    names = dict(session.query(ResponsibleUnit.id, ResponsibleUnit.name)
                 .filter(ResponsibleUnit.id.in_(list(covered))).all())
    pairs = set().union(*covered.values())
    stored = observation_repo.values_for(session, {i for i, _ in pairs}, {r for _, r in pairs})
    states = {(a.unit_id, a.year): ApprovalState(a.state) for a in approval_repo.for_plan(session, plan.id)}
    out = []
    for unit_id in sorted(covered, key=lambda u: names.get(u, "")):
        mine = covered[unit_id]
        cells = tuple(YearProgress(y, sum(1 for i, r in mine if (i, r, y) in stored), len(mine),
                                   states.get((unit_id, y), ApprovalState.OPEN)) for y in years)
        out.append(UnitProgress(unit_id, names.get(unit_id, str(unit_id)), cells))
    return out


def locked_keys(session: Session, keys: set[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """Those of these (indicator, region, year) keys whose value is approved, so locked."""
    if not keys:
        return set()
    return approval_repo.approved_keys(session, {k[0] for k in keys}) & keys


def refuse_locked(session: Session, keys: set[tuple[int, int, int]], describe) -> None:
    """``LockedError`` naming the locked values among ``keys`` (``describe(key)`` → text)."""
    locked = sorted(locked_keys(session, keys))
    if locked:
        shown = "、".join(describe(k) for k in locked[:5]) + (f" 等 {len(locked)} 项" if len(locked) > 5 else "")
        raise LockedError(f"以下数据已审核通过并锁定，不能修改：{shown}",
                          hint="如需更正，请规划科在数据填报页面“重新打开”该单位该年度的数据")


# ---- building blocks ------------------------------------------------------------------

def _plan_and_unit(session: Session, plan_id: int, unit_id: int) -> tuple[Plan, ResponsibleUnit]:
    plan = plan_repo.get(session, plan_id)
    unit = session.get(ResponsibleUnit, unit_id)
    if unit is None:
        raise NotFoundError(f"找不到责任单位：{unit_id}")
    return plan, unit


def _check_year(plan: Plan, year: int) -> None:
    if not (plan.period_start and plan.period_end):
        raise InputError(f"《{plan.title}》没有规划期起止年份，无法上报")
    if not plan.period_start <= year <= plan.period_end:
        raise InputError(f"年份 {year} 不在规划期（{plan.period_start}–{plan.period_end}）内")


def _filled(session: Session, covered: set[tuple[int, int]], year: int) -> int:
    stored = observation_repo.values_for(session, {i for i, _ in covered}, {r for _, r in covered})
    return sum(1 for i, r in covered if (i, r, year) in stored)


def _info(session: Session, plan: Plan, unit: ResponsibleUnit, year: int, row: DataApproval | None) -> ApprovalInfo:
    covered = approval_repo.unit_indicators(session, plan.id).get(unit.id, set())
    filled = _filled(session, covered, year) if covered else 0
    if row is None:
        return ApprovalInfo(plan.id, unit.id, unit.name, year, ApprovalState.OPEN, None, None, None, None, None, 0,
                            filled, len(covered))
    names = user_names(session)

    def who(uid: int | None) -> str | None:
        return names.get(uid, f"用户 {uid}") if uid is not None else None

    return ApprovalInfo(plan.id, unit.id, unit.name, year, ApprovalState(row.state), row.comment,
                        who(row.submitted_by), beijing_time(row.submitted_at) if row.submitted_at else None,
                        who(row.decided_by), beijing_time(row.decided_at) if row.decided_at else None,
                        row.version, filled, len(covered))
