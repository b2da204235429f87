"""Preview an observation import: what would change, and every row error, before saving.

``preview_observations`` is a dry run of ``observations.import_observations``: it reads the
file with the same reader, runs the same row checks (``observations.check_file``) and the
same write (``observations.write_checked``: rights per changed value, version-checked
updates, audit rows) inside a transaction that is always rolled back. So the preview
reports exactly what the import would do — or the errors that would stop it — and the
database is unchanged afterwards.

A file that cannot be read at all (wrong type, corrupt workbook, no header) raises
``InputError`` as the import does; so does a role that may not import (``PermissionDeniedError``).
Problems found in the rows, or a value the user may not report, are returned in the
``Preview`` instead, next to the rows that passed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.errors import ConflictError, InputError, PermissionDeniedError, RowError
from eduplan.services.access import Actor
from eduplan.services.exchange.data_files import DataFile, read_data_file
from eduplan.services.monitoring.observations import CheckedFile, check_file, write_checked

log = logging.getLogger(__name__)


class Change(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


CHANGE_LABELS = {Change.NEW: "新增", Change.CHANGED: "修改", Change.UNCHANGED: "未变"}


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One observation of the file and what importing it would do."""

    row: int  # row number as the user sees it (header = 1)
    sheet: str | None
    indicator: str
    region: str
    year: int
    old: Decimal | None
    new: Decimal
    unit: str | None
    change: Change

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.change]


@dataclass(frozen=True, slots=True)
class PreviewError:
    """A row problem with where it is: sheet (of a workbook), row, the indicator the row
    names (as written), column, reason, the value found."""

    row: int
    sheet: str | None
    indicator: str | None
    column: str
    message: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Preview:
    source: str
    plan_id: int | None
    plan_title: str | None
    rows: list[PreviewRow]
    errors: list[PreviewError]  # row problems: sheet, row number, indicator, column, reason
    problem: str | None = None  # what stops the whole file (no rows, a value the user may not report)
    hint: str | None = None

    @property
    def ok(self) -> bool:
        """True when confirming would import the file."""
        return not self.errors and self.problem is None

    def count(self, change: Change) -> int:
        return sum(1 for r in self.rows if r.change == change)

    @property
    def writes(self) -> int:
        return len(self.rows) - self.count(Change.UNCHANGED)


def preview_observations(engine: Engine, source: Path | bytes | DataFile, *, name: str | None = None,
                         plan: str | int | None = None, actor: Actor | None = None) -> Preview:
    """What ``import_observations`` with the same arguments would do; writes nothing."""
    data = read_data_file(source, name=name)
    with Session(engine) as session:
        try:
            checked = check_file(session, data, plan=plan, actor=actor)
            rows = _rows(checked)
            problem = hint = None
            errors: list[PreviewError] = []
            try:
                write_checked(session, checked, actor=actor)
            except InputError as exc:
                errors = _located(exc.errors, checked)
                if not errors:
                    problem, hint = exc.message, exc.hint
            except (PermissionDeniedError, ConflictError) as exc:
                problem, hint = exc.message, exc.hint
            plan_row = checked.plan
            result = Preview(checked.name, plan_row.id if plan_row else None, plan_row.title if plan_row else None,
                             rows, errors, problem, hint)
        finally:
            session.rollback()
    log.info("previewed observations source=%s rows=%s errors=%s ok=%s", result.source, len(rows), len(errors),
             result.ok)
    return result


def _located(errors: list[RowError], checked: CheckedFile) -> list[PreviewError]:
    """Row errors with their sheet and indicator (from the row each was found in)."""
    index = {id(e): k for k, e in enumerate(checked.problems.items)}
    out = []
    for e in errors:
        sheet, indicator = checked.where.get(index.get(id(e), -1), (None, None))
        out.append(PreviewError(e.row, sheet, indicator, e.column, e.message, e.value))
    return out


def _rows(checked: CheckedFile) -> list[PreviewRow]:
    rules, regions = checked.checker.rules, checked.checker.regions
    out = []
    for r in checked.rows:
        stored = checked.stored.get((r.indicator_id, r.region_id, r.year))
        if stored is None:
            change, old = Change.NEW, None
        else:
            old = stored.value
            change = Change.UNCHANGED if stored.value == r.value else Change.CHANGED
        out.append(PreviewRow(r.row, r.sheet, rules[r.indicator_id].name, regions.name(r.region_id), r.year, old,
                              r.value, r.unit, change))
    return out
