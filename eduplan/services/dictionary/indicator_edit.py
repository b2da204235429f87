"""Edit an indicator's properties (unit, kind, direction, precision, max_value).

Planners and admins only (``Action.INDICATOR``); the edit is checked against the version
the user saw, so a concurrent change is a ``ConflictError`` rather than a lost update,
and the audit log keeps the old and new values of every changed field.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm.exc import StaleDataError

from eduplan.domain import Direction, IndicatorKind, decimal_text
from eduplan.errors import ConflictError, InputError, NotFoundError
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.dictionary.indicators import IndicatorInfo
from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator
from eduplan.store.repositories import audit

log = logging.getLogger(__name__)

EDITABLE = ("unit", "kind", "direction", "precision", "max_value")
FIELD_LABELS = {"unit": "单位", "kind": "类型", "direction": "方向", "precision": "小数位数", "max_value": "上限"}


def update_indicator(engine: Engine, indicator_id: int, *, actor: Actor | None, expected_version: int,
                     **fields: Any) -> IndicatorInfo:
    """Change some of ``EDITABLE`` on one indicator. Values arrive as typed or as form
    strings ("" clears unit and max_value). Nothing changed → no write, no audit entry."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InputError(f"不能修改这些属性：{'、'.join(sorted(unknown))}", hint=f"可修改：{'、'.join(EDITABLE)}")
    with unit_of_work(engine) as session:
        access.require(actor, Action.INDICATOR)
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFoundError(f"找不到编号为 {indicator_id} 的指标")
        if int(expected_version) != indicator.version:
            raise ConflictError(
                f"指标“{indicator.name}”已被他人修改，本次修改未保存",
                hint=f"请刷新页面查看最新内容后重新修改（当前版本 {indicator.version}，你看到的是版本 {expected_version}）",
            )
        wanted = _clean(fields, indicator)
        changed = {k: v for k, v in wanted.items() if _differs(getattr(indicator, k), v)}
        if not changed:
            return IndicatorInfo.of(indicator)
        old = {k: _json(getattr(indicator, k)) for k in changed}
        for key, value in changed.items():
            setattr(indicator, key, value)
        try:
            session.flush()
        except StaleDataError as exc:
            raise ConflictError(f"指标“{indicator.name}”已被他人修改，本次修改未保存", hint="请刷新页面后重新修改") from exc
        new = {k: _json(v) for k, v in changed.items()}
        parts = "；".join(f"{FIELD_LABELS[k]} {_shown(old[k])} → {_shown(new[k])}" for k in changed)
        audit.record(session, user_id=access.user_id(actor), action="update", object_type="indicator",
                     object_id=indicator.id, summary=f"修改指标“{indicator.name}”：{parts}", old=old, new=new)
        log.info("indicator updated id=%s fields=%s", indicator.id, ",".join(changed))
        session.refresh(indicator)
        return IndicatorInfo.of(indicator)


def _clean(fields: dict[str, Any], indicator: Indicator) -> dict[str, Any]:
    problems: list[str] = []
    out: dict[str, Any] = {}
    if "unit" in fields:
        unit = str(fields["unit"] or "").strip()
        if len(unit) > 32:
            problems.append("单位不超过32个字符")
        out["unit"] = unit or None
    if "kind" in fields:
        try:
            out["kind"] = IndicatorKind(str(fields["kind"]).strip()).value
        except ValueError:
            problems.append(f"未知类型“{fields['kind']}”（可选 {'、'.join(k.value for k in IndicatorKind)}）")
    if "direction" in fields:
        try:
            out["direction"] = Direction(str(fields["direction"]).strip()).value
        except ValueError:
            problems.append(f"方向只能是 up（越高越好）或 down（越低越好），收到“{fields['direction']}”")
    if "precision" in fields:
        try:
            precision = int(str(fields["precision"]).strip())
            if not 0 <= precision <= 6:
                raise ValueError
            out["precision"] = precision
        except ValueError:
            problems.append("小数位数应为 0 到 6 的整数")
    if "max_value" in fields:
        raw = fields["max_value"]
        text = "" if raw is None else str(raw).strip()
        if not text:
            out["max_value"] = None
        else:
            try:
                value = Decimal(text)
                if not value.is_finite():
                    raise InvalidOperation
                if indicator.min_value is not None and value <= indicator.min_value:
                    problems.append(f"上限应大于下限 {_json(indicator.min_value)}")
                out["max_value"] = value
            except InvalidOperation:
                problems.append(f"上限应为数字，收到“{text}”")
    if problems:
        raise InputError("指标属性有误，未保存", hint="；".join(problems))
    return out


def _differs(current: Any, value: Any) -> bool:
    if isinstance(value, Decimal) or isinstance(current, Decimal):
        if current is None or value is None:
            return current is not value
        return Decimal(current) != Decimal(value)
    return current != value


def _json(value: Any) -> Any:
    return decimal_text(value) if isinstance(value, Decimal) else value


def _shown(value: Any) -> str:
    return "（无）" if value is None else str(value)
