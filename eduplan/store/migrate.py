"""Run Alembic migrations programmatically (``eduplan init``, tests, the demo)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("eduplan.store") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    url = _url(engine_or_url)
    command.upgrade(alembic_config(url), revision)


def downgrade(engine_or_url: Engine | str, revision: str = "base") -> None:
    command.downgrade(alembic_config(_url(engine_or_url)), revision)


def _url(engine_or_url: Engine | str) -> str:
    if isinstance(engine_or_url, str):
        return engine_or_url
    return engine_or_url.url.render_as_string(hide_password=False)
