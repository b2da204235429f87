"""Observation verbs read from documents: ``eduplan observations proposed|accept|reject``."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from eduplan.cli.common import console, migrated_engine

observations_app = typer.Typer(
    help="来源文件中的监测数据：统计公报、工作总结等文件入库后，其中的实际值作为待审核数据，审核采纳后成为监测数据。",
    no_args_is_help=True)


@observations_app.command("proposed")
def proposed(
    source: str | None = typer.Argument(None, help="来源文件（编号或标题中的一段；默认全部）"),
    fmt: str = typer.Option("table", "--format", help="输出格式：table 或 json"),
    state: str | None = typer.Option(None, "--state", help="只列出某一状态：proposed、accepted、rejected"),
) -> None:
    """列出来源文件中待审核（及已处理）的监测数据，与已有数据比对。"""
    from eduplan.errors import InputError
    from eduplan.services.monitoring.sources import list_proposals

    if fmt not in ("table", "json"):
        raise InputError(f"不支持的输出格式：{fmt}", hint="可选 table 或 json")
    views = list_proposals(migrated_engine(), source, state=state)
    if fmt == "json":
        typer.echo(json.dumps([v.to_dict() for v in views], ensure_ascii=False, indent=1))
        return
    table = Table("编号", "来源", "指标", "区域", "年份", "数值", "单位", "状态", "比对", "已有数据", "原文")
    for v in views:
        stored = "" if v.stored is None else f"{v.stored.value.normalize():f}（{v.stored.source or '—'}）"
        table.add_row(str(v.id), v.source[:16], v.indicator or f"[dim]{v.name}[/]", v.region or "—", str(v.year),
                      f"{v.value.normalize():f}", v.unit or "", v.state_label, v.match_label, stored,
                      v.quote.replace("\n", " ")[:30])
    console.print(table)
    console.print(f"共 {len(views)} 项", highlight=False)


@observations_app.command("accept")
def accept(
    ids: list[int] = typer.Argument(None, help="要采纳的编号（可多个）"),
    all_matched: bool = typer.Option(False, "--all-matched",
                                     help="采纳来源文件中所有已关联指标、且与已有数据一致或无已有数据的项"),
    source: str | None = typer.Option(None, "--source", help="与 --all-matched 一起用：来源文件（编号或标题）"),
) -> None:
    """采纳来源数据：新数据写入监测数据；与已有数据不一致时替换（记入审计日志）；一致时记为第二来源确认。"""
    from eduplan.errors import InputError
    from eduplan.services.monitoring.sources import accept_matched, accept_proposals, list_sources

    engine = migrated_engine()
    if all_matched:
        if ids:
            raise InputError("--all-matched 与编号不能同时使用", hint="二选一")
        sources = [source] if source else [s.id for s in list_sources(engine)]
        totals = {"accepted": 0, "replaced": 0, "confirmed": 0}
        for ref in sources:
            result = accept_matched(engine, ref).to_dict()
            for k in totals:
                totals[k] += result[k]
        console.print(f"新增 {totals['accepted']} 项，确认 {totals['confirmed']} 项（与已有数据一致）", highlight=False)
        return
    if not ids:
        raise InputError("请给出要采纳的编号，或使用 --all-matched", hint="编号见 eduplan observations proposed")
    result = accept_proposals(engine, ids)
    console.print(f"新增 {result.accepted} 项，替换 {result.replaced} 项，确认 {result.confirmed} 项", highlight=False)


@observations_app.command("reject")
def reject(ids: list[int] = typer.Argument(..., help="要驳回的编号（可多个）")) -> None:
    """驳回来源数据（不写入监测数据，记入审计日志）。"""
    from eduplan.services.monitoring.sources import reject_proposals

    result = reject_proposals(migrated_engine(), ids)
    console.print(f"驳回 {result.rejected} 项", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(observations_app, name="observations")
