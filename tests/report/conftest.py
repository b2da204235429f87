"""Report fixtures: one context of the factory plan (tests/report/factories.py), built
once per session on a private SQLite file and rendered once per format. Renderers are
pure, so their tests need no database of their own; the service itself is tested on
every backend in test_service.py."""

from __future__ import annotations

from datetime import date

import pytest

from eduplan.report import render
from eduplan.report.context import ReportContext
from eduplan.services.evaluation.reports import build_report_context
from eduplan.services.evaluation.results import PlanResult, evaluate_plan_targets
from eduplan.store.db import make_engine
from eduplan.store.migrate import upgrade
from tests.report.factories import make_report_plan

AS_OF = 2023
TODAY = date(2024, 3, 1)


@pytest.fixture(scope="session")
def report_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'report.db'}"
    upgrade(url)
    engine = make_engine(url)
    plan_id = make_report_plan(engine)
    yield engine, plan_id
    engine.dispose()


@pytest.fixture(scope="session")
def evaluation(report_db) -> PlanResult:
    engine, plan_id = report_db
    return evaluate_plan_targets(engine, plan_id, as_of=AS_OF)


@pytest.fixture(scope="session")
def report_context(report_db) -> ReportContext:
    engine, plan_id = report_db
    return build_report_context(engine, plan_id, as_of=AS_OF, today=TODAY)


@pytest.fixture(scope="session")
def rendered(report_context):
    """render("docx") etc., each format once per session."""
    cache: dict[str, bytes] = {}

    def get(fmt: str) -> bytes:
        if fmt not in cache:
            cache[fmt] = render(report_context, fmt)
        return cache[fmt]

    return get
