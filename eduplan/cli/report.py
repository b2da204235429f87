"""Report verbs: report (mid-term evaluation report, supervision list) and export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from eduplan.cli.common import console, migrated_engine, progress_bar, settings


class ReportFormatOption(StrEnum):
    DOCX = "docx"
    HTML = "html"
    MD = "md"
    XLSX = "xlsx"


class ExportFormatOption(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    JSON = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀"),
        as_of: int = typer.Option(..., "--as-of", help="评估截至的年份，如 2023"),
        region: str | None = typer.Option(None, "--region", help="按该区域的监测数据评估（名称或区划代码）"),
        fmt: ReportFormatOption = typer.Option(ReportFormatOption.DOCX, "--format",
                                               help="docx、html、md（中期评估报告）或 xlsx（督办清单）"),
        output: Path | None = typer.Option(None, "-o", "--output", help="输出文件（默认：规划标题_年份+报告名）"),
        include_unreviewed: bool = typer.Option(False, "--include-unreviewed",
                                                help="把尚未审核的目标也纳入评估（报告会写明有多少项未经审核）"),
        approved_only: bool = typer.Option(False, "--approved-only",
                                           help="只使用已审核通过的监测数据（默认使用全部数据，报告中列出未审核的）"),
        to: str | None = typer.Option(None, "--to", help="主送机关，如“瑞安市人民政府”（标题下顶格一行）"),
        issuer: str | None = typer.Option(None, "--issuer", help="发文机关署名，如“瑞安市教育局”（正文之后）"),
        date: str | None = typer.Option(None, "--date",
                                        help="成文日期，如 2024-03-01；不填则留空“年　月　日”由起草人填写"),
        lead: str | None = typer.Option(None, "--default-unit",
                                        help="《规划》未写明责任单位的事项由谁牵头（默认：规划任务中最常牵头的单位，否则本区域教育局）"),
    ) -> None:
        """生成中期评估报告（DOCX/HTML/Markdown）或督办清单（XLSX）；默认只评估已审核的目标。"""
        from eduplan.services.evaluation.reports import ReportOptions, parse_date, render_report
        from eduplan.services.evaluation.results import configured_thresholds

        options = ReportOptions(to=to, issuer=issuer, date=parse_date(date), default_unit=lead)
        thresholds = configured_thresholds(settings())
        with progress_bar("生成报告", 3) as update:
            r = render_report(migrated_engine(), plan, as_of=as_of, region=region, fmt=fmt.value,
                              thresholds=thresholds, on_progress=update, include_unreviewed=include_unreviewed,
                              approved_only=approved_only, options=options)
        path = output or Path(r.filename)
        path.write_bytes(r.content)
        ctx = r.context
        console.print(f"已生成：{path}（{len(ctx.targets)} 项指标，需督办 {len(ctx.supervision)} 项）", highlight=False)
        if ctx.review_note:
            console.print(ctx.review_note, highlight=False)

    @app.command()
    def export(
        plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀"),
        fmt: ExportFormatOption = typer.Option(ExportFormatOption.JSON, "--format",
                                               help="json（整个规划，可用 ingest/import 读回）、xlsx 或 csv"),
        output: Path | None = typer.Option(None, "-o", "--output",
                                           help="输出文件；csv 写两个文件：OUT-targets.csv 和 OUT-observations.csv"),
    ) -> None:
        """导出规划的目标和监测数据（XLSX/CSV），或整个规划（JSON，可再导入）。"""
        from eduplan.services.exchange.exports import export_plan

        files = export_plan(migrated_engine(), plan, fmt=fmt.value, output=output)
        for f in files:
            f.path.write_bytes(f.content)
            console.print(f"已导出：{f.path}（{f.description}）", highlight=False)
