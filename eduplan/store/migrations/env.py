"""Alembic environment: the URL comes from the config set by eduplan.store.migrate,
or from EDUPLAN_DATABASE_URL when alembic is run by hand."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, pool

from eduplan.store.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or os.environ.get(
        "EDUPLAN_DATABASE_URL", "sqlite:///eduplan.db"
    )


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
