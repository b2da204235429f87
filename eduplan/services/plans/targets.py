"""Review of extracted targets (目标值): confirm, reject, edit, link to an indicator, and
add a target the extraction missed from a selection of the plan text.

Every write is one transaction that checks the role (``Action.TARGET``: admin and
planner), checks that the reviewer saw the current version (else ``ConflictError``,
"该目标已被他人修改，请刷新后重试"), validates the values (``InputError``) and writes an
audit entry with the old and new values.

Values are stored as extraction stores them: a unit with a magnitude is folded into the
value (38.6 亿元 → 3860000000 元, 1.2 万个 → 12000 个), so edited and extracted targets
compare directly.

Review states: an edit sets ``edited``, a confirmation ``confirmed``, a rejection
``rejected``, an added target ``manual``. Linking to an indicator keeps the state: it
says which dictionary entry the target measures, not whether its values are right.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eduplan.domain import Comparator, EntryBasis, Measure, ReviewState, TargetKind, decimal_text
from eduplan.errors import ConflictError, InputError, NotFoundError
from eduplan.extract.units import magnitudes
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.dictionary.indicators import build_matcher, find_indicator
from eduplan.services.exchange.quantities import clean_unit, parse_value, parse_year, split_unit
from eduplan.services.plans.drafts import check_span
from eduplan.services.plans.target_groups import regroup
from eduplan.store.db import unit_of_work
from eduplan.store.models import Target
from eduplan.store.repositories import audit
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import targets as target_repo
from eduplan.store.repositories import tasks as task_repo
from eduplan.store.repositories.targets import TargetRow

log = logging.getLogger(__name__)

CONFLICT_MESSAGE = "该目标已被他人修改，请刷新后重试"
YEARS = (1949, 2100)  # target years: from the founding of the PRC to a far 远景目标
MAX_VALUE = Decimal(10) ** 15
FIELDS = ("indicator_name", "comparator", "value", "unit", "year", "kind", "measure", "direction", "entry_basis")
FIELD_LABELS = {"indicator_name": "指标名称", "comparator": "比较方式", "value": "目标值", "unit": "单位",
                "year": "年份", "kind": "类型", "measure": "考核方式", "direction": "方向", "entry_basis": "填报口径"}
MEASURE_LABELS = {m: m.label for m in Measure}
DIRECTION_LABELS = {"up": "越高越好", "down": "越低越好"}
BASIS_LABELS = {b: b.label for b in EntryBasis}
COMPARATOR_LABELS = {
    Comparator.AT_LEAST: "不低于（≥）", Comparator.MORE_THAN: "超过（>）", Comparator.AT_MOST: "不高于（≤）",
    Comparator.LESS_THAN: "低于（<）", Comparator.EQUAL: "等于/达到（=）", Comparator.INCREASE: "提高/增长",
    Comparator.DECREASE: "降低/减少",
}
KIND_LABELS = {TargetKind.TARGET: "目标（承诺）", TargetKind.ACTUAL: "实际值/基期值",
               TargetKind.CONTEXT: "说明性数字（非目标）"}
REVIEW_LABELS = {ReviewState.EXTRACTED: "待审核", ReviewState.CONFIRMED: "已确认", ReviewState.EDITED: "已修改",
                 ReviewState.REJECTED: "已驳回", ReviewState.MANUAL: "人工添加"}
# A unit is a short word: 所, 个, %, 人次, 平方米, 元/生·年. No digits, spaces or sentence punctuation.
_UNIT = re.compile(r"^[\u4e00-\u9fff%‰a-zA-Z/·²³]{1,16}$")
_BARE_MAGNITUDES = set(magnitudes())  # 万 alone is no unit


# ---- reading ---------------------------------------------------------------------------

def get_target(engine: Engine, target_id: int) -> TargetRow:
    with unit_of_work(engine) as session:
        return TargetRow.of(_load(session, target_id))


# ---- writing ---------------------------------------------------------------------------

def update_target(engine: Engine, target_id: int, *, actor: Actor | None, expected_version: int | None,
                  **fields: object) -> TargetRow:
    """Change any of indicator_name, comparator, value, unit, year and kind; the target
    becomes ``edited``. Values may be strings as a form sends them ("98.5", "2025")."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"update_target() got unexpected fields: {', '.join(sorted(unknown))}")
    with unit_of_work(engine) as session:
        access.require(actor, Action.TARGET)
        target = _load(session, target_id)
        _check_version(target, expected_version)
        values = _clean({**_current(target), **fields})
        old = _snapshot(target)
        for key, value in values.items():
            setattr(target, key, value)
        target.review_state = ReviewState.EDITED.value
        return _finish(session, target, actor, "update", old, f"修改目标“{target.indicator_name[:40]}”")


