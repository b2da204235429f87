"""Report a plan of 200 targets with 5 years of data as DOCX, and time it.

    .venv/bin/python bench/report.py [--targets 200] [--format docx] [--url sqlite:///...]

The budget is 5 s for the first DOCX report in a fresh process — evaluation, tasks and
projects read, sentences, tables, six charts (matplotlib imported on the way) and the
file written. Baseline measured in the same run: the evaluation of the same plan
(``evaluate_plan_targets``), which the report runs too. Printed: both times, a second
(warm) report, and last ``ratio N.NN`` = first report time / evaluation time.

The plan: 5 chapters of 40 targets (level, ≥ or ≤, 1–4 responsible units), observations
2019–2023 on a noisy path that leaves about a third of the targets behind, 40 key tasks
(some overdue) and 10 projects.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eduplan.services.evaluation.reports import render_report  # noqa: E402
from eduplan.services.evaluation.results import evaluate_plan_targets  # noqa: E402
from eduplan.store.db import make_engine, unit_of_work  # noqa: E402
from eduplan.store.migrate import upgrade  # noqa: E402
from eduplan.store.models import (  # noqa: E402
    Indicator,
    Observation,
    Plan,
    Project,
    Region,
    ResponsibleUnit,
    Section,
    Target,
    Task,
)

BUDGET_SECONDS = 5.0
CHAPTERS = ("发展目标", "学前教育", "义务教育", "教师队伍", "保障措施")
UNITS = ("县教育局", "县发改局", "县财政局", "县人社局", "县自然资源局", "县卫健局", "各乡镇人民政府")


def build(url: str, targets: int, *, seed: int = 7) -> int:
    rng = random.Random(seed)
    upgrade(url)
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        county = Region(code="980101", name="基准县", level="county")
        units = [ResponsibleUnit(name=n) for n in UNITS]
        session.add_all([county, *units])
        text = "基准县教育事业发展“十四五”规划\n" + "".join(f"{'一二三四五'[i]}、{c}\n" for i, c in enumerate(CHAPTERS))
        plan = Plan(title="基准县教育事业发展“十四五”规划", region_name="基准县", doc_type="plan", period_start=2021,
                    period_end=2025, base_year=2020, source_name="bench.txt", sha256="b" * 64, text=text)
        session.add(plan)
        session.flush()
        plan.region_id = county.id
        sections = []
        for i, title in enumerate(CHAPTERS):
            s = Section(plan_id=plan.id, position=i, level=1, number=f"{'一二三四五'[i]}、", title=title, start=i, end=i + 1)
            session.add(s)
            sections.append(s)
        session.flush()
        per_chapter = targets // len(CHAPTERS)
        for n in range(targets):
            down = n % 7 == 3
            unit = "%"
            baseline = rng.uniform(20, 60) if down else rng.uniform(40, 80)
            goal = baseline - rng.uniform(5, 15) if down else baseline + rng.uniform(5, 18)
            indicator = Indicator(name=f"基准指标{n:03d}", unit=unit, kind="level", direction="down" if down else "up",
                                  precision=1, max_value=Decimal(100))
            session.add(indicator)
            session.flush()
            speed = rng.choice((1.1, 1.0, 0.9, 0.7, 0.4, -0.2))
            for year in range(2019, 2024):
                planned = baseline + (goal - baseline) * (year - 2020) / 5
                value = baseline + (planned - baseline) * speed + rng.uniform(-0.3, 0.3)
                session.add(Observation(indicator_id=indicator.id, region_id=county.id, year=year,
                                        value=Decimal(f"{value:.1f}"), unit=unit, source="基准数据"))
            target = Target(plan_id=plan.id, section_id=sections[min(n // per_chapter, len(CHAPTERS) - 1)].id,
                            indicator_id=indicator.id, region_id=county.id, indicator_name=f"基准指标{n:03d}",
                            comparator="<=" if down else ">=", value=Decimal(f"{goal:.1f}"), unit=unit, year=2025,
                            kind="target", quote=f"到2025年，基准指标{n:03d}达到{goal:.1f}%。", start=n, end=n + 1,
                            review_state="confirmed")
            target.units = rng.sample(units, rng.randint(1, 4))
            session.add(target)
        for n in range(40):
            task = Task(plan_id=plan.id, section_id=sections[n % len(CHAPTERS)].id, number=f"{n + 1}.",
                        title=f"基准任务{n + 1}", due_year=rng.choice((2022, 2023, 2024, 2025)),
                        status=rng.choice(("not_started", "in_progress", "done")), progress=rng.randint(0, 100))
            task.units = rng.sample(units, rng.randint(1, 3))
            session.add(task)
        for n in range(10):
            session.add(Project(plan_id=plan.id, section_id=sections[-1].id, name=f"基准项目{n + 1}",
                                investment=Decimal(rng.randint(1, 50) * 10_000_000), seats=rng.randint(3, 30) * 90,
                                investment_done=Decimal(rng.randint(0, 10) * 10_000_000), year=2024))
        session.flush()
        plan_id = plan.id
    engine.dispose()
    return plan_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--format", default="docx", choices=("docx", "html", "md", "xlsx"))
    parser.add_argument("--url", help="SQLAlchemy URL of an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        plan_id = build(url, args.targets)
        engine = make_engine(url)
        evaluate_plan_targets(engine, plan_id, as_of=2023)  # warm the query path and the engine's imports
        t0 = time.perf_counter()
        result = evaluate_plan_targets(engine, plan_id, as_of=2023)
        evaluation = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = render_report(engine, plan_id, as_of=2023, fmt=args.format)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        render_report(engine, plan_id, as_of=2023, fmt=args.format)
        warm = time.perf_counter() - t0
        engine.dispose()
    counts = {s.value: n for s, n in result.evaluation.summary.counts.items() if n}
    print(f"plan: {len(result.targets)} targets, 5 years of data; statuses {counts}")
    print(f"evaluation (baseline):  {evaluation:6.3f} s")
    print(f"report {args.format} (first):  {first:6.3f} s  ({len(report.content) / 1024:.0f} KB, "
          f"{len(report.context.supervision)} supervision rows)  budget {BUDGET_SECONDS:.0f} s: "
          f"{'ok' if first < BUDGET_SECONDS else 'OVER'}")
    print(f"report {args.format} (warm):   {warm:6.3f} s")
    print(f"ratio {first / evaluation:.2f}")


if __name__ == "__main__":
    main()
