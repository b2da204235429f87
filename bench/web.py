"""The dashboard and indicator pages under load, on PostgreSQL at national scale.

    .venv/bin/python bench/web.py [--clients 20] [--seconds 60] [--workers 2] [--small]

One command: starts a throwaway PostgreSQL cluster (or uses ``EDUPLAN_BENCH_DATABASE_URL``,
whose contents are replaced), builds the national dataset — 3,000 counties × 300
indicators × 10 years = 9 M observations, a 300-target plan, audit history and accounts
(bench/pages_data.py) — starts ``eduplan serve`` on loopback, signs ``--clients`` clients in
and has them request the dashboard (full page and the htmx year switch), the region
comparison, the indicator list and an indicator page in turn for ``--seconds``
(bench/web_pages.py). ``/healthz`` is requested in the same rotation: it is the baseline,
the server's own overhead under the same load.

Prints p50/p95/p99 and errors per path and over all page requests; the last line reads
``pages p95 N ms, p99 N ms, errors N, ratio N.NN`` (ratio = pages p95 / healthz p95).
Target: p95 < 300 ms with 0 errors. ``--small`` uses 100 counties × 30 indicators.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pages_data  # noqa: E402
import web_pages  # noqa: E402
from evaluate import start_postgres  # noqa: E402


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--counties", type=int, default=3000)
    ap.add_argument("--indicators", type=int, default=300)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--small", action="store_true", help="100 counties × 30 indicators (a quick check)")
    args = ap.parse_args()
    if args.small:
        args.counties, args.indicators = 100, 30

    url = os.environ.get("EDUPLAN_BENCH_DATABASE_URL")
    cluster = None
    if not url:
        cluster = start_postgres()
        if cluster is None:
            raise SystemExit("PostgreSQL is not installed (apt-get install postgresql) and "
                             "EDUPLAN_BENCH_DATABASE_URL is not set")
        url = cluster[1]
    server = None
    try:
        from sqlalchemy import text

        from eduplan.store.db import make_engine

        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        started = time.perf_counter()
        pages_data.build(url, counties=args.counties, indicators=args.indicators, years=args.years)
        print(f"dataset: {args.counties} counties × {args.indicators} indicators × {args.years} years "
              f"({args.counties * args.indicators * args.years:,} observations) built in "
              f"{time.perf_counter() - started:.0f} s")

        port = free_port()
        env = {**os.environ, "EDUPLAN_DATABASE_URL": url, "EDUPLAN_SECRET_KEY": "bench-secret",
               "EDUPLAN_LOGIN_RATE_LIMIT": "1000"}
        log = open(ROOT / "var" / "bench-web-server.log", "w") if (ROOT / "var").is_dir() else subprocess.DEVNULL
        server = subprocess.Popen([sys.executable, "-m", "eduplan", "serve", "--port", str(port),
                                   "--workers", str(args.workers)], env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(base + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")

        timings = web_pages.run(base, "viewer", pages_data.PASSWORD, None, args.clients, args.seconds)
        errors = int(timings.pop("__failures__", [0])[0])
        pages = [v for path, values in timings.items() if path != "/healthz" for v in values]
        health = timings.get("/healthz", [])
        p95 = web_pages.quantile(pages, 0.95) * 1000
        p99 = web_pages.quantile(pages, 0.99) * 1000
        p50 = web_pages.quantile(pages, 0.50) * 1000
        base_p95 = web_pages.quantile(health, 0.95) * 1000 if health else float("nan")
        print(f"all pages: {len(pages)} requests, p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms; "
              f"healthz p95 {base_p95:.1f} ms; {args.workers} worker(s); target p95 < 300 ms with 0 errors")
        print(f"pages p95 {p95:.0f} ms, p99 {p99:.0f} ms, errors {errors}, ratio {p95 / base_p95:.2f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if cluster is not None:
            subprocess.run(["bash", str(ROOT / "scripts" / "pg_throwaway.sh"), "stop", cluster[0]], check=False)


if __name__ == "__main__":
    main()
