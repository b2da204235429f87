"""Achieved values read from bulletins and summaries, proposed as monitoring data: scored
against the corpus gold (value, unit, year) per document, links to the dictionary checked."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from eduplan.extract import extract_document
from eduplan.extract.records import Extraction, TargetRecord
from eduplan.ingest import read_document, read_text
from eduplan.services.dictionary.indicator_specs import parse_dictionary, sample_dictionary_text
from eduplan.services.dictionary.matching import IndicatorMatcher
from eduplan.services.monitoring.proposals import propose
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
SPECS = parse_dictionary(sample_dictionary_text())
MATCHER = IndicatorMatcher([(i, s.name, s.aliases) for i, s in enumerate(SPECS, 1)])
UNITS = {i: s.unit for i, s in enumerate(SPECS, 1)}
GENRES = ("statistics", "yearbook", "summary")  # the bulletins and summaries of the corpus


def _corpus_documents():
    if not (CORPUS / "docs").is_dir():
        return []
    out = []
    for path in sorted((CORPUS / "docs").glob("*.txt")):
        doc = read_document(path)
        if doc.doc_type in GENRES:
            out.append(pytest.param(path, id=path.stem))
    return out


DOCUMENTS = _corpus_documents()


@pytest.mark.seeds
@pytest.mark.skipif(not DOCUMENTS, reason="../shared/corpus is not beside the checkout")
@pytest.mark.parametrize("path", DOCUMENTS)
def test_proposals_of_a_bulletin_or_summary_are_its_gold_results(path):
    doc = read_document(path)
    gold = [json.loads(line) for line in (CORPUS / "gold" / f"{path.stem}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    results = {(float(g["value"]), g["unit"], g["year"]) for g in gold if g["kind"] == "actual" and g["value"] is not None}
    proposals, _skipped = propose(extract_document(doc), MATCHER, UNITS.get, doc.text)
    assert proposals
    right = [p for p in proposals if (float(p.value), p.unit, p.year) in results]
    precision = len(right) / len(proposals)
    print(f"{path.stem}: {len(proposals)} proposals, precision {precision:.3f}")
    assert precision >= 0.95, [(p.name, p.value, p.unit, p.year) for p in proposals if p not in right]


@pytest.mark.seeds
@pytest.mark.skipif(not DOCUMENTS, reason="../shared/corpus is not beside the checkout")
def test_proposals_are_linked_to_the_indicator_their_gold_name_links_to():
    linked = right = 0
    for param in DOCUMENTS:
        path = param.values[0]
        doc = read_document(path)
        gold = [json.loads(line) for line in (CORPUS / "gold" / f"{path.stem}.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
        by_key: dict[tuple, list[str]] = {}
        for g in gold:
            if g["kind"] == "actual" and g["value"] is not None:
                by_key.setdefault((float(g["value"]), g["unit"], g["year"]), []).append(g["indicator"])
        for p in propose(extract_document(doc), MATCHER, UNITS.get, doc.text)[0]:
            names = by_key.get((float(p.value), p.unit, p.year), [])
            wanted = {m.indicator_id for m in (MATCHER.match(n) for n in names) if m}
            if len(wanted) == 1:  # the gold figure names one dictionary indicator
                linked += 1
                right += p.indicator_id in wanted
    print(f"linked to the gold name's indicator: {right}/{linked}")
    assert linked >= 8 and right / linked >= 0.8


def test_a_bulletin_gives_levels_not_changes_or_typos():
    doc = read_text("示范县2022年教育统计公报\n\n全县学前三年毛入园率98.6%,比上年提高0.4个百分点。"
                    "小学招生5200人,较上年减少1.06人;在校生3.1万人。义务教育巩固率100%。")
    proposals, skipped = propose(extract_document(doc), MATCHER, UNITS.get, doc.text)
    got = {(p.indicator or p.name, float(p.value), p.unit, p.year) for p in proposals}
    assert ("学前三年毛入园率", 98.6, "%", 2022) in got
    assert ("义务教育巩固率", 100, "%", 2022) in got
    assert ("小学在校生", 31000, "人", 2022) in got
    reasons = {s.reason[:6] for s in skipped}
    assert any("变化量" in s.reason for s in skipped) and any("整数" in s.reason for s in skipped), reasons


def test_a_value_in_another_unit_is_converted_to_the_indicators_unit():
    matcher = IndicatorMatcher([(1, "财政性教育经费投入", [])])
    record = TargetRecord(indicator="财政性教育经费投入", comparator="=", value=Decimal("386000000"), unit="元", year=2020,
                          kind="actual", quote="财政性教育经费投入3.86亿元", start=0, end=17)
    [p], _ = propose(Extraction(targets=[record]), matcher, {1: "亿元"}.get)
    assert (p.indicator_id, p.value, p.unit) == (1, Decimal("3.86"), "亿元")
