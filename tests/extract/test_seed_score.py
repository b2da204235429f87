"""The seed documents and the corpus of other genres against their hand-checked gold
annotations, with the shared scorer.

The floors only ever rise. They skip when ../shared is not beside the checkout. Per-genre
scores: ``.venv/bin/python bench/extract_scores.py``.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import GOLD, SEEDS, SHARED
from tests.extract.scoring import SCORER, predict_folder, score

FLOOR = 0.96
CORPUS_FLOOR = 0.93
CORPUS = SHARED / "corpus" / "docs"
CORPUS_GOLD = SHARED / "corpus" / "gold"

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    if not (SEEDS.is_dir() and GOLD.is_dir() and SCORER.exists()):
        pytest.skip("../shared (seeds, gold, scorer) is not beside the checkout")
    return predict_folder(SEEDS, tmp_path_factory.mktemp("pred"))


@pytest.fixture(scope="module")
def corpus_predictions(tmp_path_factory):
    if not (CORPUS.is_dir() and CORPUS_GOLD.is_dir() and SCORER.exists()):
        pytest.skip("../shared/corpus is not beside the checkout")
    return predict_folder(CORPUS, tmp_path_factory.mktemp("corpus"))


def _strict(gold, pred) -> tuple[float, str]:
    scored = score(gold, pred)
    return scored.overall, scored.last_line


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
