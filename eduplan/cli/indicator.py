"""Indicator verbs: the ``indicator`` sub-app (load, list, merge, link) and ``compare``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from eduplan.cli.common import console, migrated_engine
from eduplan.domain import comparator_sign, decimal_text, plain_number

indicator_app = typer.Typer(help="指标库：导入、查看、合并指标，把规划目标关联到指标。", no_args_is_help=True)

KIND_LABELS = {"level": "水平值", "cumulative": "累计值", "growth_rate": "年均增长", "maintain": "保持", "binary": "是否达成"}


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@indicator_app.command("load")
def load(file: Path | None = typer.Argument(None, help="指标库文件（.yaml 或 .csv），默认为内置的常用教育指标")) -> None:
    """导入指标库（名称、别名、单位、方向、类型、小数位、上限）；重复导入会更新已有指标。"""
    from eduplan.services.dictionary.indicators import load_indicators

    r = load_indicators(migrated_engine(), file)
    console.print(f"指标库已导入：新增 {r.created}，更新 {r.updated}，未变 {r.unchanged}，新增别名 {r.aliases_added}",
                  highlight=False)
    if r.merged:
        console.print(f"待审核指标已并入词典：{'、'.join(r.merged)}", highlight=False)


@indicator_app.command("list")
def list_(review: bool = typer.Option(False, "--review", help="只列出待审核（自动新建）的指标")) -> None:
    """列出指标库中的指标。"""
    from eduplan.services.dictionary.indicators import list_indicators

    table = Table("编号", "名称", "单位", "方向", "类型", "上限", "别名", "待审核")
    for i in list_indicators(migrated_engine(), needs_review=True if review else None):
        table.add_row(str(i.id), i.name, i.unit or "", "↑" if i.direction == "up" else "↓",
                      KIND_LABELS.get(i.kind, i.kind), _num(i.max_value), "、".join(i.aliases), "是" if i.needs_review else "")
    console.print(table)


@indicator_app.command("merge")
def merge(
    keep: str = typer.Argument(..., help="保留的指标（编号、名称或别名）"),
    other: str = typer.Argument(..., help="并入的指标：其名称变为别名，目标和监测值改指向保留的指标"),
) -> None:
    """把指标 OTHER 并入 KEEP（同一区域同一年份的监测值保留较新的一条并列出）。"""
    from eduplan.services.dictionary.indicators import merge_indicators

    r = merge_indicators(migrated_engine(), keep, other)
    console.print(f"已把“{r.merged_name}”并入“{r.kept.name}”：目标 {r.targets_moved} 条，监测值 {r.observations_moved} 条，"
                  f"别名 {'、'.join(r.aliases_moved)}", highlight=False)
    for c in r.conflicts:
        console.print(f"  冲突：{c.region} {c.year}年 保留 {_num(c.kept_value)}，舍弃 {_num(c.dropped_value)}", highlight=False)


@indicator_app.command("link")
def link(plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀")) -> None:
    """把规划中尚未关联的目标关联到指标库；无法匹配的名称新建为待审核指标。"""
    from eduplan.services.dictionary.indicators import link_targets

    r = link_targets(migrated_engine(), plan)
    console.print(f"已关联 {r.linked} 条目标；新建待审核指标 {len(r.created)} 个", highlight=False)
    for name in r.created:
        console.print(f"  待审核：{name}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(indicator_app, name="indicator")

    @app.command()
    def compare(
        indicator: str = typer.Argument(..., help="指标名称、别名或编号"),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="输出格式：table 或 json"),
    ) -> None:
        """对比各规划对同一指标的目标（规划、区域、年份、目标值、单位、类型）。"""
        from eduplan.services.dictionary.indicators import compare_indicator

        c = compare_indicator(migrated_engine(), indicator)
        if fmt == OutputFormat.JSON:
            rows = [{"plan_id": r.plan_id, "plan": r.plan_title, "region": r.region, "year": r.year,
                     "comparator": r.comparator, "value": plain_number(r.value), "unit": r.unit, "kind": r.kind,
                     "baseline_year": r.baseline_year, "baseline_value": plain_number(r.baseline_value),
                     "quote": r.quote}
                    for r in c.rows]
            typer.echo(json.dumps({"indicator": c.indicator.name, "unit": c.indicator.unit,
                                   "indicator_kind": c.indicator.kind, "targets": rows}, ensure_ascii=False, indent=2))
            return
        table = Table("规划", "区域", "年份", "比较", "目标值", "单位", "类型",
                      title=f"{c.indicator.name}（{KIND_LABELS.get(c.indicator.kind, c.indicator.kind)}）")
        for r in c.rows:
            table.add_row(f"[{r.plan_id}] {r.plan_title}", r.region or "", str(r.year or ""),
                          comparator_sign(r.comparator), _num(r.value), r.unit or "",
                          "目标" if r.kind == "target" else "实际")
        console.print(table)
        if not c.rows:
            console.print("尚无规划目标关联到该指标。", highlight=False)


def _num(value) -> str:
    return decimal_text(value) or ""
