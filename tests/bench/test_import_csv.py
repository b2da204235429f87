"""100,000 CSV rows import in under 30 s on SQLite (the bench, run as a test)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "import_csv.py"


@pytest.mark.slow
def test_import_100k_rows_within_budget():
    spec = importlib.util.spec_from_file_location("bench_import_csv", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    t = bench.run(100_000)
    print(f"first import {t['first_import']:.2f} s, unchanged {t['unchanged_import']:.2f} s, "
          f"changed {t['changed_import']:.2f} s (csv read alone {t['baseline_read']:.2f} s)")
    assert t["first_import_rows"] == 100_000 and t["observations"] == 100_000
    assert t["first_import"] < bench.BUDGET_SECONDS
