"""Run extraction on sentences we write ourselves, inside a minimal plan."""

from __future__ import annotations

from eduplan.extract import extract_document
from eduplan.extract.records import TargetRecord
from eduplan.ingest import read_text

PLAN_HEAD = "示范县教育事业发展“十四五”规划\n\n一、发展目标\n\n"


def targets(body: str, *, head: str = PLAN_HEAD) -> list[TargetRecord]:
    doc = read_text(head + body)
    found = extract_document(doc).targets
    for t in found:
        assert doc.text[t.start:t.end] == t.quote
    return found


def simple(body: str, **kw) -> list[tuple]:
    """(value, unit, year, kind, comparator) of every target, in text order."""
    return [(None if t.value is None else float(t.value), t.unit, t.year, t.kind, t.comparator)
            for t in sorted(targets(body, **kw), key=lambda t: t.start)]


def named(body: str, **kw) -> dict[str, tuple]:
    return {t.indicator: (None if t.value is None else float(t.value), t.unit, t.year, t.kind, t.comparator)
            for t in targets(body, **kw)}
