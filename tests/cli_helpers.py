"""Run the typer CLI in process against a test engine."""

from __future__ import annotations

import os

from sqlalchemy import Engine
from typer.testing import CliRunner

from eduplan.cli import _register, app
from eduplan.config import get_settings
from eduplan.errors import EduplanError


def run_cli(engine: Engine, args: list[str], **kwargs):
    """Invoke ``eduplan ARGS`` with EDUPLAN_DATABASE_URL pointing at ``engine``.

    EduplanError is turned into output and an exit code exactly as ``main()`` does.
    """
    _register()
    url = engine.url.render_as_string(hide_password=False)
    env = {"EDUPLAN_DATABASE_URL": url, "COLUMNS": "200", **kwargs.pop("env", {})}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(app, args, catch_exceptions=True, **kwargs)
        if isinstance(result.exception, EduplanError):
            from eduplan.cli.common import err_console, print_error

            with err_console.capture() as cap:
                print_error(result.exception)
            result = _Result(result.output + cap.get(), result.exception.exit_code, None)
        elif result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_settings.cache_clear()


class _Result:
    def __init__(self, output: str, exit_code: int, exception):
        self.output = output
        self.exit_code = exit_code
        self.exception = exception
