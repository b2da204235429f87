"""Alembic builds the schema; the models and the migrations never drift apart."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from eduplan.store.migrate import downgrade, upgrade
from eduplan.store.models import Base
from tests.conftest import PG_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(
    not PG_URL, reason="EDUPLAN_TEST_DATABASE_URL not set")])])
def empty_url(request, tmp_path):
    """A brand-new empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    name = f"eduplan_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _diff(url: str) -> list:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(ctx, Base.metadata)
    finally:
        eng.dispose()


def _tables(url: str) -> set[str]:
    eng = create_engine(url)
    try:
        return set(inspect(eng).get_table_names()) - {"alembic_version"}
    finally:
        eng.dispose()


def test_upgrade_downgrade_upgrade(empty_url):
    upgrade(empty_url)
    assert _tables(empty_url) == {t.name for t in Base.metadata.sorted_tables}
    assert _diff(empty_url) == []
    downgrade(empty_url, "base")
    assert _tables(empty_url) == set()
    upgrade(empty_url)
    assert _diff(empty_url) == []


def test_0002_gives_projects_the_units_of_their_task_or_section(empty_url):
    """Existing projects keep answering to the units they answered to before project_units
    existed: the task whose text holds them, else the tasks of their section."""
    upgrade(empty_url, "0001")
    eng = create_engine(empty_url)
    try:
        with eng.begin() as conn:
            conn.execute(text("INSERT INTO responsible_units (id, name) VALUES (1, '县教育局'), (2, '县发改局')"))
            conn.execute(text("INSERT INTO plans (id, title, doc_type, source_name, sha256, text, created_at) VALUES "
                              "(1, 'p', 'plan', 'p.txt', :sha, 'x', CURRENT_TIMESTAMP)"), {"sha": "a" * 64})
            conn.execute(text("INSERT INTO sections (id, plan_id, position, level, number, title, kind, start, \"end\") "
                              "VALUES (1, 1, 0, 1, '一、', '任务', 'heading', 0, 100)"))
            conn.execute(text("INSERT INTO tasks (id, plan_id, section_id, number, title, text, start, \"end\", status, "
                              "progress, updated_at, version) VALUES "
                              "(1, 1, 1, '1.', 'a', '', 10, 40, 'not_started', 0, CURRENT_TIMESTAMP, 1), "
                              "(2, 1, 1, '2.', 'b', '', 50, 90, 'not_started', 0, CURRENT_TIMESTAMP, 1)"))
            conn.execute(text("INSERT INTO task_units (task_id, unit_id) VALUES (1, 1), (2, 2)"))
            conn.execute(text("INSERT INTO projects (id, plan_id, section_id, name, quote, start, \"end\", updated_at, "
                              "version) VALUES (1, 1, 1, 'inside task 1', '', 20, 30, CURRENT_TIMESTAMP, 1), "
                              "(2, 1, 1, 'in the section only', '', 95, 99, CURRENT_TIMESTAMP, 1)"))
        upgrade(empty_url)
        with eng.connect() as conn:
            rows = conn.execute(text("SELECT project_id, unit_id FROM project_units ORDER BY 1, 2")).all()
            versions = conn.execute(text("SELECT session_version FROM users")).all()
        assert [tuple(r) for r in rows] == [(1, 1), (2, 1), (2, 2)]
        assert versions == []
    finally:
        eng.dispose()
