"""The reports page (报告): the plans, regions and formats it offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from eduplan.report import FORMATS
from eduplan.services.dictionary.regions import list_regions
from eduplan.store.db import unit_of_work
from eduplan.store.repositories import plans as plan_repo


@dataclass(frozen=True, slots=True)
class PlanChoice:
    """A plan offered on the reports page."""

    plan_id: int
    title: str
    period: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class ReportForm:
    """What the reports page offers: plans, regions (name, code, depth) and formats."""

    plans: list[PlanChoice]
    regions: list[tuple[str, str, int]]
    formats: list[tuple[str, str]]  # (format, label)
    default_as_of: int


def report_plans(engine: Engine) -> list[PlanChoice]:
    """Every stored plan, for the reports page's plan list."""
    with unit_of_work(engine) as session:
        return [PlanChoice(p.id, p.title, p.period) for p in plan_repo.rows(session)]


def report_form(engine: Engine, *, today: date | None = None) -> ReportForm:
    """The choices of the reports page; the default year is last year (the latest
    complete year of data)."""
    year = (today or date.today()).year - 1
    return ReportForm(plans=report_plans(engine), regions=[(r.name, r.code, r.depth) for r in list_regions(engine)],
                      formats=[(f.value, spec.label) for f, spec in FORMATS.items()], default_as_of=year)
