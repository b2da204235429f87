"""extract_document(doc) → Extraction: run every extractor, merge, de-duplicate.

The pipeline is pure: a Document in, plain records out; no database.
"""

from __future__ import annotations

import bisect

from eduplan.extract.clauses import clause_start
from eduplan.extract.context import DocumentContext
from eduplan.extract.directional import directional_targets
from eduplan.extract.enumerations import distribute, split_subjects, value_lists
from eduplan.extract.inline import InlineExtractor, Statement
from eduplan.extract.measures import assign_measures
from eduplan.extract.mentions import Mention, MentionFinder
from eduplan.extract.naming import strip_name
from eduplan.extract.projects import extract_projects
from eduplan.extract.records import Extraction, TargetRecord
from eduplan.extract.ruleset import RuleSet, load_rules
from eduplan.extract.similarity import name_similarity
from eduplan.extract.tables import table_targets
from eduplan.extract.tasks import extract_tasks
from eduplan.extract.years import find_years
from eduplan.ingest.document import Document


# Restatements of one goal share value, unit, year and kind and have alike names. Measured
# on the seed gold (strict F1 at thresholds 0.9/0.6/0.5/0.45/0.4: 0.954/0.954/0.957/0.958/
# 0.951): below 0.45 different indicators that share a value start to merge; 0.5 keeps a margin.
RESTATEMENT_SIMILARITY = 0.5
DIRECTIONAL_SIMILARITY = 0.8


def extract_document(doc: Document, *, rules: RuleSet | None = None) -> Extraction:
    rules = rules or load_rules()
    ctx = DocumentContext(doc, rules)
    text = doc.text
    table_records, flat_spans = table_targets(doc, ctx)
    skip = sorted([(t.start, t.end) for t in doc.tables] + list(doc.repeats) + flat_spans)
    finder = MentionFinder(rules)
    mentions = [m for m in finder.find(text) if not _inside(m.start, skip)]
    years = find_years(text)
    inline = InlineExtractor(text, ctx, rules, years, mentions)
    targets: list[TargetRecord] = list(table_records)
    previous_end = 0
    groups = value_lists(text, mentions)
    for gi, group in enumerate(groups):
        floor = max(previous_end, inline.sentences.start(group[0].start))
        next_start = groups[gi + 1][0].start if gi + 1 < len(groups) else None
        records = _enumeration(inline, group, floor, years) if len(group) > 1 else None
        if records is None:
            records = []
            for k, m in enumerate(group):
                ceiling = group[k + 1].start if k + 1 < len(group) else next_start
                st = inline.statement(m, max(floor, previous_end), ceiling)
                if st is not None:
                    records.extend(_shared_value(inline, st, max(floor, previous_end)))
                previous_end = m.end
        targets.extend(records)
        previous_end = group[-1].end
    numeric_spans = sorted((t.start, t.end) for t in targets)
    targets.extend(directional_targets(text, ctx, rules, inline, numeric_spans, skip))
    targets = [t for t in targets if t.indicator]
    _assign_sections(targets, ctx)
    targets = _dedupe(targets)
    projects = extract_projects(doc, mentions, targets)
    for p in projects:
        s = ctx.section_at(p.start)
        p.section = s.id if s else None
    return assign_measures(Extraction(targets=targets, tasks=extract_tasks(doc), projects=projects), doc)


def _enumeration(inline: InlineExtractor, group: list[Mention], floor: int, years) -> list[TargetRecord] | None:
    """分别 lists: zip values with subjects, or with the years of a range."""
    text = inline.text
    first = group[0]
    st = inline.statement(first, floor)
    if st is None:
        return None
    raw = text[clause_start(text, first.start, list_items=False, floor=floor):first.start]
    subject = strip_name(raw, inline.rules)
    parts = split_subjects(subject) if subject else []
    if len(parts) == len(group):
        names = distribute(parts)
        return [inline.record(Statement(m, n, st.name_start, st.name_end, st.comparator, st.plain_verb), name=n)
                for m, n in zip(group, names)]
    s_start = inline.sentences.start(first.start)
    ranges = [y for y in years if s_start <= y.start < first.start and y.kind == "range"]
    if ranges:
        r = ranges[-1]
        span = list(range(r.year, (r.end_year or r.year) + 1))
        if len(span) == len(group):
            return [inline.record(Statement(m, st.name, st.name_start, st.name_end, st.comparator, st.plain_verb),
                                  year=y) for m, y in zip(group, span)]
    return None


def _shared_value(inline: InlineExtractor, st: Statement, floor: int) -> list[TargetRecord]:
    """One value for several subjects (…和…实现全覆盖, …各20所, …均达到100%)."""
    m = st.mention
    text = inline.text
    between = text[st.name_end:m.start]
    shared = m.special == "full" or (m.unit == "%" and m.value == 100) or "各" in between or "均" in between
    if shared and st.name_end <= m.start:
        start = clause_start(text, m.start, list_items=False, floor=floor)
        subject = strip_name(text[start:m.start], inline.rules)
        parts = split_subjects(subject)
        if len(parts) > 1:
            return [inline.record(st, name=n) for n in distribute(parts)]
    return [inline.record(st)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _assign_sections(targets: list[TargetRecord], ctx: DocumentContext) -> None:
    for t in targets:
        s = ctx.section_at(t.start)
        t.section = s.id if s else None


def _dedupe(targets: list[TargetRecord], *, threshold: float = RESTATEMENT_SIMILARITY) -> list[TargetRecord]:
    """Drop exact repeats and restatements: a later target with the same value, unit,
    year and kind whose name is alike (the plan restates a goal in another chapter)."""
    out: list[TargetRecord] = []
    by_key: dict[tuple, list[TargetRecord]] = {}
    for t in sorted(targets, key=lambda t: t.start):
        key = (t.value, t.unit, t.year, t.kind, t.comparator if t.value is None else None)
        kept = by_key.setdefault(key, [])
        # a goal without a number has only its name to tell it apart: ask for near-identity
        need = threshold if t.value is not None else DIRECTIONAL_SIMILARITY
        same = next((k for k in kept[-300:]
                     if k.indicator == t.indicator or name_similarity(k.indicator, t.indicator) >= need), None)
        if same is not None:
            if same.baseline is None and t.baseline is not None:
                same.baseline = t.baseline  # a table's base-year column dates the restated goal
            continue
        kept.append(t)
        out.append(t)
    return out
