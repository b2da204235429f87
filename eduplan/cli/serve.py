"""eduplan serve: the web application (FastAPI + uvicorn)."""

from __future__ import annotations

import typer

from eduplan.cli.common import console, settings


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
        port: int = typer.Option(8000, "--port", help="端口"),
        workers: int = typer.Option(1, "--workers", help="工作进程数（各进程无状态，共享同一数据库）"),
    ) -> None:
        """启动网页应用和 JSON API（/docs 查看接口文档）。"""
        run_server(host=host, port=port, workers=workers)


def run_server(*, host: str, port: int, workers: int = 1, database_url: str | None = None) -> None:
    import os

    import uvicorn

    from eduplan.store.db import engine_for
    from eduplan.store.migrate import upgrade

    s = settings()
    url = database_url or s.database_url
    upgrade(engine_for(url))
    os.environ["EDUPLAN_DATABASE_URL"] = url  # worker processes read settings from the environment
    console.print(f"eduplan 网页服务：http://{host}:{port}/  （接口文档 /docs，按 Ctrl+C 停止）", highlight=False)
    uvicorn.run("eduplan.web.app:create_app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=s.log_level.lower() if s.log_level.lower() in ("debug", "info", "warning", "error")
                else "warning", proxy_headers=True)
