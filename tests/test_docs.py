"""The README stays true: every setting and every CLI command is documented."""

from __future__ import annotations

from eduplan.cli import _register, app
from eduplan.config import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_has_a_readme_row():
    for name in Settings.model_fields:
        assert f"EDUPLAN_{name.upper()}" in README, name


def test_every_command_is_in_the_readme():
    _register()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [g.name for g in app.registered_groups]
    assert names
    for name in names:
        assert f"eduplan {name}" in README, name


def test_readme_opens_with_two_commands():
    block = README.split("```bash", 1)[1].split("```", 1)[0]
    commands = [ln for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
    assert [c.split()[0] for c in commands] == ["./scripts/demo.sh", "./scripts/test.sh"]
