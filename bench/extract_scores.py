"""Extraction scores on the seeds and the corpus, per document genre.

    .venv/bin/python bench/extract_scores.py [--verbose] [--only STEM]

Reads every document of ../shared/seeds and ../shared/corpus/docs, extracts it in
process, writes the predictions to a temporary folder and scores them with the shared
scorer (../shared/tools/score_extraction.py): one line per genre and per set, the strict F1
last. Needs ../shared beside the checkout.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "tests" / "samples"
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "gold"),
    "corpus": (SHARED / "corpus" / "docs", SHARED / "corpus" / "gold"),
    # documents we wrote ourselves, with hand gold in the same conventions
    "own": (SAMPLES / "owndocs", SAMPLES / "owndocs" / "gold"),
    "own_plans": (SAMPLES / "owndocs_plans", SAMPLES / "owndocs_plans" / "gold"),
    "longplan": (SAMPLES / "longplan", SAMPLES / "longplan" / "gold"),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(doc_dir: Path, out: Path, only: str | None = None) -> dict[str, str]:
    """Extract every document into ``out``; return stem → genre."""
    sys.path.insert(0, str(ROOT))
    from eduplan.extract import extract_document
    from eduplan.extract.output import extraction_json
    from eduplan.ingest import read_document

    genres: dict[str, str] = {}
    for path in sorted(doc_dir.glob("*.txt")):
        if only and only not in path.stem:
            continue
        doc = read_document(path)
        data = extraction_json(doc, extract_document(doc))
        (out / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        genres[path.stem] = data["document"].get("genre") or data["document"].get("type") or "?"
    return genres


def score(scorer, gold_dir: Path, pred_dir: Path, stems: list[str], verbose: bool) -> tuple[int, int, int]:
    tp = n_gold = n_pred = 0
    for stem in stems:
        gold = scorer.dedupe(scorer.load_gold(gold_dir / f"{stem}.jsonl"))
        pred_path = pred_dir / f"{stem}.json"
        pred = scorer.dedupe(scorer.load_pred(pred_path)) if pred_path.exists() else []
        m = scorer.match(gold, pred, strict=True)
        tp, n_gold, n_pred = tp + len(m), n_gold + len(gold), n_pred + len(pred)
        if verbose:
            _, _, f = scorer.prf(len(m), len(gold), len(pred))
            print(f"  {stem}: gold {len(gold)} pred {len(pred)} strict F1 {f:.3f}")
            mg = {i for i, _ in m}
            mp = {j for _, j in m}
            for i, g in enumerate(gold):
                if i not in mg:
                    print(f"    MISS  {scorer.fmt(g)}  «{g.get('quote')}»")
            for j, p in enumerate(pred):
                if j not in mp:
                    print(f"    EXTRA {scorer.fmt(p)}  «{p.get('quote', '')}»")
    return tp, n_gold, n_pred


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", action="store_true", help="list misses and spurious records per document")
    ap.add_argument("--only", help="only documents whose name contains this")
    ap.add_argument("--set", choices=sorted(SETS), action="append", help="score only this set (repeatable)")
    args = ap.parse_args(argv)
    if not (SHARED / "tools" / "score_extraction.py").exists():
        print("../shared is not beside the checkout: nothing to score", file=sys.stderr)
        return 2
    scorer = _scorer()
    last = ""
    for name in args.set or sorted(SETS, reverse=True):
        doc_dir, gold_dir = SETS[name]
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            with contextlib.redirect_stdout(io.StringIO()):
                genres = predict(doc_dir, out, args.only)
            by_genre: dict[str, list[str]] = defaultdict(list)
            for stem, genre in genres.items():
                if (gold_dir / f"{stem}.jsonl").exists():
                    by_genre[genre].append(stem)
            total = [0, 0, 0]
            for genre in sorted(by_genre):
                if args.verbose:
                    print(f"[{name} / {genre}]")
                tp, g, p = score(scorer, gold_dir, out, sorted(by_genre[genre]), args.verbose)
                total = [total[0] + tp, total[1] + g, total[2] + p]
                pr, rc, f1 = scorer.prf(tp, g, p)
                print(f"{name:7} {genre:14} docs {len(by_genre[genre]):2}  gold {g:4}  strict F1 {f1:.3f} (P {pr:.3f} R {rc:.3f})")
            pr, rc, f1 = scorer.prf(*total)
            last = f"{name} strict F1 {f1:.3f} (P {pr:.3f} R {rc:.3f}) gold {total[1]} pred {total[2]}"
            print(last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
