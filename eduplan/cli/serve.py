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

    from eduplan.services.database import open_database

    s = settings()
    s.signing_secret()  # a weak production secret stops here, before anything is printed or opened
    url = database_url or s.database_url
    open_database(url, upgrade=True)
    os.environ["EDUPLAN_DATABASE_URL"] = url  # worker processes read settings from the environment
    console.print(f"eduplan 网页服务：http://{host}:{port}/  （接口文档 /docs，按 Ctrl+C 停止）", highlight=False)
    level = s.log_level.lower() if s.log_level.lower() in ("debug", "info", "warning", "error") else "warning"
    serve_app("eduplan.web.app:create_app_from_env", host=host, port=port, workers=workers, log_level=level)


def serve_app(app: str, *, host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Run uvicorn; with several workers, share a listening socket that asyncio treats as TCP.

    uvicorn binds the shared socket as ``socket(AF_INET)`` (protocol 0), and asyncio only
    switches Nagle's algorithm off for sockets whose protocol is IPPROTO_TCP — so every
    keep-alive response of a multi-worker server waited ~40 ms for a delayed ACK. Binding
    the socket ourselves with IPPROTO_TCP (and TCP_NODELAY, inherited by accepted
    connections on Linux) removes that delay.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    # proxy headers are handled by the app, from EDUPLAN_TRUSTED_PROXIES only (uvicorn would
    # believe any X-Forwarded-For sent from 127.0.0.1)
    config = uvicorn.Config(app, factory=True, host=host, port=port, workers=workers, log_level=log_level,
                            proxy_headers=False)
    if workers <= 1:
        uvicorn.Server(config).run()
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()
