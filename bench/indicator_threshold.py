"""Measure the indicator matcher: precision and recall per threshold on the labelled names.

    .venv/bin/python bench/indicator_threshold.py [--scorer ratio|partial_ratio|token_set_ratio|WRatio]
                                                  [--holdout | --qualifiers | --all] [--misses]

Reads tests/services/dictionary/data/indicator_names.csv (name, expected canonical name or empty)
and the shipped dictionary eduplan/samples/indicators.yaml. The baseline row is exact
matching after normalisation only (what you get with threshold 100). ``--qualifiers``
measures the qualifier set (特殊教育/残疾, 农村/城区, 公办/民办, 职高/普高, 随迁子女, 男/女 …
beside the general indicators), ``--all`` the three sets together (198 names).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from rapidfuzz import fuzz

from eduplan.services.dictionary import matching
from eduplan.services.dictionary.indicator_specs import parse_dictionary, sample_dictionary_text

DATA = Path(__file__).resolve().parent.parent / "tests" / "services" / "dictionary" / "data"
LABELS = DATA / "indicator_names.csv"  # written first; the normaliser was tuned on it
HOLDOUT = DATA / "indicator_names_holdout.csv"  # written after tuning (seed-style names); not tuned on
QUALIFIERS = DATA / "indicator_names_qualifiers.csv"  # qualified names beside the general ones (issue 10)
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
    parser.add_argument("--qualifiers", action="store_true", help="measure on the qualifier set instead")
    parser.add_argument("--all", action="store_true", help="measure on all three sets together")
    parser.add_argument("--misses", action="store_true", help="list wrong and missed links at the chosen threshold")
    args = parser.parse_args(argv)
    if args.scorer:
        matching.SCORER = getattr(fuzz, args.scorer)
    if args.all:
        pairs, label = labelled(LABELS) + labelled(HOLDOUT) + labelled(QUALIFIERS), "all"
    elif args.qualifiers:
        pairs, label = labelled(QUALIFIERS), "qualifier"
    else:
        pairs, label = labelled(HOLDOUT if args.holdout else LABELS), "held-out" if args.holdout else "tuning"
    matcher = dictionary_matcher()
    print(f"{label} set: {len(pairs)} labelled names ({sum(e is not None for _, e in pairs)} with an indicator); "
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
