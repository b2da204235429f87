"""bench/evaluate.py --small runs end to end and prints its ratio line (the full-size
run is a manual benchmark: .venv/bin/python bench/evaluate.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_small_bench_prints_a_ratio(tmp_path):
    # never the suite's database: the bench replaces the schema of the one it is given;
    # with PostgreSQL installed it starts its own throwaway cluster
    env = {k: v for k, v in os.environ.items() if k != "EDUPLAN_BENCH_DATABASE_URL"}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "evaluate.py"), "--small", "--repeat", "1"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(r"ratio \d+\.\d\d", lines[-1]), lines[-1]
    assert re.search(r"peak memory \d+ MB", done.stdout)
    assert "sqlite:   (a) evaluate 30 targets × 100 counties" in done.stdout
