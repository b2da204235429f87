"""extract_document(doc) → Extraction: the stages of reading a document's figures.

1. extractors find candidates — a figure with its name, comparator, unit and the time
   cue its structure gives (tables, inline statements with their 分别 lists and shared
   values, directional goals);
2. one resolver (``timing.TimeResolver``) decides kind and year for every candidate from
   the genre, the reporting year, the section chain and the sentence;
3. finishing: comparators that depend on the kind, fragment names repaired or dropped
   (``names.py``), baselines of "由X提高到Y", sections;
4. merging restatements.

No extractor decides kind or year itself. The pipeline is pure: a Document in, plain
records out; no database.
"""

from __future__ import annotations

import bisect
import re

from eduplan.extract.clauses import SentenceIndex, clause_start
from eduplan.extract.directional import directional_targets
from eduplan.extract.enumerations import distribute, split_subjects, value_lists
from eduplan.extract.inline import InlineExtractor, Statement
from eduplan.extract.measures import assign_measures
from eduplan.extract.mentions import Mention, MentionFinder
from eduplan.extract.names import check_names
from eduplan.extract.naming import change_phrase, strip_name
from eduplan.extract.projects import extract_projects
from eduplan.extract.records import Extraction, TargetRecord
from eduplan.extract.ruleset import RuleSet, load_rules
from eduplan.extract.series import Series, yearly_series
from eduplan.extract.similarity import name_similarity
from eduplan.extract.tables import table_targets
from eduplan.extract.tasks import extract_tasks
from eduplan.extract.timing import TimeCue, TimeResolver
from eduplan.extract.years import find_years
from eduplan.ingest.document import Document


# Restatements of one goal share value, unit, year and kind and have alike names. Measured
# on the seed gold (strict F1 at thresholds 0.9/0.6/0.5/0.45/0.4: 0.954/0.954/0.957/0.958/
# 0.951): below 0.45 different indicators that share a value start to merge; 0.5 keeps a margin.
RESTATEMENT_SIMILARITY = 0.5
DIRECTIONAL_SIMILARITY = 0.8


def extract_document(doc: Document, *, rules: RuleSet | None = None) -> Extraction:
    rules = rules or load_rules()
    text = doc.text
    years = find_years(text)
    sentences = SentenceIndex(text)
    timing = TimeResolver(doc, rules, years, sentences)
    tables = table_targets(doc)
    skip = sorted(list(doc.repeats) + tables.spans)
    finder = MentionFinder(rules)
    mentions = [m for m in finder.find(text) if not _inside(m.start, skip)]
    inline = InlineExtractor(text, rules, sentences, mentions)
    candidates: list[TargetRecord] = list(tables.records)
    series = yearly_series(text, mentions, rules)
    candidates.extend(_series_records(text, series))
    in_series = {id(item.mention) for s in series for item in s.items}
    mentions = [m for m in mentions if id(m) not in in_series]
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
        candidates.extend(records)
        previous_end = group[-1].end
    numeric_spans = sorted((t.start, t.end) for t in candidates)
    candidates.extend(directional_targets(text, rules, numeric_spans, skip))
    targets = [t for t in candidates if t.indicator]
    rows = _column_kinds(targets, tables.text_kinds)
    lower_better = tuple(rules.lexicon.lower_is_better)
    wholes = _wholes(targets, text, sentences)
    for t in targets:
        _resolve(t, timing, lower_better, wholes.get(id(t)))
    # a directional goal is a commitment: in a passage of results it only describes a trend
    targets = [t for t in targets if t.value is not None or t.kind == "target"]
    targets = check_names(targets, rules, sentences)
    _name_results_after_goals(targets, rows)
    _link_baselines(targets, sentences)
    _assign_sections(targets, timing)
    targets = _dedupe(targets)
    targets = _numbered_directions_dropped(targets, sentences)
    projects = extract_projects(doc, mentions, targets, tables.grids)
    for p in projects:
        s = timing.section_at(p.start)
        p.section = s.id if s else None
    return assign_measures(Extraction(targets=targets, tasks=extract_tasks(doc), projects=projects), doc)


def _column_kinds(targets: list[TargetRecord], spans: list[tuple[int, int, str | None, int | None, int]]
                  ) -> dict[int, int]:
    """Figures inside a table's text cell take the kind its column header gives and the
    deadline its row's 完成时限 cell gives. Returns id(figure) → where its row starts."""
    rows: dict[int, int] = {}
    if not spans:
        return rows
    spans = sorted(spans, key=lambda s: s[:2])
    starts = [s[0] for s in spans]
    for t in targets:
        at = t.at if t.at >= 0 else t.start
        i = bisect.bisect_right(starts, at) - 1
        if t.cue is None and i >= 0 and spans[i][0] <= at < spans[i][1]:
            t.cue = TimeCue(kind=spans[i][2], year=spans[i][3])
            rows[id(t)] = spans[i][4]
    return rows


