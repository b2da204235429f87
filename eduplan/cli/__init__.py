"""The ``eduplan`` command line. Each module registers the verbs of one area."""

from __future__ import annotations

import sys

import typer

from eduplan.errors import EduplanError

app = typer.Typer(
    help="eduplan：把教育发展规划变成可监测、可评估的目标。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_registered = False


def _register() -> None:
    """Attach every command module's verbs to ``app`` (once)."""
    global _registered
    if _registered:
        return
    _registered = True
    from eduplan.cli import data, db, demo, evaluate, indicator, observations, plan, region, report, serve, user

    for module in (db, plan, indicator, region, data, observations, evaluate, report, user, serve, demo):
        module.register(app)


def main() -> None:
    _register()
    try:
        app()
    except EduplanError as exc:
        from eduplan.cli.common import print_error

        print_error(exc)
        sys.exit(exc.exit_code)
