"""How an audit entry's old and new values read to a person (审计日志, 最新变动).

Entries keep what the code wrote (``recorded_by: 1``, ``direction: up``, a UTC timestamp,
``guess: ["百分比"]``); pages show the Chinese name of each field, the Chinese name of
coded values, the user's name instead of an id, Beijing time instead of UTC and lists as
text. One module, so the audit page and the dashboard's 最新变动 read the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from eduplan.domain import Role, TaskStatus, beijing_time
from eduplan.services.plans.targets import COMPARATOR_LABELS, KIND_LABELS, REVIEW_LABELS

KEY_LABELS = {
    "indicator_name": "指标名称", "indicator_id": "指标编号", "indicator": "指标", "comparator": "比较方式",
    "value": "数值", "unit": "单位", "year": "年份", "kind": "类型", "review_state": "审核状态", "quote": "原文",
    "start": "起始位置", "end": "结束位置", "version": "版本", "status": "状态", "progress": "进度", "note": "说明",
    "stage": "阶段", "investment_done": "完成投资（元）", "seats_done": "建成学位", "name": "名称", "source": "来源",
    "role": "角色", "unit_id": "责任单位编号", "recorded_by": "录入人", "recorded_at": "录入时间", "id": "编号",
    "direction": "方向", "guess": "推断依据", "needs_review": "待审核", "precision": "小数位数", "max_value": "上限",
    "min_value": "下限", "aliases": "别名", "aliases_moved": "迁移的别名", "units": "责任单位", "regions": "区域",
    "state": "状态", "comment": "意见", "plan_id": "规划编号", "username": "用户名", "targets": "目标数",
    "created": "新增", "updated": "修改", "unchanged": "未变", "plans_linked": "关联的规划", "into": "并入",
    "changed": "变动", "sha256": "文件摘要", "region": "区域", "reason": "理由", "merged": "并入的指标",
}
_INDICATOR_KINDS = {"level": "水平值", "cumulative": "累计量", "growth_rate": "年均增长率", "maintain": "保持类",
                    "binary": "达标类"}
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {s.value: s.label for s in TaskStatus},
    "review_state": {str(k): v for k, v in REVIEW_LABELS.items()},
    "comparator": {str(k): v for k, v in COMPARATOR_LABELS.items()},
    "kind": {**{str(k): v for k, v in KIND_LABELS.items()}, **_INDICATOR_KINDS},
    "direction": {"up": "越高越好", "down": "越低越好"},
    "role": {r.value: r.label for r in Role},
    "state": {"open": "填报中", "submitted": "已上报待审核", "approved": "已审核通过", "returned": "已退回"},
}
MAX_SHOWN = 160  # characters of one value
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    label: str
    old: str | None  # None: the key was absent on that side
    new: str | None


def label_of(key: str) -> str:
    return KEY_LABELS.get(key, key)


def shown(key: str, value: object, users: dict[int, str] | None = None) -> str:
    """One value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "recorded_by" and isinstance(value, int):
        return (users or {}).get(value, f"用户 {value}")
    names = VALUE_LABELS.get(key, {})
    if isinstance(value, str):
        if value in names:
            return names[value]
        if _ISO_TIME.match(value):
            try:
                return beijing_time(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M:%S")
            except ValueError:
                pass
        return _cut(value)
    if isinstance(value, list | tuple):
        return _cut("、".join(shown(key, v, users) for v in value)) or "—"
    if isinstance(value, dict):
        return _cut("；".join(f"{label_of(k)}：{shown(k, v, users)}" for k, v in value.items()))
    return _cut(json.dumps(value, ensure_ascii=False, default=str))


def changes(old: dict | None, new: dict | None, users: dict[int, str] | None = None, *,
            hidden: frozenset[str] = frozenset()) -> tuple[Change, ...]:
    """Key by key: the old and the new value of what changed (every key of a creation or
    a deletion), the version last; keys in ``hidden`` left out."""
    old, new = old or {}, new or {}
    keys = [k for k in dict.fromkeys([*new, *old]) if k not in hidden]
    keys.sort(key=lambda k: k == "version")
    out = []
    for key in keys:
        before, after = old.get(key, _ABSENT), new.get(key, _ABSENT)
        if before is not _ABSENT and after is not _ABSENT and before == after:
            continue
        out.append(Change(key, label_of(key), None if before is _ABSENT else shown(key, before, users),
                          None if after is _ABSENT else shown(key, after, users)))
    return tuple(out)


_ABSENT = object()


def _cut(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