def confirm_target(engine: Engine, target_id: int, *, actor: Actor | None,
                   expected_version: int | None) -> TargetRow:
    """The reviewer checked the extracted values against the quote: ``confirmed``."""
    return _set_state(engine, target_id, ReviewState.CONFIRMED, actor=actor, expected_version=expected_version,
                      action="confirm", verb="确认")


def confirm_targets(engine: Engine, plan_id: int, *, actor: Actor | None,
                    target_ids: Iterable[int] | None = None, kind: str | None = None) -> int:
    """全部确认: confirm every target of the plan still awaiting review (``extracted``), or
    only those of ``target_ids`` (the rows of one indicator table), or only those of one
    ``kind`` (target: the commitments). One audit entry for the batch; returns how many
    were confirmed. Rows already reviewed keep their state."""
    with unit_of_work(engine) as session:
        access.require(actor, Action.TARGET)
        plan_repo.get(session, plan_id)
        query = select(Target).where(Target.plan_id == plan_id, Target.review_state == ReviewState.EXTRACTED.value)
        if kind is not None:
            query = query.where(Target.kind == kind)
        if target_ids is not None:
            wanted = sorted({int(i) for i in target_ids})
            if not wanted:
                return 0
            query = query.where(Target.id.in_(wanted))
        rows = list(session.scalars(query))
        for t in rows:
            t.review_state = ReviewState.CONFIRMED.value
        if rows:
            session.flush()
            regroup(session, plan_id)
            audit.record(session, user_id=access.user_id(actor), action="confirm", object_type="target",
                         object_id=None, summary=f"全部确认：规划 {plan_id} 的 {len(rows)} 项目标",
                         new={"plan_id": plan_id, "targets": [t.id for t in rows]})
        log.info("targets confirmed plan_id=%s n=%s", plan_id, len(rows))
        return len(rows)


def confirm_plan(engine: Engine, plan_ref: str | int, *, actor: Actor | None = None,
                 kind: str | None = None) -> tuple[int, str, int]:
    """``eduplan confirm``: 全部确认 for a plan named by id, title fragment or sha256 prefix;
    returns (plan id, title, number confirmed)."""

    with unit_of_work(engine) as session:
        plan = plan_repo.find(session, plan_ref)
        plan_id, title = plan.id, plan.title
    return plan_id, title, confirm_targets(engine, plan_id, actor=actor, kind=kind)


def reject_target(engine: Engine, target_id: int, *, actor: Actor | None, expected_version: int | None,
                  reason: str | None = None) -> TargetRow:
    """Not a commitment of the plan (a misread number, a scope, a duplicate): ``rejected``.
    Rejected targets stay stored, struck through, and are left out of evaluation."""
    return _set_state(engine, target_id, ReviewState.REJECTED, actor=actor, expected_version=expected_version,
                      action="reject", verb="驳回", reason=reason)


def link_target(engine: Engine, target_id: int, indicator: int | str, *, actor: Actor | None,
                expected_version: int | None) -> TargetRow:
    """Point the target at a dictionary indicator (by id, name or alias)."""
    with unit_of_work(engine) as session:
        access.require(actor, Action.TARGET)
        target = _load(session, target_id)
        _check_version(target, expected_version)
        found = find_indicator(session, indicator)
        old = _snapshot(target)
        target.indicator_id = found.id
        target.indicator = found
        return _finish(session, target, actor, "link",
                       old, f"目标“{target.indicator_name[:40]}”关联指标“{found.name}”")


