"""The seed documents and the corpus of other genres against their hand-checked gold
annotations, with the shared scorer.

The floors only ever rise. They skip when ../shared is not beside the checkout. Per-genre
scores: ``.venv/bin/python bench/extract_scores.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from eduplan.extract import extract_document
from eduplan.extract.output import extraction_json
from eduplan.ingest import read_document
from tests.conftest import GOLD, SEEDS, SHARED

FLOOR = 0.96
CORPUS_FLOOR = 0.93
SCORER = SHARED / "tools" / "score_extraction.py"
CORPUS = SHARED / "corpus" / "docs"
CORPUS_GOLD = SHARED / "corpus" / "gold"

pytestmark = pytest.mark.seeds


def _predict(folder, out):
    for path in sorted(folder.glob("*.txt")):
        doc = read_document(path)
        data = extraction_json(doc, extract_document(doc))
        (out / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for t in data["targets"]:
            assert doc.text[t["start"]:t["end"]] == t["quote"]
    return out


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    if not (SEEDS.is_dir() and GOLD.is_dir() and SCORER.exists()):
        pytest.skip("../shared (seeds, gold, scorer) is not beside the checkout")
    return _predict(SEEDS, tmp_path_factory.mktemp("pred"))


@pytest.fixture(scope="module")
def corpus_predictions(tmp_path_factory):
    if not (CORPUS.is_dir() and CORPUS_GOLD.is_dir() and SCORER.exists()):
        pytest.skip("../shared/corpus is not beside the checkout")
    return _predict(CORPUS, tmp_path_factory.mktemp("corpus"))


def _strict(gold, pred) -> tuple[float, str]:
    result = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred)],
                            capture_output=True, text=True, check=True)
    print(result.stdout)
    last = result.stdout.strip().splitlines()[-1]
    return float(last.split()[2]), last


def test_strict_f1_on_seed_gold(predictions):
    strict, last = _strict(GOLD, predictions)
    assert strict >= FLOOR, last


def test_strict_f1_on_the_corpus_of_other_genres(corpus_predictions):
    strict, last = _strict(CORPUS_GOLD, corpus_predictions)
    assert strict >= CORPUS_FLOOR, last


def test_every_corpus_document_has_a_genre_and_results_documents_a_year(corpus_predictions):
    for path in sorted(corpus_predictions.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))["document"]
        assert document["genre"], path.name
        if document["genre"] in ("statistics", "yearbook", "summary", "gov_report", "minsheng_progress"):
            assert document["reporting_year"], path.name


def test_every_seed_document_has_targets(predictions):
    files = sorted(predictions.glob("*.json"))
    assert len(files) == len(list(SEEDS.glob("*.txt")))
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["targets"], path.name
        assert set(data) == {"document", "sections", "targets", "tasks", "projects"}
