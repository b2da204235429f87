"""eduplan demo: a fresh SQLite database with the sample plan of 示例县."""

from __future__ import annotations

import typer

from eduplan.cli.common import console, settings


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        keep: bool = typer.Option(False, "--keep", help="保留已有的演示数据库，不重新生成"),
        serve: bool = typer.Option(True, "--serve/--no-serve", help="载入后启动网页服务"),
        host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
        port: int = typer.Option(8000, "--port", help="端口"),
    ) -> None:
        """演示：新建 SQLite 数据库（var/demo.db），载入示例县规划和监测数据，创建演示账号并启动网页。"""
        s = settings()
        s.data_dir.mkdir(parents=True, exist_ok=True)
        db_path = s.data_dir / "demo.db"
        url = f"sqlite:///{db_path}"
        if keep and db_path.exists():
            console.print(f"沿用演示数据库：{db_path}", highlight=False)
        else:
            if db_path.exists():
                db_path.unlink()
            from eduplan.services.demo import build_demo

            demo = build_demo(url, max_bytes=s.max_file_bytes)
            console.print(f"[bold]{demo.plan.title}[/]：目标 {demo.plan.targets} 项，任务 {demo.plan.tasks} 项，"
                          f"项目 {demo.plan.projects} 项", highlight=False)
            console.print(f"演示数据库：{db_path}", highlight=False)
            for username, role, password in demo.accounts:
                console.print(f"  演示账号 {username}（{role}） 一次性密码：[bold]{password}[/]", highlight=False)
        if serve:
            from eduplan.cli.serve import run_server

            run_server(host=host, port=port, database_url=url)

