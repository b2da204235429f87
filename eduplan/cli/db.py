"""eduplan init: create or upgrade the database schema."""

from __future__ import annotations

import typer

from eduplan.cli.common import console, settings


def register(app: typer.Typer) -> None:
    @app.command()
    def init() -> None:
        """创建或升级数据库结构（Alembic 迁移到最新版本）。"""
        from eduplan.store.db import engine_for
        from eduplan.store.migrate import upgrade

        s = settings()
        upgrade(engine_for(s.database_url))
        console.print(f"数据库已就绪：{engine_for(s.database_url).url.render_as_string(hide_password=True)}")
