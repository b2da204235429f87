"""Record and import observations (监测值).

``import_observations`` reads a CSV/XLSX file (long layout or the fill-in workbook), checks
every row (``observation_checks``) and writes all of it or nothing: the error report lists
every bad row with its row number, column and reason. ``record_observation`` stores one
value (the web form) with an optimistic version check.

Each stored value records who (user id, None for the CLI), when and the source (the file
name when the row gives none); the value it replaced goes to the audit log (one entry per created or changed observation, with old
and new). An unchanged value is not written again: no audit entry, no version bump.

Speed: indicators, regions and the existing observations of the file's indicators are
loaded once and keyed by (indicator, region, year); new rows go in with one bulk INSERT,
changed rows with one executemany UPDATE. ``bench/import_csv.py`` measures 100,000 rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eduplan.domain import decimal_text
from eduplan.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError, Problems
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.dictionary.matching import IndicatorMatcher
from eduplan.services.exchange.data_files import DataFile, RawRow, read_data_file
from eduplan.services.exchange.quantities import default_years
from eduplan.services.monitoring.approvals import refuse_locked
from eduplan.services.monitoring.checks import Checker, CleanRow, IndicatorRule, RegionIndex
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Indicator, Observation, Plan, Region
from eduplan.store.models.base import utcnow
from eduplan.store.repositories import audit
from eduplan.store.repositories import indicators as indicator_repo
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import targets as target_repo

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    rows: int  # observations in the file
    created: int
    updated: int
    unchanged: int
    plan_id: int | None


@dataclass(frozen=True, slots=True)
class RecordResult:
    observation_id: int
    version: int
    changed: bool
    created: bool
    old_value: Decimal | None
    value: Decimal


def import_observations(engine: Engine, source: Path | bytes | DataFile, *, name: str | None = None,
                        plan: str | int | None = None, actor: Actor | None = None,
                        on_progress: Progress | None = None) -> ImportResult:
    """Import a monitoring file whole or not at all (see the module docstring).

    ``plan`` (id or title) restricts years to the plan period and supplies the region for
    rows that leave it blank; a fill-in workbook names its plan itself.
    """
    data = read_data_file(source, name=name)
    total = len(data.rows)
    with unit_of_work(engine) as session:
        checked = check_file(session, data, plan=plan, actor=actor, on_progress=on_progress)
        result = write_checked(session, checked, actor=actor)
        if on_progress:
            on_progress(total * 2, total * 2)
    log.info("imported observations source=%s rows=%s created=%s updated=%s unchanged=%s",
             result.source, total, result.created, result.updated, result.unchanged)
    return result


@dataclass(slots=True)
class CheckedFile:
    """A read file after every row check, before anything is written (shared by the
    import and its preview, ``services.monitoring.preview``)."""

    name: str
    plan: Plan | None
    checker: Checker
    rows: list[CleanRow]  # the valid rows, values contested between sheets settled
    stored: dict[observation_repo.Key, observation_repo.Stored]  # existing values of the rows' indicators
    problems: Problems
    # index in problems.items → (sheet, indicator as written) of the row the problem is in
    where: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)


def check_file(session: Session, data: DataFile, *, plan: str | int | None = None, actor: Actor | None = None,
               on_progress: Progress | None = None) -> CheckedFile:
    """Run every row check of an import; raises only for the role check up front."""
    total = len(data.rows)
    access.require_role(actor, Action.OBSERVATION)
    target_plan = _plan(session, plan, data.plan_id)
    _require_plan(actor, target_plan)
    checker = _checker(session, target_plan)
    problems = Problems()
    clean: list[CleanRow] = []
    where: dict[int, tuple[str | None, str | None]] = {}
    for i, raw in enumerate(data.rows, 1):
        before = len(problems.items)
        row = checker.check(raw, problems)
        if row is not None:
            clean.append(row)
        for k in range(before, len(problems.items)):
            written = raw.values.get("indicator")
            where[k] = (raw.sheet, str(written).strip() if written not in (None, "") else None)
        if on_progress and i % 5000 == 0:
            on_progress(i, total * 2)
    stored = observation_repo.existing(session, {r.indicator_id for r in clean})
    winners = checker.settle(stored, problems)
    if winners:
        clean = [winners.get((r.indicator_id, r.region_id, r.year), r) for r in clean]
    checker.check_totals(clean, stored, problems)
    return CheckedFile(data.name, target_plan, checker, clean, stored, problems, where)


def write_checked(session: Session, checked: CheckedFile, *, actor: Actor | None = None) -> ImportResult:
    """Write a checked file: any row problem, an empty file or a value the actor may not
    report raises and writes nothing (the caller's transaction rolls back)."""
    name, clean, stored, target_plan = checked.name, checked.rows, checked.stored, checked.plan
    if checked.problems:
        raise InputError(f"{len(checked.problems.items)} 处错误，未导入任何内容", location=name,
                         errors=checked.problems.items, hint="改正后重新导入整个文件")
    if not clean:
        raise InputError("文件中没有可导入的数据行", location=name,
                         hint="填报模板中只需填写各年份列；普通表格每行一个指标、区域、年份和数值")
    writes = [r for r in clean if changes_stored(r, stored)]
    _require_rows(session, actor, writes, checked.checker, target_plan)  # unchanged pre-filled rows need no right
    refuse_locked(session, {(r.indicator_id, r.region_id, r.year) for r in writes},
                  lambda k: _key_label(checked.checker, k))
    created, updated = _write(session, writes, stored, checked.checker.rules, checked.checker.regions, actor=actor,
                              source_name=name)
    unchanged = len(clean) - len(writes)
    if created or updated:
        audit.record(session, user_id=access.user_id(actor), action="import", object_type="observation",
                     object_id=None, summary=f"导入监测数据（{name}）：新增 {created}，修改 {updated}，未变 {unchanged}",
                     new={"source": name, "created": created, "updated": updated, "unchanged": unchanged,
                          "plan_id": target_plan.id if target_plan else None})
    return ImportResult(name, len(clean), created, updated, unchanged, target_plan.id if target_plan else None)


def record_observation(engine: Engine, *, indicator: str | int, region: str | int, year: int | str,
                       value: object, unit: str | None = None, source: str | None = None, note: str | None = None,
                       plan: str | int | None = None, actor: Actor | None = None,
                       expected_version: int | None = None, basis: str | None = None) -> RecordResult:
    """Store one value. ``expected_version`` is the version the user saw (0 or None for a
    new value); if the stored one differs, ``ConflictError`` — someone changed it first.
    ``basis`` is the 填报口径 the entry grid shows for an additive indicator."""
    with unit_of_work(engine) as session:
        access.require_role(actor, Action.OBSERVATION)
        target_plan = _plan(session, plan, None)
        _require_plan(actor, target_plan)
        checker = _checker(session, target_plan)
        raw = RawRow(1, {"indicator": _ref(session, indicator, "indicator"), "region": _ref(session, region, "region"),
                         "year": year, "value": value, "unit": unit, "source": source, "note": note, "basis": basis},
                     {})
        problems = Problems()
        row = checker.check(raw, problems)
        if row is not None:
            checker.check_totals([row], observation_repo.existing(session, [row.indicator_id]), problems)
            row = None if problems else row
        if row is None:
            first = problems.items[0]
            raise InputError(f"{first.column}：{first.message}", errors=problems.items)
        _require_rows(session, actor, [row], checker, target_plan)
        stored = observation_repo.get(session, row.indicator_id, row.region_id, row.year)
        current = stored.version if stored is not None else 0
        if expected_version is not None and expected_version != current:
            raise ConflictError("该数据已被他人修改", hint=f"请刷新后重新填写（当前版本 {current}，你看到的是 {expected_version}）")
        label = _label(checker.rules[row.indicator_id], checker.regions, row)
        if stored is not None and stored.value == row.value and stored.basis == row.basis:
            return RecordResult(stored.id, stored.version, False, False, stored.value, stored.value)
        refuse_locked(session, {(row.indicator_id, row.region_id, row.year)}, lambda k: label)
        old = observation_repo.snapshot(stored) if stored is not None else None
        created = stored is None
        if created:
            stored = Observation(indicator_id=row.indicator_id, region_id=row.region_id, year=row.year)
            session.add(stored)
        stored.value, stored.unit, stored.source, stored.note = row.value, row.unit, row.source, row.note
        stored.basis = row.basis
        stored.recorded_by, stored.recorded_at = access.user_id(actor), utcnow()
        try:
            session.flush()
        except StaleDataError as exc:
            raise ConflictError("该数据已被他人修改", hint="请刷新后重新填写") from exc
        except IntegrityError as exc:
            raise ConflictError("该数据刚被他人录入", hint="请刷新后重新填写") from exc
        audit.record(session, user_id=access.user_id(actor), action="create" if created else "update",
                     object_type="observation", object_id=stored.id,
                     summary=f"{label}：{_show(old['value']) if old else '（无）'} → {_show(row.value)}",
                     old=old, new=observation_repo.snapshot(stored))
        old_value = Decimal(old["value"]) if old else None
        return RecordResult(stored.id, stored.version, True, created, old_value, stored.value)


def update_observation(engine: Engine, observation_id: int, *, value: object, expected_version: int,
                       unit: str | None = None, source: str | None = None, note: str | None = None,
                       actor: Actor | None = None) -> RecordResult:
    """Change one stored observation by its id (the JSON API's PATCH): the same path as the
    web form, ``record_observation`` with the version the user saw. Raises NotFoundError
    for an unknown id and ConflictError when the stored version is not ``expected_version``."""
    with unit_of_work(engine) as session:
        stored = session.get(Observation, observation_id)
        if stored is None:
            raise NotFoundError(f"找不到监测数据：{observation_id}")
        indicator, region, year = stored.indicator_id, stored.region_id, stored.year
        unit = unit if unit is not None else stored.unit
        source = source if source is not None else stored.source
        note = note if note is not None else stored.note
    return record_observation(engine, indicator=indicator, region=region, year=year, value=value, unit=unit,
                              source=source, note=note, actor=actor, expected_version=expected_version)


# ---- building blocks ------------------------------------------------------------------

def _plan(session: Session, plan: str | int | None, from_file: int | None) -> Plan | None:
    if plan is not None:
        return plan_repo.find(session, plan)
    if from_file is not None:
        return session.get(Plan, from_file)
    return None


def _checker(session: Session, plan: Plan | None) -> Checker:
    all_indicators = indicator_repo.all_indicators(session)
    matcher = IndicatorMatcher((i.id, i.name, [a.alias for a in i.aliases]) for i in all_indicators)
    rules = {i.id: IndicatorRule(i.id, i.name, i.unit, i.kind, i.min_value, i.max_value, i.precision)
             for i in all_indicators}
    index = RegionIndex([(r.id, r.code, r.name) for r in region_repo.all_regions(session)])
    years, reason = default_years(), "1949年至明年"
    if plan is not None and plan.period_end:
        start = plan.base_year or plan.period_start or plan.period_end
        years, reason = (start, plan.period_end), f"规划期（《{plan.title}》，含基期）"
    bases, binary = target_repo.entry_bases(session, plan.id if plan is not None else None)
    committed = target_repo.indicator_ids(session, plan.id if plan is not None else None)
    targeted = IndicatorMatcher((i.id, i.name, [a.alias for a in i.aliases]) for i in all_indicators
                                if i.id in committed)
    return Checker(matcher=matcher, rules=rules, regions=index, years=years, years_reason=reason,
                   default_region=plan.region_id if plan is not None else None, bases=bases, binary=binary,
                   targeted=targeted)


def _ref(session: Session, ref: str | int, kind: str) -> str:
    """An id given by the web form becomes the name the checker looks up."""
    if isinstance(ref, int):
        found = session.get(Indicator if kind == "indicator" else Region, ref)
        if found is None:
            raise NotFoundError(f"找不到{'指标' if kind == 'indicator' else '区域'}：{ref}")
        return found.name
    return ref


def _require_plan(actor: Actor | None, plan: Plan | None) -> None:
    """Values entered for a plan (the entry grid, a fill-in workbook, ``plan_id``) need a
    plan of the actor's regions."""
    if plan is not None and access.region_scope(actor) is not None and not access.in_scope(actor, plan.region_id):
        access.require(actor, Action.OBSERVATION, unit_id=actor.unit_id if actor else None, region_id=plan.region_id)


def _require_rows(session: Session, actor: Actor | None, rows: list[CleanRow], checker: Checker,
                  plan: Plan | None) -> None:
    """Every row must be a value the actor may report: admin and planner any (a planner
    with regions, there); a unit user a value of its regions, of an indicator its unit
    answers for in a plan of its regions (of ``plan`` when given)."""
    if actor is None:
        return
    pairs = sorted({(r.indicator_id, r.region_id) for r in rows})
    owners = target_repo.unit_plan_regions(session, {i for i, _ in pairs}, plan_id=plan.id if plan else None)
    extra = {plan.region_id} if plan is not None and plan.region_id is not None else set()
    refused: list[tuple[int, int, set[int]]] = []
    for indicator_id, region_id in pairs:
        units = {u for u, plan_region in owners[indicator_id] if access.in_scope(actor, plan_region)}
        if not access.allowed(actor, Action.OBSERVATION, unit_id=units, region_id={region_id} | extra):
            refused.append((indicator_id, region_id, units))
    if not refused:
        return
    if len(refused) == len(pairs):
        indicator_id, region_id, units = refused[0]
        access.require(actor, Action.OBSERVATION, unit_id=units, region_id={region_id} | extra)
    names = [f"{checker.rules[i].name}（{checker.regions.name(r)}）" for i, r, _ in refused]
    raise PermissionDeniedError(f"无权填报以下数据：{'、'.join(names[:10])}{' 等' if len(names) > 10 else ''}",
                                hint="责任单位用户只能填报本单位负责、本账号区域内的指标；未导入任何内容")


def _key_label(checker: Checker, key: tuple[int, int, int]) -> str:
    indicator_id, region_id, year = key
    return f"{checker.rules[indicator_id].name} {checker.regions.name(region_id)} {year}年"


def _write(session: Session, rows: list[CleanRow], stored: dict[observation_repo.Key, observation_repo.Stored],
           rules: dict[int, IndicatorRule], names: RegionIndex, *, actor: Actor | None, source_name: str
           ) -> tuple[int, int]:
    """Bulk insert new rows, executemany-update changed ones, audit both; return the counts
    created and updated. ``rows`` hold only new or changed values."""
    user_id, now = access.user_id(actor), utcnow()
    inserts: list[dict] = []
    changes: list[tuple[CleanRow, observation_repo.Stored]] = []
    for r in rows:
        old = stored.get((r.indicator_id, r.region_id, r.year))
        if old is None:
            inserts.append({"indicator_id": r.indicator_id, "region_id": r.region_id, "year": r.year, "value": r.value,
                            "unit": r.unit, "source": r.source or _row_source(source_name, r), "note": r.note,
                            "recorded_by": user_id,
                            "recorded_at": now, "version": 1, "basis": r.basis})
        else:
            changes.append((r, old))
    audits: list[dict] = []
    if inserts:
        # Core executemany, then one query for the new ids: ORM bulk insert costs a third more
        # on SQLite, and INSERT … RETURNING costs psycopg seconds parsing long statements.
        session.execute(insert(Observation.__table__), inserts)
        ids = observation_repo.ids_for(session, {r["indicator_id"] for r in inserts})
        for values in inserts:
            new_id = ids[(values["indicator_id"], values["region_id"], values["year"])]
            audits.append(_audit_row(user_id, now, "create", new_id, rules, names, values, None))
    if changes:
        t = Observation.__table__
        statement = (update(t).where(t.c.id == bindparam("_id"), t.c.version == bindparam("_version"))
                     .values(value=bindparam("_value"), unit=bindparam("_unit"), source=bindparam("_source"),
                             note=bindparam("_note"), recorded_by=bindparam("_by"), recorded_at=bindparam("_at"),
                             version=bindparam("_new_version"), basis=bindparam("_basis")))
        params = [{"_id": old.id, "_version": old.version, "_value": r.value, "_unit": r.unit,
                   "_source": r.source or _row_source(source_name, r), "_note": r.note, "_by": user_id, "_at": now,
                   "_new_version": old.version + 1, "_basis": r.basis} for r, old in changes]
        result = session.connection().execute(statement, params)
        if result.rowcount not in (-1, None) and result.rowcount != len(params):
            raise ConflictError("导入期间有监测数据被他人修改，未导入任何内容", hint="请重新导入")
        for r, old in changes:
            new = {"indicator_id": r.indicator_id, "region_id": r.region_id, "year": r.year, "value": r.value,
                   "unit": r.unit, "source": r.source or _row_source(source_name, r), "recorded_by": user_id,
                   "recorded_at": now,
                   "version": old.version + 1}
            audits.append(_audit_row(user_id, now, "update", old.id, rules, names, new, old))
    if audits:
        session.execute(insert(AuditEntry.__table__), audits)
    return len(inserts), len(changes)


def _row_source(file_name: str, row: CleanRow) -> str:
    """Where an imported value without a 来源 column came from: the file, sheet and row."""
    sheet = f"「{row.sheet}」" if row.sheet else ""
    return f"{file_name}{sheet}第{row.row}行"[:200]


def changes_stored(row: CleanRow, stored: dict[observation_repo.Key, observation_repo.Stored]) -> bool:
    """True when the row creates a value or changes the stored one."""
    old = stored.get((row.indicator_id, row.region_id, row.year))
    return old is None or old.value != row.value or old.basis != row.basis


def _audit_row(user_id: int | None, now, action: str, object_id: int, rules: dict[int, IndicatorRule],
               names: RegionIndex, new: dict, old: observation_repo.Stored | None) -> dict:
    label = f"{rules[new['indicator_id']].name} {names.name(new['region_id'])} {new['year']}年"
    shown_old = _show(old.value) if old else "（无）"
    return {"at": now, "user_id": user_id, "action": action, "object_type": "observation", "object_id": object_id,
            "summary": f"{label}：{shown_old} → {_show(new['value'])}",
            "old": observation_repo.snapshot(old) if old else None,
            "new": {"id": object_id, "value": _show(new["value"]), "unit": new["unit"], "source": new["source"],
                    "version": new["version"], "recorded_by": user_id, "recorded_at": now.isoformat()}}


def _label(rule: IndicatorRule, names: RegionIndex, row: CleanRow) -> str:
    return f"{rule.name} {names.name(row.region_id)} {row.year}年"


def _show(value: Decimal | None) -> str:
    return decimal_text(value) or ""
