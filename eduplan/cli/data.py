"""Monitoring data verbs: import, template."""

from __future__ import annotations

from pathlib import Path

import typer

from eduplan.cli.common import console, migrated_engine, progress_bar


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        file: Path = typer.Argument(..., help="监测数据 .csv 或 .xlsx（列：指标、区域、年份、数值、单位、来源、备注，或填报模板），或 eduplan export 导出的 .json"),
        plan: str | None = typer.Option(None, "--plan", help="按该规划的规划期检查年份（填报模板自带规划）"),
    ) -> None:
        """导入监测数据 CSV/XLSX：全部导入或全部不导入，逐行列出错误（退出码 2）。"""
        from eduplan.errors import InputError
        from eduplan.services.monitoring.observations import import_observations

        if not file.is_file():
            raise InputError(f"找不到文件：{file}")
        with progress_bar("导入监测数据", 2) as update:
            r = import_observations(migrated_engine(), file, plan=plan, on_progress=update)
        console.print(f"已导入 {r.source}：新增 {r.created}，修改 {r.updated}，未变 {r.unchanged}", highlight=False)

    @app.command()
    def template(
        plan: str = typer.Argument(..., help="规划编号、标题片段或 sha256 前缀"),
        output: Path | None = typer.Option(None, "-o", "--output", help="输出的 .xlsx 文件（默认：规划标题_监测数据填报模板.xlsx）"),
    ) -> None:
        """生成监测数据填报模板（每个责任单位一个工作表，按年份填写）。"""
        from eduplan.services.exchange.templates import build_template

        t = build_template(migrated_engine(), plan)
        path = output or Path(t.filename)
        path.write_bytes(t.content)
        sheets = "，".join(f"{name} {n} 项" for name, n in t.sheets.items())
        console.print(f"填报模板已生成：{path}（{sheets}）", highlight=False)
