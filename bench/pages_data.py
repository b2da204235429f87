"""A large synthetic database for loading the web pages (bench/web_pages.py).

    python bench/pages_data.py postgresql+psycopg://…/db [--counties 3000] [--indicators 300] [--years 10]

Builds, in an empty database: one province, 100 cities and ``--counties`` counties; the
shipped indicator dictionary topped up to ``--indicators`` indicators; one plan of the
first county with ten chapters and one target per indicator (2025, ≥ a value just above
the trend, so statuses vary); ``counties × indicators × years`` observations ending in
2023 (generate_series in SQL on PostgreSQL: 9 M rows in about two minutes); a few hundred
audit entries; accounts ``viewer`` / ``planner`` with password ``bench-pass-1``.
"""

from __future__ import annotations

import argparse
import hashlib
import time

from sqlalchemy import text

from eduplan.services.accounts.users import create_user
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.store.db import make_engine, unit_of_work
from eduplan.store.migrate import upgrade
from eduplan.store.models import AuditEntry, Indicator, Plan, Region, ResponsibleUnit, Section, Target

PASSWORD = "bench-pass-1"


def build(url: str, *, counties: int, indicators: int, years: int) -> None:
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    load_indicators(engine)
    with unit_of_work(engine) as session:
        province = Region(code="900000", name="基准省", level="province")
        session.add(province)
        session.flush()
        cities = []
        for c in range(100):
            city = Region(code=f"9{c + 1:02d}000", name=f"基准市{c}", level="city", parent_id=province.id)
            session.add(city)
            cities.append(city)
        session.flush()
        session.execute(Region.__table__.insert(), [
            {"code": f"8{n:05d}", "name": f"基准县{n}", "level": "county", "parent_id": cities[n % 100].id}
            for n in range(counties)])
        have = session.query(Indicator).count()
        extra = [{"name": f"基准指标{n}", "unit": "%", "direction": "up", "kind": "level", "precision": 1,
                  "max_value": 100, "needs_review": False, "version": 1} for n in range(max(0, indicators - have))]
        if extra:  # an empty executemany would insert one row of defaults
            session.execute(Indicator.__table__.insert(), extra)
        first = session.query(Region).filter_by(code="800000").one()
        plan = Plan(title="基准县教育事业发展“十四五”规划", region_id=first.id, region_name=first.name, doc_type="plan",
                    period_start=2021, period_end=2025, base_year=2020, source_name="bench.txt",
                    sha256=hashlib.sha256(b"bench plan").hexdigest(), text="基准县教育事业发展“十四五”规划")
        session.add(plan)
        session.flush()
        chapters = []
        for k in range(10):
            section = Section(plan_id=plan.id, position=k, level=1, number=f"{'一二三四五六七八九十'[k]}、",
                              title=f"第{k + 1}章任务", start=k, end=k + 1)
            session.add(section)
            chapters.append(section)
        units = [ResponsibleUnit(name=f"基准单位{u}") for u in range(5)]
        session.add_all(units)
        session.flush()
        for n, (indicator_id, name) in enumerate(session.query(Indicator.id, Indicator.name).order_by(Indicator.id)):
            target = Target(plan_id=plan.id, section_id=chapters[n % 10].id, indicator_id=indicator_id,
                            region_id=first.id, indicator_name=name, comparator=">=", value=80 + n % 20,
                            unit="%", year=2025, kind="target", quote=f"到2025年，{name}达到{80 + n % 20}%",
                            start=n, end=n + 1, review_state="confirmed", units=[units[n % 5]])
            session.add(target)
        session.add_all(AuditEntry(action="update", object_type="observation", object_id=n,
                                   summary=f"基准数据修改 {n}", old={"value": "1"}, new={"value": "2"})
                        for n in range(300))
    print(f"regions, indicators, plan: {time.perf_counter() - started:.1f} s")
    last = 2023
    with engine.begin() as conn:
        conn.execute(text("""
            INSERT INTO observations (indicator_id, region_id, year, value, unit, recorded_at, version)
            SELECT i.id, r.id, y,
                   round((60 + (i.id % 20) + (y - CAST(:first AS integer)) * (0.4 + ((r.id * 7 + i.id) % 13) / 10.0)
                          - ((r.id + i.id) % 5))::numeric, 1),
                   '%', now(), 1
            FROM indicators i CROSS JOIN regions r CROSS JOIN generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS y
            WHERE r.level = 'county'
        """), {"first": last - years + 1, "last": last})
        conn.execute(text("ANALYZE"))
    print(f"observations: {time.perf_counter() - started:.1f} s")
    for username, role in (("viewer", "viewer"), ("planner", "planner")):
        create_user(engine, username, PASSWORD, role, display_name=f"基准{role}")
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM observations")).scalar_one()
    print(f"done: {n:,} observations in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--counties", type=int, default=3000)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    build(args.url, counties=args.counties, indicators=args.indicators, years=args.years)


if __name__ == "__main__":
    main()
