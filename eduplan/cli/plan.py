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
        files: list[Path] = typer.Argument(..., help="规划文件（.txt .docx .html .pdf，或 eduplan export 导出的 .json），可多个"),
        region: str | None = typer.Option(None, "--region", help="所属区域名称，如 瑞安市（默认从标题识别）"),
        doc_type: DocType | None = typer.Option(None, "--genre", "--type", help="文件体裁（默认从标题和内容识别）"),
        year: int | None = typer.Option(None, "--year", min=1949, max=2100, help="报告年份（统计公报、总结等；默认从标题和日期识别）"),
    ) -> None:
        """读取规划文件，识别章节结构并入库；同一文件（sha256 相同）不会重复入库。"""
        from eduplan.services.plans.ingest import ingest_files

        s = settings()
        engine = migrated_engine()
        with progress_bar("读取文件", len(files)) as update:
            results = ingest_files(engine, files, max_bytes=s.max_file_bytes,
                                   doc_type=doc_type.value if doc_type else None, region=region, on_progress=update,
                                   year=year)
        for r in results:
            state = "已入库" if r.created else "已存在，跳过"
            console.print(f"[{r.plan_id}] {r.title}  {state}（章节 {r.sections}，目标 {r.targets}，任务 {r.tasks}）",
                          highlight=False)
        # a plan exported as JSON keeps its review states; a document read anew awaits review
        waiting = [str(r.plan_id) for r in results if r.created and r.targets and not r.source.lower().endswith(".json")]
        if waiting:
            commands = "、".join(f"eduplan confirm {w}" for w in waiting)
            console.print(f"识别出的目标均待审核：核对后运行 {commands} 全部确认，评估和报告才纳入；"
                          "未审核前可在 eduplan evaluate 时加 --include-unreviewed 先看结果。", highlight=False,
                          soft_wrap=True)

    @app.command()
    def extract(
        file: Path = typer.Argument(..., help="规划文件（.txt .docx .html .pdf）"),
        fmt: str = typer.Option("json", "--format", help="输出格式：json 或 table"),
        out: Path | None = typer.Option(None, "-o", "--output", help="写入文件（默认输出到屏幕）"),
        region: str | None = typer.Option(None, "--region", help="所属区域名称（默认从标题识别）"),
        doc_type: DocType | None = typer.Option(None, "--genre", "--type", help="文件体裁（默认从标题和内容识别）"),
        year: int | None = typer.Option(None, "--year", min=1949, max=2100, help="报告年份（默认从标题和日期识别）"),
    ) -> None:
        """识别规划中的量化目标、重点任务和建设项目（不需要数据库）。"""
        import json

        from eduplan.errors import InputError
        from eduplan.services.exchange.documents import extract_file

        if fmt not in ("json", "table"):
            raise InputError(f"不支持的输出格式：{fmt}", hint="可选 json 或 table")
        found = extract_file(file, max_bytes=settings().max_file_bytes, doc_type=doc_type.value if doc_type else None,
                             region=region, year=year)
        extraction = found.extraction
        if fmt == "json":
            payload = json.dumps(found.to_json(), ensure_ascii=False, indent=1)
            if out:
                out.write_text(payload + "\n", encoding="utf-8")
            else:
                typer.echo(payload)
            return
        table = Table("指标", "比较", "值", "单位", "年份", "类型", "原文")
        for t in extraction.targets:
            table.add_row(t.indicator, t.comparator, "" if t.value is None else str(t.value), t.unit or "",
                          str(t.year or ""), "目标" if t.kind == "target" else "实际", t.quote.replace("\n", " ")[:40])
        if out:
            from rich.console import Console

            with out.open("w", encoding="utf-8") as fh:
                Console(file=fh, width=200).print(table)
        else:
            console.print(table)
        console.print(f"目标 {len(extraction.targets)} 项，任务 {len(extraction.tasks)} 项，项目 {len(extraction.projects)} 项",
                      highlight=False)

    @app.command()
    def confirm(
        plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀"),
        all_kinds: bool = typer.Option(False, "--all", help="连同基期值、说明性数字一并确认（默认只确认目标）"),
    ) -> None:
        """全部确认：把规划中待审核的目标标为已确认（审核后才纳入评估和报告）。"""
        from eduplan.services.plans.targets import confirm_plan

        plan_id, title, n = confirm_plan(migrated_engine(), plan, kind=None if all_kinds else "target")
        console.print(f"[{plan_id}] {title}：已确认 {n} 项", highlight=False)

    @app.command("plans")
    def list_plans() -> None:
        """列出已入库的规划。"""
        from eduplan.services.views.catalog import all_plans

        table = Table("编号", "标题", "类型", "区域", "期限", "文件")
        for p in all_plans(migrated_engine()):
            period = f"{p.period_start}–{p.period_end}" if p.period_start else ""
            table.add_row(str(p.id), p.title, DocType(p.doc_type).label, p.region_name or "", period, p.source_name)
        console.print(table)

    @app.command()
    def show(plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀")) -> None:
        """显示规划的章节大纲（编号、标题、起止偏移）。"""
        from eduplan.services.views.catalog import find_plan

        detail = find_plan(migrated_engine(), plan)
        p = detail.plan
        console.print(f"[bold]{p.title}[/]  （{DocType(p.doc_type).label}，{detail.characters} 字）", highlight=False)
        for s in detail.sections:
            indent = "  " * (s.level - 1)
            console.print(f"{indent}{s.number} {s.title}  [dim][{s.start}–{s.end}][/]", highlight=False)
