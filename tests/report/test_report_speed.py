"""A 200-target plan with 5 years of data reports as DOCX in under 5 s (the bench, run as a test)."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from eduplan.services.reports import render_report
from eduplan.store.db import make_engine

BENCH = Path(__file__).resolve().parents[2] / "bench" / "report.py"


@pytest.mark.slow
def test_200_target_docx_report_within_budget(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_report", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    plan_id = bench.build(url, 200)
    engine = make_engine(url)
    try:
        t0 = time.perf_counter()
        report = render_report(engine, plan_id, as_of=2023, fmt="docx")
        seconds = time.perf_counter() - t0
    finally:
        engine.dispose()
    print(f"200-target DOCX report: {seconds:.2f} s")
    assert len(report.context.targets) == 200
    assert seconds < bench.BUDGET_SECONDS
