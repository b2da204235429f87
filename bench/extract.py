"""Extraction speed against word segmentation, measured in the same run.

Baseline: jieba.lcut over the same texts (tokenising is the least any Chinese text
pipeline does). Target: extraction costs at most three times tokenising. Also reports the
peak memory of extracting one 10 MB document (target < 500 MB).

    .venv/bin/python bench/extract.py [--repeat 5] [--seeds ../shared/seeds]

The last line reads ``ratio N.NN`` (extraction time / segmentation time).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_memory_10mb(texts: list[str]) -> tuple[float, float]:
    line = "".join(t.replace("\n", "") for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "huge.txt"
        path.write_text((line * (10_000_000 // len(line) + 1))[:10_000_000], encoding="utf-8")
        code = textwrap.dedent(f"""
            import re, time
            from eduplan.ingest import read_document
            from eduplan.extract import extract_document
            t = time.perf_counter()
            extract_document(read_document({str(path)!r}, max_bytes=1 << 30))
            # VmHWM: this process's own peak (ru_maxrss would carry the parent's across exec)
            with open("/proc/self/status") as status:
                peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
            print(time.perf_counter() - t, peak_kb / 1024)
        """)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--no-memory", action="store_true", help="skip the 10 MB memory measurement")
    args = ap.parse_args()

    import jieba

    from eduplan.extract import extract_document
    from eduplan.extract.ruleset import load_rules
    from eduplan.ingest import read_document

    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        sys.exit(f"no seed documents in {args.seeds}")
    docs = [read_document(p) for p in paths]
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    jieba.setLogLevel(60)
    jieba.initialize()  # dictionary load is set-up, not segmentation
    load_rules()

    seg = best_of(lambda: [jieba.lcut(t) for t in texts], args.repeat)
    ext = best_of(lambda: [extract_document(d) for d in docs], args.repeat)
    print(f"documents {len(docs)}, {chars} characters, median of {args.repeat} runs")
    print(f"jieba.lcut (baseline)  {seg * 1000:8.1f} ms")
    print(f"extract_document       {ext * 1000:8.1f} ms")
    if not args.no_memory:
        seconds, mb = peak_memory_10mb(texts)
        print(f"10 MB single-line document: read + extract {seconds:.1f} s, peak RSS {mb:.0f} MB (target < 500 MB)")
    print(f"ratio {ext / seg:.2f}")


if __name__ == "__main__":
    main()
