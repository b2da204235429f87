"""The ``evaluate`` verb: a plan's targets against the monitoring data, as of a year."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from eduplan.cli.common import console, migrated_engine, settings

STATUS_STYLES = {"achieved": "green", "on_track": "green", "at_risk": "yellow", "lagging": "red",
                 "regressing": "bold red", "overdue": "bold magenta", "no_data": "dim"}


class EvaluateFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def register(app: typer.Typer) -> None:
    @app.command()
    def evaluate(
        plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀"),
        as_of: int = typer.Option(..., "--as-of", help="评估截至的年份，如 2023（只使用该年及以前的监测数据）"),
        region: str | None = typer.Option(None, "--region", help="把规划目标用于该区域评估（名称或区划代码；默认为目标所属区域）"),
        fmt: EvaluateFormat = typer.Option(EvaluateFormat.TABLE, "--format", help="输出格式：table（表格）、json 或 csv（每个目标一行）"),
        out: Path | None = typer.Option(None, "-o", "--output", help="写入文件（默认输出到屏幕）"),
        include_unreviewed: bool = typer.Option(False, "--include-unreviewed",
                                                help="把尚未审核的目标也纳入评估（默认只评估已确认、修改或人工添加的目标）"),
        approved_only: bool = typer.Option(False, "--approved-only",
                                           help="只使用已审核通过的监测数据（默认使用全部数据并标出未审核的）"),
    ) -> None:
        """评估规划目标的进展：时间进度、完成进度、进度比、状态和预测（时间过半、任务过半）。

        默认只评估经人工审核的目标；未审核的目标数会写在输出中（JSON 的 review.left_out）。"""
        from eduplan.services.evaluation.results import configured_thresholds, evaluate_plan_targets

        thresholds = configured_thresholds(settings())
        result = evaluate_plan_targets(migrated_engine(), plan, as_of=as_of, region=region, thresholds=thresholds,
                                       include_unreviewed=include_unreviewed, approved_only=approved_only)
        hint = confirm_hint(result, plan)
        # stdout JSON and CSV stay parseable: the note goes to stderr where the output has no
        # place for it (a file, or CSV); JSON on stdout carries it as review.note
        if result.review_note and (out or fmt is EvaluateFormat.CSV):
            typer.echo(result.review_note + (f"\n{hint}" if hint else ""), err=True)
        if fmt is EvaluateFormat.JSON:
            _emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n", out)
        elif fmt is EvaluateFormat.CSV:
            _emit(_csv(result.flat_rows()), out, bom=True)
        elif out:
            with out.open("w", encoding="utf-8") as fh:
                _print_table(result, Console(file=fh, width=220), hint)
        else:
            _print_table(result, console, hint)


def confirm_hint(result, plan: str) -> str | None:
    """What to run when targets were left out because nobody reviewed them: the command
    that confirms them, and the switch that evaluates them as they are."""
    if not result.left_out:
        return None
    ref = plan if plan and not any(c.isspace() for c in plan) else str(result.plan_id)
    return (f"核对目标后运行 eduplan confirm {ref} 全部确认，再评估即纳入；"
            f"先看含未审核目标的结果：eduplan evaluate {ref} --as-of {result.as_of} --include-unreviewed")


def _emit(text: str, out: Path | None, *, bom: bool = False) -> None:
    if out:
        out.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    else:
        typer.echo(text, nl=False)


def _csv(rows: list[dict]) -> str:
    """The rows under their header; no rows (nothing evaluated) still gives the header."""
    from eduplan.services.evaluation.results import FLAT_COLUMNS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else list(FLAT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _num(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:.0f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _point(p) -> str:
    return "—" if p is None else f"{_num(p.value, 4)}·{p.year}"


def data_note(result) -> str:
    """Which values are approved: what the table rests on."""
    if not result.targets:
        return ""  # nothing evaluated: no data was used
    if result.approved_only:
        return "只使用已审核通过的监测数据。"
    waiting = [f"{t.target_name}（{'、'.join(map(str, t.unapproved_years))}年）" for t in result.targets
               if t.unapproved_years]
    if not waiting:
        return "所用监测数据均已审核通过。"
    return (f"含未审核的监测数据 {result.unapproved_count} 个：" + "；".join(waiting[:10])
            + ("等" if len(waiting) > 10 else "") + "。只用已审核数据请加 --approved-only。")


def _print_table(result, out: Console, hint: str | None = None) -> None:
    region = f"（用于{result.region}）" if result.region else ""
    out.print(f"[bold]{result.plan_title}[/]{region}  截至{result.as_of}年", highlight=False)
    if not result.targets and result.left_out:
        # an empty table says nothing: say why nothing was evaluated and what to run
        out.print(f"[bold]没有评估任何目标：本规划的{result.left_out}项目标都尚未经人工审核，默认不纳入评估。[/]",
                  highlight=False)
        out.print(result.review_note, highlight=False)
        if hint:
            out.print(hint, highlight=False, soft_wrap=True)
        return
    table = Table(show_lines=False)
    table.add_column("编号", no_wrap=True)
    table.add_column("指标", ratio=3, min_width=8)
    table.add_column("类型", no_wrap=True)
    for name in ("目标", "基期", "最新"):
        table.add_column(name, ratio=1, min_width=7)
    for name in ("完成度", "进度比", "状态", "预测"):
        table.add_column(name, no_wrap=True)
    for t in result.targets:
        a = t.assessment
        spec = a.spec
        word = spec.comparator.sign
        goal = word if spec.target is None else f"{word}{_num(spec.target, 4)}{spec.unit or ''}"
        if spec.milestones:
            goal += "（" + "、".join(f"{y}:{_num(v, 4)}" for y, v in sorted(spec.milestones.items())) + "）"
        forecast = "—" if a.forecast.value is None else _num(a.forecast.value, 2) + (
            "" if a.forecast.meets is None else (" ✓" if a.forecast.meets else " ✗"))
        table.add_row(str(t.target_id), t.target_name, spec.effective_measure.label, f"{goal}·{spec.target_year}",
                      _point(a.baseline),
                      _point(a.latest), _pct(a.completion), _num(a.pace),
                      f"[{STATUS_STYLES[a.status.value]}]{a.status.label}[/]", forecast)
    out.print(table)
    for t in result.targets:
        if t.status.value in ("overdue", "lagging", "regressing", "at_risk"):
            out.print(f"  {t.target_id} {t.target_name}：{t.assessment.reason}", highlight=False)
    out.print(result.summary_text, highlight=False)
    if result.review_note:
        out.print(f"[bold]{result.review_note}[/]", highlight=False)
    if hint:
        out.print(hint, highlight=False, soft_wrap=True)
    if result.targets:
        out.print(data_note(result), highlight=False)
    skipped = [s for s in result.skipped if not s.unreviewed]
    if skipped:
        out.print(f"未评估 {len(skipped)} 项：" + "；".join(f"{s.target_name}（{s.reason}）"
                                                     for s in skipped[:10]), highlight=False)
