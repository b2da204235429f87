"""eduplan init / ingest / plans / show, end to end on each database."""

from __future__ import annotations

import time

import pytest

from tests.cli_helpers import run_cli
from tests.conftest import SEEDS, row_counts


def test_init_is_repeatable(engine):
    assert run_cli(engine, ["init"]).exit_code == 0
    assert run_cli(engine, ["init"]).exit_code == 0


def test_ingest_show_and_reingest(engine, tmp_path):
    path = tmp_path / "县规划.txt"
    path.write_text("某县教育发展规划\n\n一、发展目标\n\n(一)总体目标\n\n到2025年，入园率达到98%。\n\n二、主要任务\n", encoding="utf-8")
    first = run_cli(engine, ["ingest", str(path), "--region", "某县", "--type", "plan"])
    assert first.exit_code == 0, first.output
    assert "已入库" in first.output
    counts = row_counts(engine)
    assert counts["plans"] == 1 and counts["sections"] == 3

    again = run_cli(engine, ["ingest", str(path)])
    assert again.exit_code == 0 and "已存在" in again.output
    assert row_counts(engine) == counts  # the same sha256 is not stored twice

    listing = run_cli(engine, ["plans"])
    assert "某县教育发展规划" in listing.output and "某县" in listing.output

    shown = run_cli(engine, ["show", "1"])
    assert shown.exit_code == 0
    lines = [ln.strip() for ln in shown.output.splitlines()]
    assert any(ln.startswith("一、 发展目标") for ln in lines)
    assert any(ln.startswith("(一) 总体目标") for ln in lines)
    assert run_cli(engine, ["show", "发展规划"]).exit_code == 0  # by title fragment


def test_show_unknown_plan(engine):
    result = run_cli(engine, ["show", "999"])
    assert result.exit_code == 4
    assert "找不到规划" in result.output


@pytest.mark.seeds
def test_ingest_all_seeds_quickly(engine):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    started = time.perf_counter()
    result = run_cli(engine, ["ingest", *files])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert row_counts(engine)["plans"] == len(files)
    assert elapsed < 10, f"ingesting the seeds took {elapsed:.1f} s"


@pytest.mark.parametrize("command", [[], ["init"], ["ingest"], ["plans"], ["show"], ["demo"]])
def test_every_command_has_help(engine, command):
    result = run_cli(engine, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
