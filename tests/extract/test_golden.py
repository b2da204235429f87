"""Golden files: documents we wrote ourselves beside the targets they must give.

``pytest tests/extract/test_golden.py --update-golden`` rewrites the expected files; review
the diff in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduplan.extract import extract_document
from eduplan.ingest import read_document

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.txt"))
FIELDS = ("indicator", "comparator", "value", "unit", "year", "kind")


def summary(path: Path) -> dict:
    doc = read_document(path)
    ex = extract_document(doc)
    return {
        "targets": [{k: t.to_dict()[k] for k in FIELDS} for t in ex.targets],
        "tasks": [{"title": k.title, "responsible_units": k.responsible_units} for k in ex.tasks],
        "projects": [{"name": p.name, "investment": p.to_dict()["investment"], "seats": p.seats} for p in ex.projects],
    }


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path, request):
    expected_path = path.with_suffix(".expected.json")
    got = summary(path)
    if request.config.getoption("--update-golden") or not expected_path.exists():
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
