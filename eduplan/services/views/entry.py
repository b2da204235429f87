"""The data-entry grid (数据填报): one plan, one responsible unit, one year.

Rows are the fill-in workbook's rows (``templates.template_rows``: the indicators the
plan commits to, per unit through ``target_units``), so the screen and the workbook never
disagree. Each row carries the chosen year's stored value with its version (the version
the user saw goes back with the save) and the earlier years of the plan period.

``save_cell`` stores one value through ``observations.record_observation`` (checks, rights,
version, audit); when someone saved first it raises ``CellConflict`` carrying the value
now stored and who stored it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.domain import Role, beijing_time
from eduplan.errors import ConflictError
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.exchange.templates import TemplateRow, template_rows
from eduplan.services.monitoring.approvals import ApprovalInfo, ApprovalState, approval_status, locked_keys
from eduplan.services.monitoring.observations import RecordResult, record_observation
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan, ResponsibleUnit
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import targets as target_repo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Choice:
    id: int
    label: str


@dataclass(frozen=True, slots=True)
class Cell:
    """The stored value of one indicator, region and year (version 0: nothing stored yet)."""

    value: Decimal | None = None
    version: int = 0
    source: str | None = None
    note: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class GridRow:
    indicator_id: int
    indicator: str
    region_id: int | None  # None: the plan names no region, so the value cannot be entered here
    region: str
    unit: str | None
    baseline_year: int | None
    baseline_value: Decimal | None
    target_year: int | None
    target: str
    previous: dict[int, Decimal]  # earlier years of the plan period → stored value
    cell: Cell
    editable: bool
    basis_label: str = "—"  # 填报口径 of an additive indicator (当年新增 / 累计…); the value is saved with it
    locked: bool = False  # approved: read-only until a planner reopens it


@dataclass(frozen=True, slots=True)
class Grid:
    plans: list[Choice]
    plan: Choice | None = None
    units: list[Choice] = field(default_factory=list)
    unit_id: int | None = None  # None: every unit
    unit_fixed: bool = False  # a unit user sees only their own unit
    years: list[int] = field(default_factory=list)
    year: int | None = None
    rows: list[GridRow] = field(default_factory=list)
    can_write: bool = False  # may enter or upload values at all
    notice: str | None = None  # why there is nothing to show
    approval: ApprovalInfo | None = None  # the chosen unit's submission of the year
    can_submit: bool = False  # may 上报 it now
    can_decide: bool = False  # may approve, return or reopen it

    @property
    def previous_years(self) -> list[int]:
        return [y for y in self.years if self.year is not None and y < self.year]

    @property
    def editable_rows(self) -> int:
        return sum(1 for r in self.rows if r.editable)


class CellConflict(ConflictError):
    """Someone saved this value first; ``current`` is what is stored now."""

    def __init__(self, message: str, *, current: Cell, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.current = current


def load_grid(engine: Engine, *, actor: Actor, plan: int | None = None, unit_id: int | None = None,
              year: int | None = None, today: date | None = None) -> Grid:
    """The grid for ``actor``; unknown or missing choices fall back to the first plan,
    every unit (unit users: their own) and last year clamped to the plan period."""
    with unit_of_work(engine) as session:
        all_plans = plan_repo.rows(session)
        scope = access.region_scope(actor)
        if scope is not None:  # a unit user (or a planner with regions) is offered the plans of its regions
            all_plans = [p for p in all_plans if p.region_id in scope]
        choices = [Choice(p.id, p.title) for p in all_plans]
        if not all_plans:
            if scope is not None:
                names = access.region_names(actor) or "（未授权）"
                return Grid(choices, notice=f"本账号可填报的区域（{names}）还没有规划")
            return Grid(choices, notice="还没有导入规划，请先在“规划”页面导入规划文件")
        chosen = next((p for p in all_plans if p.id == plan), all_plans[0])
        units = _units(session, chosen)
        fixed = actor.role == Role.UNIT
        if fixed:
            unit_id = actor.unit_id
            own = session.get(ResponsibleUnit, unit_id) if unit_id is not None else None
            units = [Choice(own.id, own.name)] if own is not None else []
        elif unit_id not in {u.id for u in units}:
            unit_id = None
        can_write = access.can(actor, Action.OBSERVATION) and access.in_scope(actor, chosen.region_id)
        base = Grid(choices, Choice(chosen.id, chosen.title), units, unit_id, fixed, can_write=can_write)
        if not (chosen.period_start and chosen.period_end):
            return replace(base, notice=f"《{chosen.title}》没有规划期起止年份，无法填报")
        years = list(range(chosen.period_start, chosen.period_end + 1))
        if year not in years:
            this_year = (today or date.today()).year
            year = min(max(this_year - 1, years[0]), years[-1])
        rows = _rows(session, chosen, actor, unit_id, units, year, fixed)
        notice = None
        if not rows:
            notice = ("本单位在该规划中没有负责的指标" if fixed else
                      "该规划还没有可填报的指标（目标需关联到指标库，并且是承诺目标）")
    approval = approval_status(engine, chosen.id, unit_id, year) if unit_id is not None and rows else None
    return replace(base, years=years, year=year, rows=rows, notice=notice, approval=approval,
                   can_submit=approval is not None and approval.state in (ApprovalState.OPEN, ApprovalState.RETURNED)
                   and access.allowed(actor, Action.SUBMIT, unit_id=unit_id, region_id=chosen.region_id),
                   can_decide=approval is not None
                   and access.allowed(actor, Action.APPROVE, unit_id=unit_id, region_id=chosen.region_id))


def save_cell(engine: Engine, *, actor: Actor, plan: int, indicator_id: int, region_id: int, year: int,
              value: str, version: int, source: str | None = None, note: str | None = None) -> RecordResult:
    """Store one value with the version the user saw (``record_observation``); the value
    takes the 填报口径 the plan's target sets (shown in the grid's 口径 column)."""
    try:
        return record_observation(engine, indicator=indicator_id, region=region_id, year=year, value=value,
                                  source=source or None, note=note or None, plan=plan, actor=actor,
                                  expected_version=version)
    except ConflictError as exc:
        current = current_cell(engine, indicator_id=indicator_id, region_id=region_id, year=year)
        log.info("entry conflict indicator=%s region=%s year=%s seen=%s now=%s", indicator_id, region_id, year,
                 version, current.version)
        raise CellConflict(exc.message, current=current, hint=exc.hint) from exc


def current_cell(engine: Engine, *, indicator_id: int, region_id: int, year: int) -> Cell:
    with unit_of_work(engine) as session:
        return _cell(observation_repo.cell(session, indicator_id, region_id, year))


# ---- building blocks ------------------------------------------------------------------

def _units(session: Session, plan: Plan) -> list[Choice]:
    """Responsible units answering for the plan's linked targets, by name."""
    found = {u.id: u.name for t in target_repo.of_plan(session, plan.id, linked=True) for u in t.units}
    return [Choice(i, name) for i, name in sorted(found.items(), key=lambda item: item[1])]