def add_target(engine: Engine, plan_id: int, *, actor: Actor | None, start: int, end: int, indicator: str,
               comparator: str, value: object, unit: object, year: object, kind: str = TargetKind.TARGET.value,
               quote: str | None = None) -> TargetRow:
    """A target the extraction missed, from the planner's selection of the plan text.

    ``start``/``end`` must lie inside the plan text; the quote is ``text[start:end]``
    (when the form sends the quote too, it must be that text). The section is the
    innermost one holding ``start``; the units are those of the task stating it; the
    indicator is linked when the dictionary knows the name. State ``manual``.
    """
    values = _clean({"indicator_name": indicator, "comparator": comparator, "value": value, "unit": unit,
                     "year": year, "kind": kind})
    with unit_of_work(engine) as session:
        access.require(actor, Action.TARGET)
        plan = plan_repo.get(session, plan_id)
        start, end = check_span(plan, start, end)
        text = plan.text[start:end]
        if quote is not None and quote != text:
            raise InputError("所选文字与规划原文不一致", hint="原文可能已更新，请刷新页面后重新选择")
        if not text.strip():
            raise InputError("所选文字是空白", hint="请选中含有目标值的文字")
        if target_repo.at_span(session, plan_id, start, end) is not None:
            raise InputError("这段文字已有一个目标", hint="请在高亮处点击查看或修改已有目标")
        section = plan_repo.innermost_section(session, plan_id, start)
        hit = build_matcher(session).match(values["indicator_name"])
        target = Target(plan_id=plan_id, section_id=section.id if section else None, region_id=plan.region_id,
                        indicator_id=hit.indicator_id if hit else None, quote=text, start=start, end=end,
                        confidence=1.0, review_state=ReviewState.MANUAL.value, **values)
        target.units = task_repo.units_at(session, plan_id, start)
        session.add(target)
        _flush(session)
        info = _finish(session, target, actor, "create", None,
                       f"人工添加目标“{target.indicator_name[:40]}”（规划 {plan_id}，第{start}–{end}字）")
    log.info("target added plan_id=%s target_id=%s start=%s end=%s", plan_id, info.id, start, end)
    return info


# ---- helpers ---------------------------------------------------------------------------

def _set_state(engine: Engine, target_id: int, state: ReviewState, *, actor: Actor | None,
               expected_version: int | None, action: str, verb: str, reason: str | None = None) -> TargetRow:
    with unit_of_work(engine) as session:
        access.require(actor, Action.TARGET)
        target = _load(session, target_id)
        _check_version(target, expected_version)
        old = _snapshot(target)
        target.review_state = state.value
        summary = f"{verb}目标“{target.indicator_name[:40]}”" + (f"：{reason.strip()[:200]}" if reason and
                                                                 reason.strip() else "")
        return _finish(session, target, actor, action, old, summary)


def _finish(session: Session, target: Target, actor: Actor | None, action: str, old: dict | None,
            summary: str) -> TargetRow:
    _flush(session)
    regroup(session, target.plan_id)  # a new name, link, year or rejection can change its indicator's group
    new = _snapshot(target)
    if old is not None:  # keep the entry short: only what changed (and the version)
        changed = [k for k in new if new[k] != old.get(k)]
        old = {k: old.get(k) for k in changed}
        new = {k: new[k] for k in changed}
    audit.record(session, user_id=access.user_id(actor), action=action, object_type="target", object_id=target.id,
                 summary=summary, old=old, new=new)
    session.flush()
    session.refresh(target)
    return TargetRow.of(target)


def _load(session: Session, target_id: int) -> Target:
    target = session.get(Target, target_id)
    if target is None:
        raise NotFoundError(f"找不到目标：{target_id}", hint="该目标可能已被删除，请刷新页面")
    return target


def _check_version(target: Target, expected: int | None) -> None:
    if expected is not None and int(expected) != target.version:
        raise ConflictError(CONFLICT_MESSAGE, hint=f"当前版本 {target.version}，您看到的是版本 {expected}")


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(CONFLICT_MESSAGE) from exc


def _current(target: Target) -> dict[str, object]:
    return {k: getattr(target, k) for k in FIELDS}


