"""Shared pieces of the CLI: settings, the engine, printing errors, progress bars."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from eduplan.config import Settings, get_settings
from eduplan.errors import EduplanError

console = Console()
err_console = Console(stderr=True)


def settings() -> Settings:
    s = get_settings()
    from eduplan.logs import configure_logging

    configure_logging(s.log_level)
    return s


def migrated_engine() -> Engine:
    """The engine, after bringing the schema to head (commands that write call this)."""
    from eduplan.services.database import open_database

    return open_database(settings().database_url, upgrade=True)


def print_error(exc: EduplanError) -> None:
    where = f"{exc.location}: " if exc.location else ""
    err_console.print(f"[bold red]错误[/] {where}{exc.message}", highlight=False)
    if exc.hint:
        err_console.print(f"  提示：{exc.hint}", highlight=False)
    for row in exc.errors[:200]:
        err_console.print(f"  - {row}", highlight=False)
    if len(exc.errors) > 200:
        err_console.print(f"  … 另有 {len(exc.errors) - 200} 处错误", highlight=False)


@contextmanager
def progress_bar(description: str, total: int) -> Iterator:
    """Yield an ``on_progress(done, total)`` callback drawn as a rich progress bar."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=total <= 1) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int, all_: int) -> None:
            bar.update(task, completed=done, total=all_)

        yield update