def _rows(session: Session, plan: Plan, actor: Actor, unit_id: int | None, units: list[Choice], year: int,
          fixed: bool) -> list[GridRow]:
    if fixed and unit_id is None:
        return []
    sheets = template_rows(session, plan, unit_id=unit_id)
    if unit_id is not None:
        name = next((u.label for u in units if u.id == unit_id), None)
        picked = sheets.get(name, []) if name else []
    else:
        seen: dict[tuple[int | None, int | None], TemplateRow] = {}
        for sheet in sheets.values():
            for row in sheet:
                seen.setdefault((row.indicator_id, row.region_id), row)
        picked = list(seen.values())
    owners = target_repo.unit_plan_regions(session, {r.indicator_id for r in picked if r.indicator_id},
                                          plan_id=plan.id)
    cells = observation_repo.cells_for_year(session, [(r.indicator_id, r.region_id) for r in picked
                                                 if r.indicator_id and r.region_id], year)
    locked = locked_keys(session, {(r.indicator_id, r.region_id, year) for r in picked
                                   if r.indicator_id and r.region_id})
    out = []
    for r in picked:
        assert r.indicator_id is not None  # template rows come from linked targets
        units = {u for u, _region in owners.get(r.indicator_id, set())}
        is_locked = (r.indicator_id, r.region_id, year) in locked
        editable = r.region_id is not None and not is_locked and access.allowed(
            actor, Action.OBSERVATION, unit_id=units, region_id={r.region_id, plan.region_id} - {None})
        stored = cells.get((r.indicator_id, r.region_id)) if r.region_id else None
        out.append(GridRow(r.indicator_id, r.indicator, r.region_id, r.region, r.unit, r.baseline_year,
                           r.baseline_value, r.target_year, r.target,
                           {y: v for y, v in sorted(r.values.items()) if y < year and y >= (plan.period_start or y)},
                           _cell(stored), editable, r.basis_label, is_locked))
    return out


def _cell(stored: observation_repo.StoredCell | None) -> Cell:
    if stored is None:
        return Cell()
    return Cell(stored.value, stored.version, stored.source, stored.note, stored.recorded_by,
                beijing_time(stored.recorded_at) if stored.recorded_at else None)