def _clean(raw: dict[str, object]) -> dict[str, object]:
    """Validate and convert a target's fields; all problems in one ``InputError``."""
    problems: list[str] = []
    out: dict[str, object] = {}
    name = str(raw.get("indicator_name") or "").strip()
    if not name:
        problems.append("指标名称不能为空")
    elif len(name) > 200:
        problems.append("指标名称不超过200字")
    out["indicator_name"] = name
    comparator = str(raw.get("comparator") or "").strip()
    if comparator not in {c.value for c in Comparator}:
        problems.append(f"比较方式“{comparator}”无效，可选：{'、'.join(COMPARATOR_LABELS.values())}")
    out["comparator"] = comparator
    kind = str(raw.get("kind") or TargetKind.TARGET.value).strip()
    if kind not in {k.value for k in TargetKind}:
        problems.append(f"类型“{kind}”无效，应为 target（目标）、actual（实际值）或 context（说明性数字）")
    out["kind"] = kind
    out["measure"] = _choice(raw.get("measure"), {m.value for m in Measure}, "考核方式", problems)
    out["direction"] = _choice(raw.get("direction"), set(DIRECTION_LABELS), "方向", problems)
    out["entry_basis"] = _choice(raw.get("entry_basis"), {b.value for b in EntryBasis}, "填报口径", problems)
    value, implied_unit = _value(raw.get("value"), problems)
    unit = _unit(raw.get("unit"), implied_unit, problems)
    missing = raw.get("value") is None or (isinstance(raw.get("value"), str) and not str(raw.get("value")).strip())
    if (missing and comparator not in (Comparator.INCREASE, Comparator.DECREASE)
            and out["measure"] != Measure.BINARY.value):
        problems.append("目标值不能为空（只有“提高/增长”“降低/减少”和是否完成类目标可以不写数值）")
    if unit is not None:  # 38.6 亿元 → 3860000000 元, as extraction stores it
        magnitude, base = split_unit(unit)
        if magnitude != 1:
            unit = base
            value = value * magnitude if value is not None else None
    out["value"], out["unit"] = value, unit
    out["year"] = _year(raw.get("year"), problems)
    if problems:
        raise InputError("目标内容有误：" + "；".join(problems), hint="请按提示修改后再保存")
    return out


def _choice(raw: object, allowed: set[str], label: str, problems: list[str]) -> str | None:
    """An optional closed choice (measure, direction, 口径): empty → None."""
    text = str(raw or "").strip()
    if not text:
        return None
    if text not in allowed:
        problems.append(f"{label}“{text}”无效，可选：{'、'.join(sorted(allowed))}")
    return text


def _value(raw: object, problems: list[str]) -> tuple[Decimal | None, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    try:
        value, unit = parse_value(raw)
    except ValueError as exc:
        problems.append(f"目标值：{exc}")
        return None, None
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        problems.append("目标值超出范围")
        return None, None
    if value < 0:
        problems.append("目标值不能为负数（下降的目标请选择“降低/减少”并填写降幅）")
        return None, None
    return value, unit


def _unit(raw: object, implied: str | None, problems: list[str]) -> str | None:
    unit = clean_unit(raw) if raw is not None else None
    if unit is None:
        return implied
    if implied is not None and unit != implied:
        problems.append(f"目标值带有单位“{implied}”，与单位栏“{unit}”不一致")
        return unit
    if unit in _BARE_MAGNITUDES:
        problems.append(f"单位“{unit}”不完整（{unit}什么？如 {unit}元、{unit}人）")
    elif not _UNIT.match(unit):
        problems.append(f"单位“{unit}”无效：应为不含数字和空格的计量单位，如 %、所、个、人次、平方米")
    return unit


def _year(raw: object, problems: list[str]) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        year = parse_year(raw)
    except ValueError as exc:
        problems.append(f"年份：{exc}")
        return None
    if not YEARS[0] <= year <= YEARS[1]:
        problems.append(f"年份应在 {YEARS[0]}–{YEARS[1]} 之间")
        return None
    return year


def _snapshot(t: Target) -> dict:
    """A JSON-able picture of a target for the audit log."""
    return {"indicator_name": t.indicator_name, "indicator_id": t.indicator_id, "comparator": t.comparator,
            "value": decimal_text(t.value), "unit": t.unit, "year": t.year, "kind": t.kind,
            "measure": t.measure, "direction": t.direction, "entry_basis": t.entry_basis,
            "review_state": t.review_state, "quote": t.quote, "start": t.start, "end": t.end, "version": t.version}
