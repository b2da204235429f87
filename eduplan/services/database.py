"""The database as the command line and the web app open it: one shared engine per URL
(``store.db.engine_for``), brought to the latest schema when asked (Alembic, as
``eduplan init`` does)."""

from __future__ import annotations

from sqlalchemy import Engine

from eduplan.store import migrate
from eduplan.store.db import engine_for


def open_database(url: str, *, upgrade: bool = False) -> Engine:
    """The shared engine of ``url``; with ``upgrade``, after migrating the schema to head."""
    engine = engine_for(url)
    if upgrade:
        migrate.upgrade(engine)
    return engine
