"""Reading the audit log (审计日志): who changed what, when, from which value to which.

Who sees what: admin, planner and viewer see every entry (the viewer is the read-only
oversight role and already sees every plan, value and progress report); a unit user sees
only the entries of its own actions. The CLI operator (``actor=None``) sees everything.

Times are shown and filtered in China Standard Time (UTC+8, no daylight saving): a date
range "2026-03-01 to 2026-03-31" means from 00:00 on the first to 24:00 on the last,
Beijing time. The database keeps UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine

from eduplan.domain import BEIJING, Role, TaskStatus, beijing_time
from eduplan.services.targets import COMPARATOR_LABELS, KIND_LABELS, REVIEW_LABELS
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, User
from eduplan.store.repositories import audit_search as repo

PER_PAGE = 50
ACTION_LABELS = {"create": "新建", "update": "修改", "delete": "删除", "import": "导入", "merge": "合并",
                 "progress": "填报进展", "confirm": "确认", "reject": "驳回", "link": "关联指标"}
OBJECT_LABELS = {"plan": "规划", "target": "目标", "indicator": "指标", "observation": "监测数据",
                 "task": "重点任务", "project": "建设项目", "region": "区域", "user": "用户", "api_token": "API 令牌"}
KEY_LABELS = {"indicator_name": "指标名称", "indicator_id": "指标编号", "comparator": "比较方式", "value": "数值",
              "unit": "单位", "year": "年份", "kind": "类型", "review_state": "审核状态", "quote": "原文",
              "start": "起始位置", "end": "结束位置", "version": "版本", "status": "状态", "progress": "进度",
              "note": "说明", "stage": "阶段", "investment_done": "完成投资", "seats_done": "建成学位",
              "name": "名称", "source": "来源", "role": "角色", "unit_id": "单位编号"}
MAX_SHOWN = 160  # characters of one value shown in the table
# coded values shown by their Chinese names (the code stays in the entry)
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {s.value: s.label for s in TaskStatus},
    "review_state": {str(k): v for k, v in REVIEW_LABELS.items()},
    "comparator": {str(k): v for k, v in COMPARATOR_LABELS.items()},
    "kind": {str(k): v for k, v in KIND_LABELS.items()},
}


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    label: str
    old: str | None  # None: the key was absent on that side
    new: str | None


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


def sees_everything(actor: User | None) -> bool:
    return actor is None or actor.role in (Role.ADMIN, Role.PLANNER, Role.VIEWER)


def search_audit(engine: Engine, *, actor: User | None, user_id: int | None = None, object_type: str | None = None,
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
        names = repo.user_names(session)
        total_rows, total = repo.search(session, user_id=user_id, object_type=object_type or None,
                                        object_id=object_id, since=since, until=until, limit=per_page,
                                        offset=(max(page, 1) - 1) * per_page)
        if not total_rows and total and page > 1:  # past the last page: show the last one
            page = (total + per_page - 1) // per_page
            total_rows, total = repo.search(session, user_id=user_id, object_type=object_type or None,
                                            object_id=object_id, since=since, until=until, limit=per_page,
                                            offset=(page - 1) * per_page)
        rows = [_row(e, names) for e in total_rows]
        types = repo.object_types(session)
    users = [(actor.id, names.get(actor.id, ""))] if own_only else sorted(names.items())
    return AuditPage(rows, total, max(page, 1), max(1, (total + per_page - 1) // per_page), per_page, users,
                     [(t, OBJECT_LABELS.get(t, t)) for t in types], own_only)


def changes(old: dict | None, new: dict | None) -> tuple[Change, ...]:
    """Key by key: the old and the new value of what changed (every key of a creation or
    a deletion); the version last."""
    old, new = old or {}, new or {}
    keys = list(dict.fromkeys([*new, *old]))
    keys.sort(key=lambda k: k == "version")
    out = []
    for key in keys:
        before, after = old.get(key, _ABSENT), new.get(key, _ABSENT)
        if before is not _ABSENT and after is not _ABSENT and before == after:
            continue
        names = VALUE_LABELS.get(key, {})
        out.append(Change(key, KEY_LABELS.get(key, key), None if before is _ABSENT else _show(before, names),
                          None if after is _ABSENT else _show(after, names)))
    return tuple(out)


_ABSENT = object()


def _show(value: object, names: dict[str, str]) -> str:
    if value is None:
        return "—"
    if isinstance(value, str) and value in names:
        return names[value]
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _row(e: AuditEntry, names: dict[int, str]) -> AuditRow:
    user = names.get(e.user_id, f"用户 {e.user_id}") if e.user_id is not None else "命令行/系统"
    return AuditRow(e.id, beijing_time(e.at), e.user_id, user, e.action, ACTION_LABELS.get(e.action, e.action),
                    e.object_type, OBJECT_LABELS.get(e.object_type, e.object_type), e.object_id, e.summary or "",
                    changes(e.old, e.new))


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0), BEIJING).astimezone(UTC)
