"""Reading the audit log (审计日志): who changed what, when, from which value to which.

Who sees what: admin, planner and viewer see every entry (the viewer is the read-only
oversight role and already sees every plan, value and progress report); a unit user sees
only the entries of its own actions. The CLI operator (``actor=None``) sees everything.

Times are shown and filtered in China Standard Time (UTC+8, no daylight saving): a date
range "2026-03-01 to 2026-03-31" means from 00:00 on the first to 24:00 on the last,
Beijing time. The database keeps UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine

from eduplan.domain import BEIJING, Role, beijing_time
from eduplan.services.access import Actor
from eduplan.services.views.audit_labels import Change, changes
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry
from eduplan.store.repositories import audit
from eduplan.store.repositories import users as user_repo

PER_PAGE = 50
ACTION_LABELS = {"create": "新建", "update": "修改", "delete": "删除", "import": "导入", "merge": "合并",
                 "progress": "填报进展", "confirm": "确认", "reject": "驳回", "link": "关联指标",
                 "submit": "上报", "approve": "审核通过", "return": "退回", "reopen": "重新打开"}
OBJECT_LABELS = {"plan": "规划", "target": "目标", "indicator": "指标", "observation": "监测数据",
                 "task": "重点任务", "project": "建设项目", "region": "区域", "user": "用户", "api_token": "API 令牌",
                 "approval": "数据上报审核"}
@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime  # Beijing time
    user_id: int | None
    user: str
    action: str
    action_label: str
    object_type: str
    object_label: str
    object_id: int | None
    summary: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int
    pages: int
    per_page: int
    users: list[tuple[int, str]]  # choices for the user filter
    object_types: list[tuple[str, str]]  # (code, label)
    own_only: bool  # the actor sees only its own actions


def sees_everything(actor: Actor | None) -> bool:
    return actor is None or actor.role in (Role.ADMIN, Role.PLANNER, Role.VIEWER)


def search_audit(engine: Engine, *, actor: Actor | None, user_id: int | None = None, object_type: str | None = None,
                 object_id: int | None = None, date_from: date | None = None, date_to: date | None = None,
                 page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    """One page of entries, newest first. A unit user's ``user_id`` is always its own."""
    own_only = not sees_everything(actor)
    if own_only:
        user_id = actor.id
    per_page = max(1, min(per_page, 200))
    since = _utc(date_from) if date_from else None
    until = _utc(date_to + timedelta(days=1)) if date_to else None
    with unit_of_work(engine) as session:
        names = user_repo.names(session)
        total_rows, total = audit.search(session, user_id=user_id, object_type=object_type or None,
                                        object_id=object_id, since=since, until=until, limit=per_page,
                                        offset=(max(page, 1) - 1) * per_page)
        if not total_rows and total and page > 1:  # past the last page: show the last one
            page = (total + per_page - 1) // per_page
            total_rows, total = audit.search(session, user_id=user_id, object_type=object_type or None,
                                            object_id=object_id, since=since, until=until, limit=per_page,
                                            offset=(page - 1) * per_page)
        rows = [_row(e, names) for e in total_rows]
        types = audit.object_types(session)
    users = [(actor.id, names.get(actor.id, ""))] if own_only else sorted(names.items())
    return AuditPage(rows, total, max(page, 1), max(1, (total + per_page - 1) // per_page), per_page, users,
                     [(t, OBJECT_LABELS.get(t, t)) for t in types], own_only)


def _row(e: AuditEntry, names: dict[int, str]) -> AuditRow:
    user = names.get(e.user_id, f"用户 {e.user_id}") if e.user_id is not None else "命令行/系统"
    return AuditRow(e.id, beijing_time(e.at), e.user_id, user, e.action, ACTION_LABELS.get(e.action, e.action),
                    e.object_type, OBJECT_LABELS.get(e.object_type, e.object_type), e.object_id, e.summary or "",
                    changes(e.old, e.new, names))


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0), BEIJING).astimezone(UTC)
