"""The seed documents against their hand-checked gold annotations, with the shared scorer.

The floor only ever rises. It skips when ../shared is not beside the checkout.
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

FLOOR = 0.955
SCORER = SHARED / "tools" / "score_extraction.py"

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    if not (SEEDS.is_dir() and GOLD.is_dir() and SCORER.exists()):
        pytest.skip("../shared (seeds, gold, scorer) is not beside the checkout")
    out = tmp_path_factory.mktemp("pred")
    for path in sorted(SEEDS.glob("*.txt")):
        doc = read_document(path)
        data = extraction_json(doc, extract_document(doc))
        (out / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for t in data["targets"]:
            assert doc.text[t["start"]:t["end"]] == t["quote"]
    return out


def test_strict_f1_on_seed_gold(predictions):
    result = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD), "--pred", str(predictions)],
                            capture_output=True, text=True, check=True)
    last = result.stdout.strip().splitlines()[-1]
    strict = float(last.split()[2])
    print(result.stdout)
    assert strict >= FLOOR, last


def test_every_seed_document_has_targets(predictions):
    files = sorted(predictions.glob("*.json"))
    assert len(files) == len(list(SEEDS.glob("*.txt")))
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["targets"], path.name
        assert set(data) == {"document", "sections", "targets", "tasks", "projects"}
