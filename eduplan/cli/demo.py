"""eduplan demo: a fresh SQLite database with the sample plan of 示例县."""

from __future__ import annotations

from importlib.resources import as_file, files

import typer

from eduplan.cli.common import console, settings

SAMPLE_PLAN = "示例县教育事业发展十四五规划.txt"


SAMPLE_DATA = "示例县监测数据.csv"


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
            accounts = build_demo(url, max_bytes=s.max_file_bytes)
            console.print(f"演示数据库：{db_path}", highlight=False)
            for username, role, password in accounts:
                console.print(f"  演示账号 {username}（{role}） 一次性密码：[bold]{password}[/]", highlight=False)
        if serve:
            from eduplan.cli.serve import run_server

            run_server(host=host, port=port, database_url=url)


def build_demo(url: str, *, max_bytes: int) -> list[tuple[str, str, str]]:
    """Fill a fresh database with the sample plan, regions, indicators, observations and
    demo accounts; return (username, role label, one-time password) for each account."""
    from eduplan.services.indicators import load_indicators
    from eduplan.services.monitoring import import_observations
    from eduplan.services.plans import ingest_documents, read_all
    from eduplan.services.regions import load_regions
    from eduplan.services.users import create_user, generate_password
    from eduplan.store.db import make_engine, unit_of_work
    from eduplan.store.migrate import upgrade
    from eduplan.store.repositories import plans

    engine = make_engine(url)
    upgrade(engine)
    load_regions(engine)
    load_indicators(engine)  # link the sample plan's targets to the shipped dictionary
    with as_file(files("eduplan") / "samples" / SAMPLE_PLAN) as path:
        docs = read_all([path], max_bytes=max_bytes)
    from eduplan.cli.plan import _extractor

    [result] = ingest_documents(engine, docs, extractor=_extractor())
    with as_file(files("eduplan") / "samples" / SAMPLE_DATA) as path:
        import_observations(engine, path)
    accounts = []
    for username, role, unit, label in (("admin", "admin", None, "管理员"), ("jyj", "unit", "县教育局", "责任单位：县教育局")):
        password = generate_password()
        create_user(engine, username, password, role, unit=unit, display_name=label)
        accounts.append((username, label, password))
    with unit_of_work(engine) as session:
        plan = plans.find(session, result.plan_id)
        console.print(f"[bold]{plan.title}[/]：目标 {result.targets} 项，任务 {result.tasks} 项，项目 {result.projects} 项",
                      highlight=False)
    engine.dispose()
    return accounts