def _name_results_after_goals(targets: list[TargetRecord], rows: dict[int, int]) -> None:
    """年度目标 | 完成情况 in one row: "建成12所" measures what "新建公办幼儿园12所" set, so
    the results of a row take the names of its goals of the same unit, in order."""
    by_row: dict[int, list[TargetRecord]] = {}
    for t in targets:
        if id(t) in rows and t.value is not None:
            by_row.setdefault(rows[id(t)], []).append(t)
    for members in by_row.values():
        members.sort(key=lambda t: t.start)
        for unit in {t.unit for t in members}:
            goals = [t for t in members if t.unit == unit and t.kind == "target"]
            results = [t for t in members if t.unit == unit and t.kind == "actual"]
            for goal, result in zip(goals, results):
                result.indicator = goal.indicator


def _wholes(targets: list[TargetRecord], text: str, sentences: SentenceIndex) -> dict[int, TargetRecord]:
    """共有39所…项目被列入为民办实事项目,其中新建11所、改扩建28所: the parts after 其中 are
    of the same time and kind as the whole counted before it in the sentence."""
    out: dict[int, TargetRecord] = {}
    ordered = sorted((t for t in targets if t.value is not None), key=lambda r: r.at if r.at >= 0 else r.start)
    whole: TargetRecord | None = None
    for t in ordered:
        at = t.at if t.at >= 0 else t.start
        if whole is not None and t.cue is None and whole.cue is None and t.unit == whole.unit \
                and sentences.start(at) == sentences.start(whole.at if whole.at >= 0 else whole.start):
            gap = text[whole.end:at]
            if gap.find("其中") >= 0 and not re.search(r"(?:19|20)\d\d|今年|去年|上年|已|将|计划", gap):
                out[id(t)] = whole
                continue
        whole = t
    return out


def _resolve(t: TargetRecord, timing: TimeResolver, lower_better: tuple[str, ...],
             whole: TargetRecord | None = None) -> None:
    """Kind and year from the resolver (a part after 其中: those of its whole); then the
    comparator a kind implies: a result stated with a plain 达到/为 is an exact level, a
    commitment without a word is a floor — or a ceiling for an indicator where less is
    better (差异系数, 近视率)."""
    if whole is not None:
        t.kind, t.year = timing.resolve(whole.at if whole.at >= 0 else whole.start, whole.end, whole.cue)
    else:
        t.kind, t.year = timing.resolve(t.at if t.at >= 0 else t.start, t.end, t.cue)
    if t.comparator in ("increase", "decrease"):
        return
    if t.kind == "actual" and t.cue is None and t.unit == "元" and timing.genre.reports_results and _budget(t, timing):
        t.kind, t.comparator = "target", t.comparator if t.comparator not in (None, ">=") else "="
        return
    if t.kind == "actual":
        if t.comparator is None or t.plain_verb:
            t.comparator = "="
    elif t.comparator is None and t.unit == "元" and _names_a_budget(t.indicator, timing):
        t.comparator = "="  # 总投资15500万元: a planned budget is a size, not a floor
    elif t.comparator is None:
        t.comparator = "<=" if _lower_is_better(t.indicator, lower_better) else ">="


def _names_a_budget(name: str, timing: TimeResolver) -> bool:
    return any(name.endswith(w) for w in timing.rules.lexicon.budget_words)


def _budget(t: TargetRecord, timing: TimeResolver) -> bool:
    """A programme's budget in a report of results (总投资7535万元), not money spent."""
    lex = timing.rules.lexicon
    name = t.indicator
    if not any(name.endswith(w) or w in name[-6:] for w in lex.budget_words):
        return False
    at = t.at if t.at >= 0 else t.start
    before = timing.text[clause_start(timing.text, t.start, list_items=False):at]
    return not any(w in before or w in name for w in lex.spent_words)


def _column(t: TargetRecord) -> bool:
    """A figure placed by a table column (its year came from the header)."""
    return t.cue is not None and t.cue.year is not None


def _lower_is_better(name: str, words: tuple[str, ...]) -> bool:
    """近视率 is lower-better; 近视率年降幅 (how much it falls) is not."""
    return any(w in name for w in words) and not name.endswith(("降幅", "增幅", "下降", "降低", "减少", "增加", "提高"))


