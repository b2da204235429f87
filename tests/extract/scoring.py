"""Score extraction against hand-made gold with the shared scorer (../shared/tools).

One way for every scored test: each document's ``eduplan extract`` JSON (its quotes checked
against the text) written to a folder, then the scorer's strict F1 read from its report.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from eduplan.extract import extract_document
from eduplan.extract.output import extraction_json
from eduplan.ingest import Document, read_document
from tests.conftest import SHARED

SCORER = SHARED / "tools" / "score_extraction.py"
_DOC_LINE = re.compile(r"^(\S+): gold \d+ pred \d+ \| strict P [\d.]+ R [\d.]+ F1 ([\d.]+)")


@dataclass(frozen=True)
class Score:
    overall: float  # strict F1 over all documents
    per_doc: dict[str, float]  # document stem → strict F1
    report: str  # the scorer's output

    @property
    def last_line(self) -> str:
        return self.report.strip().splitlines()[-1]


def write_prediction(doc: Document, path: Path) -> None:
    """The extraction JSON of ``doc`` at ``path``; every quote must be the text at its offsets."""
    data = extraction_json(doc, extract_document(doc))
    for t in data["targets"]:
        assert doc.text[t["start"]:t["end"]] == t["quote"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def predict_folder(folder: Path, out: Path) -> Path:
    """Predictions for every .txt of ``folder``, one ``<stem>.json`` each, in ``out``."""
    for path in sorted(folder.glob("*.txt")):
        write_prediction(read_document(path), out / f"{path.stem}.json")
    return out


def score(gold: Path, pred: Path) -> Score:
    result = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred)],
                            capture_output=True, text=True, check=True)
    print(result.stdout)
    lines = result.stdout.strip().splitlines()
    per_doc = {m.group(1): float(m.group(2)) for m in map(_DOC_LINE.match, lines) if m}
    return Score(float(lines[-1].split()[2]), per_doc, result.stdout)
