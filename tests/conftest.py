"""Shared fixtures.

``engine`` runs each database test twice: on a temporary SQLite file and, when
``EDUPLAN_TEST_DATABASE_URL`` is set (scripts/test.sh starts a throwaway cluster), on
PostgreSQL. The schema is built once per backend with the Alembic migrations; after
each test every table is emptied, so tests never see each other's rows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from eduplan.store.db import make_engine
from eduplan.store.migrate import upgrade
from eduplan.store.models import Base

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
SAMPLES = Path(__file__).resolve().parent / "samples"
PG_URL = os.environ.get("EDUPLAN_TEST_DATABASE_URL")


def pytest_addoption(parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/extract/golden/*.expected.json")


def pytest_report_header(config) -> list[str]:
    return [f"eduplan databases: sqlite{' + ' + PG_URL.split('@')[-1] if PG_URL else ' (PostgreSQL not configured)'}"]


def seed_path(stem_prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    found = sorted(SEEDS.glob(f"{stem_prefix}*.txt"))
    if not found:
        pytest.skip(f"seed {stem_prefix} not found")
    return found[0]


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory) -> dict[str, Engine]:
    return {}


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """argon2 at production cost takes ~0.3 s a hash; tests test the flow, not the cost."""
    from argon2 import PasswordHasher

    from eduplan.services.accounts import users

    production = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    users._hasher = production


def _backend_engine(cache: dict[str, Engine], backend: str, tmp_path_factory) -> Engine:
    if backend not in cache:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        else:
            url = PG_URL
            eng = make_engine(url)
            with eng.begin() as conn:  # start from an empty schema even after a crashed run
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            eng.dispose()
        upgrade(url)
        cache[backend] = make_engine(url)
    return cache[backend]


BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(
        not PG_URL, reason="EDUPLAN_TEST_DATABASE_URL not set (scripts/test.sh sets it)")]),
]


@pytest.fixture(params=BACKENDS)
def engine(request, _migrated, tmp_path_factory) -> Engine:
    eng = _backend_engine(_migrated, request.param, tmp_path_factory)
    yield eng
    empty_tables(eng)


def empty_tables(eng: Engine) -> None:
    with eng.begin() as conn:
        if eng.dialect.name == "postgresql":
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


def row_counts(eng: Engine) -> dict[str, int]:
    with eng.connect() as conn:
        return {t.name: conn.execute(text(f"SELECT COUNT(*) FROM {t.name}")).scalar_one()
                for t in Base.metadata.sorted_tables}
