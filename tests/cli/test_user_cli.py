"""eduplan user add/list/regions: a unit user belongs to a unit and to regions."""

from __future__ import annotations

from eduplan.services.accounts.users import list_users
from eduplan.services.dictionary.regions import load_regions
from tests.cli_helpers import run_cli


def test_a_unit_user_with_regions(engine):
    load_regions(engine)
    added = run_cli(engine, ["user", "add", "jyj", "--role", "unit", "--unit", "县教育局", "--region", "示例县",
                             "--region", "990122", "--password", "secret-pass-1"])
    assert added.exit_code == 0, added.output
    assert "县教育局" in added.output and "示例县、示范县" in added.output
    [user] = [u for u in list_users(engine) if u.username == "jyj"]
    assert user.regions == ("示例县", "示范县")
    listed = run_cli(engine, ["user", "list"])
    assert "示例县、示范县" in listed.output
    changed = run_cli(engine, ["user", "regions", "jyj", "--region", "示例县"])
    assert changed.exit_code == 0 and "示例县" in changed.output
    assert [u.regions for u in list_users(engine) if u.username == "jyj"] == [("示例县",)]


def test_a_unit_user_needs_a_known_region(engine):
    load_regions(engine)
    missing = run_cli(engine, ["user", "add", "x1", "--role", "unit", "--unit", "县教育局", "--password", "secret-pass-1"])
    assert missing.exit_code == 2 and "至少一个区域" in missing.output and "--region" in missing.output
    unknown = run_cli(engine, ["user", "add", "x2", "--role", "unit", "--unit", "县教育局", "--region", "火星县",
                               "--password", "secret-pass-1"])
    assert unknown.exit_code == 2 and "未知区域：火星县" in unknown.output
    assert [u.username for u in list_users(engine)] == []
