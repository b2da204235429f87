"""eduplan demo: a fresh SQLite database with the sample plan of 示例县."""

from __future__ import annotations

from importlib.resources import as_file, files

import typer

from eduplan.cli.common import console, settings

SAMPLE_PLAN = "示例县教育事业发展十四五规划.txt"


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        keep: bool = typer.Option(False, "--keep", help="保留已有的演示数据库，不重新生成"),
    ) -> None:
        """演示：新建 SQLite 数据库（var/demo.db），载入示例县规划并显示其大纲。"""
        from eduplan.services.plans import ingest_documents, read_all
        from eduplan.services.regions import load_regions
        from eduplan.store.db import make_engine
        from eduplan.store.migrate import upgrade
        from eduplan.store.repositories import plans
        from eduplan.store.db import unit_of_work

        s = settings()
        s.data_dir.mkdir(parents=True, exist_ok=True)
        db_path = s.data_dir / "demo.db"
        if db_path.exists() and not keep:
            db_path.unlink()
        engine = make_engine(f"sqlite:///{db_path}")
        upgrade(engine)
        load_regions(engine)
        from eduplan.services.indicators import load_indicators

        load_indicators(engine)  # link the sample plan's targets to the shipped dictionary
        with as_file(files("eduplan") / "samples" / SAMPLE_PLAN) as path:
            docs = read_all([path], max_bytes=s.max_file_bytes)
        from eduplan.cli.plan import _extractor

        [result] = ingest_documents(engine, docs, extractor=_extractor())
        console.print(f"演示数据库：{db_path}", highlight=False)
        with unit_of_work(engine) as session:
            plan = plans.find(session, result.plan_id)
            console.print(f"[bold]{plan.title}[/]", highlight=False)
            for sec in plans.sections(session, plan.id):
                console.print(f"{'  ' * (sec.level - 1)}{sec.number} {sec.title}  [dim][{sec.start}–{sec.end}][/]",
                              highlight=False)