def _link_baselines(targets: list[TargetRecord], sentences: SentenceIndex) -> None:
    """A result just before a commitment of the same indicator is its baseline: in one
    sentence (由2020年的96.8%提高到98%) or in one table row (基期 column, then target columns)."""
    last: TargetRecord | None = None
    for t in sorted(targets, key=lambda r: (r.start, r.at)):
        if last is not None and t.kind == "target" and last.kind == "actual" and t.baseline is None \
                and last.indicator == t.indicator and last.unit == t.unit:
            in_row = _column(t) and _column(last)
            same_row = in_row and t.start == last.start
            same_sentence = not _column(t) and not _column(last) and sentences.start(last.start) == sentences.start(t.start)
            if same_row or same_sentence:
                t.baseline = {"year": last.year, "value": last.value}
                continue  # later columns of the row keep the same baseline
        if t.kind == "actual" or last is None or t.start != last.start or t.indicator != last.indicator:
            last = t
    return None


def _enumeration(inline: InlineExtractor, group: list[Mention], floor: int, years) -> list[TargetRecord] | None:
    """分别 lists: zip values with subjects, or with the years of a range."""
    text = inline.text
    first = group[0]
    st = inline.statement(first, floor)
    if st is None:
        return None
    raw = text[clause_start(text, first.start, list_items=False, floor=floor):first.start]
    change = change_phrase(raw, first.unit, inline.rules)
    if change is not None and len(strip_name(change.subject.replace("分别", ""), inline.rules)) < 2:
        # 分别达到99.92%和92.25%,较上年分别提高0.06个、2.56个百分点: the changes of what the
        # sentence just listed
        before = _listed_before(inline, first.start, len(group))
        if before:
            names = [n + change.label for n in before]
            return [inline.record(Statement(m, n, st.name_start, st.name_end, None, True), name=n)
                    for m, n in zip(group, names)]
    subject = strip_name(raw, inline.rules)
    parts = split_subjects(subject) if subject else []
    if len(parts) == len(group):
        names = distribute(parts)
        verb = _COMPARED.match(names[0])
        if verb:
            # 分别高出全国、全省7.1个、2.3个百分点: each part is compared
            names = [names[0]] + [n if n.startswith(verb.group()) else verb.group() + n for n in names[1:]]
        inline.last_list = (first.start, names)
        return [inline.record(Statement(m, n, st.name_start, st.name_end, st.comparator, st.plain_verb), name=n)
                for m, n in zip(group, names)]
    listed = _listed_years(text, years, clause_start(text, first.start, list_items=False, floor=floor), first.start)
    if len(listed) != len(group):
        # …分别达到90.5%、91.2%和92%以上，普惠性幼儿园覆盖率分别达到86%、88%、90%以上: the
        # sentence's list of years serves each 分别 list in it
        listed = _listed_years(text, years, inline.sentences.start(first.start), first.start)
    if len(listed) == len(group) > 1:
        # 2021年、2022年分别新增1200个、1500个: each value is of its own year; a later clause
        # (…,2023年达到92%) continues from the last of them
        inline.last = Statement(group[-1], st.name, st.name_start, st.name_end, st.comparator, st.plain_verb)
        return [inline.record(Statement(m, st.name, st.name_start, st.name_end, st.comparator, st.plain_verb),
                              cue=TimeCue(year=y)) for m, y in zip(group, listed)]
    s_start = inline.sentences.start(first.start)
    lo = bisect.bisect_left(years, s_start, key=lambda y: y.start)
    hi = bisect.bisect_left(years, first.start, key=lambda y: y.start)
    ranges = [y for y in years[lo:hi] if y.kind == "range"]
    if ranges:
        r = ranges[-1]
        span = list(range(r.year, (r.end_year or r.year) + 1))
        if len(span) == len(group):
            inline.last = Statement(group[-1], st.name, st.name_start, st.name_end, st.comparator, st.plain_verb)
            return [inline.record(Statement(m, st.name, st.name_start, st.name_end, st.comparator, st.plain_verb),
                                  cue=TimeCue(year=y)) for m, y in zip(group, span)]
    return None


def _listed_years(text: str, years, start: int, end: int) -> list[int]:
    """The years of a list written before 分别 (2021年、2022年和2023年分别…), or []."""
    lo = bisect.bisect_left(years, start, key=lambda y: y.start)
    hi = bisect.bisect_left(years, end, key=lambda y: y.start)
    found = [y for y in years[lo:hi] if y.kind != "range"]
    if len(found) < 2 or "分别" not in text[found[-1].end:end]:
        return []
    if any(not _YEAR_JOINER.fullmatch(text[a.end:b.start]) for a, b in zip(found, found[1:])):
        return []
    return [y.year for y in found]


