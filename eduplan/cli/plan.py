"""Plan verbs: ingest, plans, show."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from eduplan.cli.common import console, migrated_engine, progress_bar, settings
from eduplan.domain import DocType


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        files: list[Path] = typer.Argument(..., help="规划文件（.txt .docx .html .pdf），可多个"),
        region: str | None = typer.Option(None, "--region", help="所属区域名称，如 瑞安市（默认从标题识别）"),
        doc_type: DocType | None = typer.Option(None, "--type", help="文件类型（默认从标题识别）"),
    ) -> None:
        """读取规划文件，识别章节结构并入库；同一文件（sha256 相同）不会重复入库。"""
        from eduplan.services.plans import ingest_documents, read_all

        s = settings()
        with progress_bar("读取文件", len(files)) as update:
            docs = read_all(files, max_bytes=s.max_file_bytes, doc_type=doc_type.value if doc_type else None,
                            region=region, on_progress=update)
        results = ingest_documents(migrated_engine(), docs, extractor=_extractor())
        for r in results:
            state = "已入库" if r.created else "已存在，跳过"
            console.print(f"[{r.plan_id}] {r.title}  {state}（章节 {r.sections}，目标 {r.targets}，任务 {r.tasks}）",
                          highlight=False)

    @app.command("plans")
    def list_plans() -> None:
        """列出已入库的规划。"""
        from eduplan.store.db import unit_of_work
        from eduplan.store.repositories import plans

        table = Table("编号", "标题", "类型", "区域", "期限", "文件")
        with unit_of_work(migrated_engine()) as session:
            for p in plans.list_plans(session):
                period = f"{p.period_start}–{p.period_end}" if p.period_start else ""
                table.add_row(str(p.id), p.title, DocType(p.doc_type).label, p.region_name or "", period,
                              p.source_name)
        console.print(table)

    @app.command()
    def show(plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀")) -> None:
        """显示规划的章节大纲（编号、标题、起止偏移）。"""
        from eduplan.store.db import unit_of_work
        from eduplan.store.repositories import plans

        with unit_of_work(migrated_engine()) as session:
            p = plans.find(session, plan)
            console.print(f"[bold]{p.title}[/]  （{DocType(p.doc_type).label}，{len(p.text)} 字）", highlight=False)
            for s in plans.sections(session, p.id):
                indent = "  " * (s.level - 1)
                console.print(f"{indent}{s.number} {s.title}  [dim][{s.start}–{s.end}][/]", highlight=False)


def _extractor():
    """The extraction pipeline, when the package provides one."""
    try:
        from eduplan.extract.pipeline import extract_document
    except ImportError:
        return None
    return extract_document
