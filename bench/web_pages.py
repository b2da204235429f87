"""Response times of the dashboard and indicator pages under concurrent clients.

    python bench/web_pages.py http://127.0.0.1:8123 USER PASSWORD [--clients 20] [--seconds 20]
        [--path /] [--path /indicators] ...

Signs every client in first (argon2 is deliberately slow), requests each path once to warm
up, then each client requests the paths in turn for ``--seconds``.
Prints count, p50, p95 and max per path, and the ratio of each page's p95 to the p95 of
``/healthz`` measured in the same run (the baseline: the server's own overhead).
Default paths: the dashboard, a year change fragment, the region comparison fragment,
the indicator list and the first indicator linked to the default plan.
"""

from __future__ import annotations

import argparse
import re
import statistics
import threading
import time
from collections import defaultdict

import httpx


def sign_in(base: str, user: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    form = client.get("/login").text  # the token is in the form (the cookie holds it signed)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post("/login", data={"username": user, "password": password, "csrf_token": token})
    if response.status_code != 303:
        raise SystemExit(f"sign-in failed: {response.status_code} {response.text[:200]}")
    return client


def default_paths(client: httpx.Client) -> list[str]:
    page = client.get("/").text
    plan = re.search(r'name="plan"[^>]*>\s*<option value="(\d+)"', page)
    year = re.search(r'<option value="(\d+)" selected>\d+年', page)
    indicator = re.search(r'href="/indicators/(\d+)\?plan=', page) or re.search(r'name="indicator".*?value="(\d+)"',
                                                                             page, re.S)
    paths = ["/healthz", "/", "/indicators"]
    if plan and year:
        paths.append(f"/?plan={plan.group(1)}&as_of={int(year.group(1)) - 1}#fragment")
        if indicator:
            paths.append(f"/dashboard/regions?plan={plan.group(1)}&as_of={year.group(1)}&indicator={indicator.group(1)}")
    if indicator:
        paths.append(f"/indicators/{indicator.group(1)}")
    return paths


def run(base: str, user: str, password: str, paths: list[str] | None, clients: int, seconds: float
        ) -> dict[str, list[float]]:
    sessions = [sign_in(base, user, password) for _ in range(clients)]  # before the clock: argon2 is slow
    paths = paths or default_paths(sessions[0])
    for path in paths:  # warm up: the first request of each path fills the view cache
        sessions[0].get(path.partition("#")[0])
    timings: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(n: int) -> None:
        client = sessions[n]
        i = n
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            url, _, mark = path.partition("#")
            headers = {"HX-Request": "true", "HX-Target": "dashboard-panels"} if mark == "fragment" else {}
            t = time.perf_counter()
            response = client.get(url, headers=headers)
            elapsed = time.perf_counter() - t
            with lock:
                timings[path].append(elapsed)
                if response.status_code != 200:
                    failures[path] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    base_p95 = p95(timings["/healthz"]) if timings.get("/healthz") else None
    print(f"{clients} clients, {seconds:.0f} s, {base}")
    print(f"{'path':<64} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p95/healthz':>11} fail")
    for path in paths:
        values = timings[path]
        if not values:
            continue
        ratio = f"{p95(values) / base_p95:.1f}" if base_p95 else "-"
        print(f"{path:<64} {len(values):>5} {statistics.median(values) * 1000:>8.1f} {p95(values) * 1000:>8.1f} "
              f"{quantile(values, 0.99) * 1000:>8.1f} {max(values) * 1000:>8.1f} {ratio:>11} {failures[path]}")
    timings["__failures__"] = [float(sum(failures.values()))]
    return timings


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def p95(values: list[float]) -> float:
    return quantile(values, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base")
    parser.add_argument("user")
    parser.add_argument("password")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--path", action="append", dest="paths")
    args = parser.parse_args()
    run(args.base.rstrip("/"), args.user, args.password, args.paths, args.clients, args.seconds)


if __name__ == "__main__":
    main()