def _series_records(text: str, series: list[Series]) -> list[TargetRecord]:
    """One record per item of a yearly series, dated by its year like a table column."""
    out = []
    for s in series:
        for k, item in enumerate(s.items):
            m = item.mention
            start = s.subject_start if k == 0 else item.head_start
            out.append(TargetRecord(indicator=s.subject, comparator=">=" if m.upper is not None else None,
                                    value=m.value, unit=m.unit, year=None, kind="", quote=text[start:m.end],
                                    start=start, end=m.end, cue=TimeCue(year=item.year), at=m.start))
    return out


_COMPARED = re.compile(r"(?:高出|高于|低于|超出|领先|落后)")
_YEAR_JOINER = re.compile(r"年?(?:底|末)?\s*[、,，和及与]\s*")


def _listed_before(inline: InlineExtractor, pos: int, n: int) -> list[str] | None:
    """The names of the n figures listed just before ``pos`` in its sentence: the last 分别
    list, or else the last n statements."""
    sentence = inline.sentences.start(pos)
    previous = inline.last_list
    if previous is not None and len(previous[1]) == n and inline.sentences.start(previous[0]) == sentence:
        return previous[1]
    recent = [h.topic for h in inline.history
              if h.mention.end <= pos and inline.sentences.start(h.mention.start) == sentence][-n:]
    return recent if len(recent) == n else None


def _shared_value(inline: InlineExtractor, st: Statement, floor: int) -> list[TargetRecord]:
    """One value for several subjects (…和…实现全覆盖, …各20所, …均达到100%)."""
    m = st.mention
    text = inline.text
    between = text[st.name_end:m.start]
    shared = m.special == "full" or (m.unit == "%" and m.value == 100) or "各" in between or "均" in between \
        or "分别" in text[st.name_start:m.start]
    if st.name_end <= m.start and (shared or m.unit == "%"):
        start = clause_start(text, m.start, list_items=False, floor=floor)
        subject = strip_name(text[start:m.start], inline.rules)
        k = subject.find("分别")
        if k >= 2 and "、" in subject[:k]:
            # 普惠性幼儿园数、在园幼儿数分别占总数80%以上: one value, each subject with the predicate
            predicate = strip_name(subject[k + 2:], inline.rules, keep_verbs=True)
            parts = split_subjects(subject[:k])
            if len(parts) > 1:
                return [inline.record(st, name=n + predicate) for n in distribute(parts)]
        parts = split_subjects(subject)
        # 残疾儿童入园率和接受康复教育训练率达到90%以上: rates joined by 和 share the value
        rates = len(parts) > 1 and all(p.endswith(_RATE_WORDS) for p in parts)
        if len(parts) > 1 and (shared or rates):
            return [inline.record(st, name=n) for n in distribute(parts)]
    return [inline.record(st)]


_RATE_WORDS = ("率", "比例", "占比", "覆盖面")


def _numbered_directions_dropped(targets: list[TargetRecord], sentences: SentenceIndex) -> list[TargetRecord]:
    """提高随迁子女就读比例,到2027年争取达到100%: the direction is said again with a number,
    so the numeric target stands for both."""
    numeric: dict[int, list[TargetRecord]] = {}
    for t in targets:
        # a level, not a change (近视率逐年下降,每年降低0.5个百分点 keeps both: the level falls,
        # and by how much a year)
        if t.value is not None and t.kind == "target" and not t.indicator.endswith("幅") and t.unit != "个百分点":
            numeric.setdefault(sentences.start(t.start), []).append(t)
    return [t for t in targets if t.value is not None or not any(
        n.indicator and (t.indicator in n.indicator or n.indicator in t.indicator
                         or name_similarity(t.indicator, n.indicator) >= RESTATEMENT_SIMILARITY)
        for n in numeric.get(sentences.start(t.start), ()))]


def _siblings(a: TargetRecord, b: TargetRecord) -> bool:
    """Two names one statement gave its value (义务教育入学率、巩固率均为99.99%): not a restatement."""
    return a.start == b.start and a.end == b.end and a.indicator != b.indicator


def _other_row(a: TargetRecord, b: TargetRecord) -> bool:
    """Two rows of one table are two indicators, however alike their names (初中生师比 and
    普通高中生师比 may share a target)."""
    return _column(a) and _column(b) and a.start != b.start


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _assign_sections(targets: list[TargetRecord], timing: TimeResolver) -> None:
    for t in targets:
        s = timing.section_at(t.start)
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
                     if not _other_row(k, t) and not _siblings(k, t)
                     and (k.indicator == t.indicator or name_similarity(k.indicator, t.indicator) >= need)), None)
        if same is not None:
            if same.baseline is None and t.baseline is not None:
                same.baseline = t.baseline  # a table's base-year column dates the restated goal
            continue
        kept.append(t)
        out.append(t)
    return out
