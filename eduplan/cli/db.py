"""eduplan init: create or upgrade the database schema."""

from __future__ import annotations

import typer

from eduplan.cli.common import console, settings


def register(app: typer.Typer) -> None:
    @app.command()
    def init() -> None:
        """创建或升级数据库结构（Alembic 迁移到最新版本）。"""
        from eduplan.services.database import open_database

        engine = open_database(settings().database_url, upgrade=True)
        console.print(f"数据库已就绪：{engine.url.render_as_string(hide_password=True)}")
