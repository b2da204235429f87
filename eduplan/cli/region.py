"""Region verbs: the ``region`` sub-app (load, list)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from eduplan.cli.common import console, migrated_engine

region_app = typer.Typer(help="区域（省、市、县）：导入和查看行政区划。", no_args_is_help=True)

LEVEL_LABELS = {"province": "省", "city": "市", "county": "县（区）"}


@region_app.command("load")
def load(file: Path | None = typer.Argument(None, help="区域 CSV（列 code,name,level,parent_code），默认为内置示例")) -> None:
    """导入区域层级；有错误时列出每个错误行，不写入任何内容。"""
    from eduplan.services.dictionary.regions import load_regions

    changed = load_regions(migrated_engine(), file)
    console.print(f"区域已导入：新增或修改 {changed} 个", highlight=False)


@region_app.command("list")
def list_() -> None:
    """按层级列出区域。"""
    from eduplan.services.dictionary.regions import list_regions

    table = Table("代码", "名称", "级别", "上级代码")
    for r in list_regions(migrated_engine()):
        table.add_row(r.code, "  " * r.depth + r.name, LEVEL_LABELS.get(r.level, r.level), r.parent_code or "")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(region_app, name="region")
    app.add_typer(region_app, name="regions", hidden=True)
