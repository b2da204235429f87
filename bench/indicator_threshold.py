"""Measure the indicator matcher: precision and recall per threshold on the labelled names.

    .venv/bin/python bench/indicator_threshold.py [--scorer ratio|partial_ratio|token_set_ratio|WRatio]

Reads tests/monitoring/data/indicator_names.csv (name, expected canonical name or empty)
and the shipped dictionary eduplan/samples/indicators.yaml. The baseline row is exact
matching after normalisation only (what you get with threshold 100).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from rapidfuzz import fuzz

from eduplan.services import matching
from eduplan.services.indicator_specs import parse_dictionary, sample_dictionary_text

DATA = Path(__file__).resolve().parent.parent / "tests" / "monitoring" / "data"
LABELS = DATA / "indicator_names.csv"  # written first; the normaliser was tuned on it
HOLDOUT = DATA / "indicator_names_holdout.csv"  # written after tuning (seed-style names); not tuned on
THRESHOLDS = (60, 65, 70, 75, 80, 85, 88, 90, 95, 100)


def labelled(path: Path = LABELS) -> list[tuple[str, str | None]]:
    with path.open(encoding="utf-8") as fh:
        return [(r["name"], r["expected"] or None) for r in csv.DictReader(fh)]


def dictionary_matcher() -> matching.IndicatorMatcher:
    specs = parse_dictionary(sample_dictionary_text())
    return matching.IndicatorMatcher((i, s.name, s.aliases) for i, s in enumerate(specs, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorer", default=None, help="compare another rapidfuzz scorer")
    parser.add_argument("--holdout", action="store_true", help="measure on the held-out names instead")
    parser.add_argument("--misses", action="store_true", help="list wrong and missed links at the chosen threshold")
    args = parser.parse_args(argv)
    if args.scorer:
        matching.SCORER = getattr(fuzz, args.scorer)
    pairs = labelled(HOLDOUT if args.holdout else LABELS)
    matcher = dictionary_matcher()
    print(f"{'held-out' if args.holdout else 'tuning'} set: {len(pairs)} labelled names ({sum(e is not None for _, e in pairs)} with an indicator); "
          f"scorer {args.scorer or 'ratio'}")
    print("threshold  precision  recall   F1     (TP FP FN)")
    for m in matching.measure(matcher, pairs, THRESHOLDS):
        mark = "  <- chosen" if m.threshold == matching.THRESHOLD else ""
        print(f"  {m.threshold:>5.0f}     {m.precision:.3f}    {m.recall:.3f}   {m.f1:.3f}   "
              f"({m.tp:>2} {m.fp:>2} {m.fn:>2}){mark}")
    if args.misses:
        for name, expected in pairs:
            hit = matcher.match(name)
            got = hit.name if hit else None
            if got != expected:
                best = matcher.candidates(name, limit=1)
                shown = f"{best[0].name} {best[0].score:.0f}" if best else "-"
                print(f"  {name}: expected {expected}, got {got}  (best {shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
