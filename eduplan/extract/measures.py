"""What a target means: its measure, its better direction, its qualifiers and its role.

``assign_measures`` runs once at the end of ``extract_document`` and only annotates the
records (the extraction contract stays one record per statement and year):

* ``measure`` (``domain.Measure``) from the wording (``rules/measures.yaml``): rank,
  growth_rate, per_year (also 每年降低1个百分点: the yearly change of a level), maintain,
  cumulative, yearly_amount (a yearly series of a flow), directional (提高/降低 without a
  number) or level;
* ``direction``: down for lower-is-better names (近视率, 生师比, 差异系数 …) and for
  ≤ targets and ranks; a table cell of such a name without a comparator word reads as ≤;
* ``qualifiers``: the qualifier of a table's group row (特殊教育, 职业教育 …) that the row's
  own name lacks, so a 特殊教育 row "学前教育入园率" is not the general 入园率;
* ``role`` "context" for numbers describing the plan's project list (counts of project
  categories, their area and land); kind and year stay the resolver's (``timing.py``);
* ``Extraction.goals``: yes/no goals without a number (``extract.goals``).

Grouping the year cells of one indicator into one target with milestones happens when
targets are stored (``services.target_groups``), not here.
"""

from __future__ import annotations

import re

from eduplan.extract.goals import binary_goals
from eduplan.extract.measure_rules import MeasureRules, load_measure_rules
from eduplan.extract.qualifiers import Qualifiers, load_qualifiers
from eduplan.extract.records import Extraction, TargetRecord
from eduplan.extract.tables import find_flat_tables, find_spaced_tables
from eduplan.ingest.document import Document

DIRECTIONAL = ("increase", "decrease")
DOWN_COMPARATORS = ("<=", "<", "decrease")


# ---- the pass over the records ---------------------------------------------------------

def assign_measures(extraction: Extraction, doc: Document) -> Extraction:
    """Annotate every target of ``extraction`` (see the module docstring); add the yes/no
    goals. Returns the same extraction."""
    rules = load_measure_rules()
    quals = load_qualifiers()
    text = doc.text
    groups = TableGroups(doc, quals)
    for r in extraction.targets:
        table = "\n" in r.quote or groups.in_table(r.start)
        lead = r.quote if table else clause_lead(text, r)
        sentence = sentence_of(text, r.start, r.end)
        if _is_context(r, sentence, rules):
            r.role = "context"
        r.measure = decide_measure(r, lead, rules)
        r.direction = decide_direction(r, lead, rules, table=table)
        r.qualifiers = groups.qualifiers_for(r, quals)
    _yearly_series(extraction.targets, rules)
    spans = [(t.start, t.end) for t in extraction.targets]
    extraction.goals = binary_goals(doc, taken=spans)
    return extraction


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence holding [start, end): from the last 。；!?\\n before it to the next."""
    a = max(text.rfind(c, 0, start) for c in "。；;！？!?\n") + 1
    ends = [i for c in "。；;！？!?\n" if (i := text.find(c, end)) >= 0]
    return text[a:min(ends) if ends else len(text)]


def clause_lead(text: str, r: TargetRecord) -> str:
    """The target's clause up to its end: from the last comma-like break before it (at most
    24 characters back) to the end of its quote — where 每年/保持/新增 are written."""
    floor = max(0, r.start - 24)
    a = max([text.rfind(c, floor, r.start) for c in "，,；;。：:\n"] + [floor - 1]) + 1
    return text[a:r.end]


def _has(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def decide_measure(r: TargetRecord, lead: str, rules: MeasureRules) -> str:
    """The measure of one record, by the order of measures.yaml."""
    if r.comparator in DIRECTIONAL:
        return "directional"
    name = r.indicator or ""
    unit = r.unit or ""

    def cue(key: str) -> bool:
        rule = rules.rule(key)
        if unit in rule.not_units:
            return False
        return _has(lead, rule.lead) or any(p.search(name) for p in rules.name_patterns[key])

    if any(p.search(name) or p.search(lead) for p in rules.name_patterns["rank"]):
        return "rank"
    if unit == "%" and cue("growth_rate"):
        return "growth_rate"
    change = rules.data.yearly_change
    if unit in change.units and _has(lead, change.lead):
        return "per_year"  # 每年降低1个百分点: the level's yearly change
    if cue("per_year"):
        return "per_year"
    if cue("maintain"):
        return "maintain"
    if cue("cumulative"):
        return "cumulative"
    return "level"


def decide_direction(r: TargetRecord, lead: str, rules: MeasureRules, *, table: bool) -> str:
    """down for ≤ targets, ranks and lower-is-better names; a ≥ read from a table cell (or
    a clause) without a word that says "at least" turns into ≤ for such a name."""
    change = rules.data.yearly_change
    if r.measure == "per_year" and (r.unit or "") in change.units:  # the level's change: its verb decides
        return "down" if _has(lead, change.down_words) or _has(r.indicator or "", change.down_words) else "up"
    if r.measure == "rank" or r.comparator in DOWN_COMPARATORS:
        if r.measure == "rank" and r.comparator in (">=", ">") and r.value is not None:
            r.comparator = "<="
        return "down"
    if r.comparator == "increase":
        return "up"
    name = r.indicator or ""
    data = rules.data
    if _has(name, data.down) and not _has(name, data.not_down):
        plain = r.comparator == ">=" or (r.comparator == "=" and r.kind == "target")
        if plain and r.value is not None and not _has(_cell(r, table) or lead, data.higher_words):
            r.comparator = "<="  # 辍学率为0.5% / a table cell 0.45: at most
        return "down"
    return "up"


def _cell(r: TargetRecord, table: bool) -> str:
    """A table record's own value cell (the quote's last line or word), else ""."""
    if not table:
        return ""
    last = r.quote.rsplit("\n", 1)[-1].strip()
    return last.split()[-1] if last.split() else last


def _is_context(r: TargetRecord, sentence: str, rules: MeasureRules) -> bool:
    name = r.indicator or ""
    if _has(sentence, rules.data.context.breakdown_words) and any(p.search(name) for p in rules.breakdown_names):
        return True
    return _has(sentence, rules.data.context.sentence) and any(p.search(name) for p in rules.context_names)


def _yearly_series(records: list[TargetRecord], rules: MeasureRules) -> None:
    """A yearly series of a flow (several years of one name from one statement or table
    row: the same start offset) gets measure yearly_amount: each year has its own amount."""
    rule = rules.rule("yearly_amount")
    series: dict[tuple[int, str, str | None], list[TargetRecord]] = {}
    for r in records:
        if r.kind == "target" and r.year is not None and r.value is not None and r.role is None:
            series.setdefault((r.start, r.indicator, r.unit), []).append(r)
    for (_start, name, unit), members in series.items():
        if len({m.year for m in members}) < 2 or (unit or "") in rule.not_units:
            continue
        if any(m.measure not in ("level", "cumulative", "per_year") for m in members):
            continue
        if _running_totals(members, name, rules):
            # milestone columns (2023年 · 2025年) of 新增学位 6000 · 12000: totals so far, not
            # a year-by-year flow
            for m in members:
                m.measure = "cumulative"
            continue
        if (unit or "") in rule.units or any(p.search(name) for p in rules.name_patterns["yearly_amount"]):
            for m in members:
                m.measure = "yearly_amount"


def _running_totals(members: list[TargetRecord], name: str, rules: MeasureRules) -> bool:
    """Years with gaps between them, values that never fall, and a name of additions (新增…)."""
    ordered = sorted(members, key=lambda m: m.year)
    years = [m.year for m in ordered]
    values = [m.value for m in ordered]
    return (any(b - a > 1 for a, b in zip(years, years[1:])) and all(a <= b for a, b in zip(values, values[1:]))
            and any(p.search(name) for p in rules.name_patterns["cumulative"]))


# ---- indicator tables: the group row above a row ----------------------------------------

_NUMBER_CELL = re.compile(r"^[≥≤><]?\s*[-+]?\d+(?:\.\d+)?\s*%?(?:[(（][^)）]*[)）])?\s*(?:以上|以下|以内|左右)?$")
_UNIT_CELL = re.compile(r"^(?:%|‰|[万亿千百]?(?:人次|人|元|个|所|平方米|亩|年|名|项|场|门|家|次|小时|台|间|件|岁|个百分点)|"
                        r"平方米|单位|计量单位)$")
_YEAR_CELL = re.compile(r"(?:19|20)\d\d")
_BRACKETS = re.compile(r"[(（][^)）]*[)）]")


class TableGroups:
    """The group row (特殊教育, 九年义务教育 …) above each row of the document's indicator
    tables: structured tables (docx/html/pdf) by their rows, text tables by their lines."""

    def __init__(self, doc: Document, quals: Qualifiers) -> None:
        self.text = doc.text
        self.quals = quals
        skip = [(t.start, t.end) for t in doc.tables]
        self.spans = skip + [(g.header_start, g.end) for g in find_flat_tables(doc.text, skip=skip)
                             + find_spaced_tables(doc.text, skip=skip)]
        self._structured: dict[int, str] = {}
        for block in doc.tables:
            group = ""
            for row in block.rows:
                cells = [c for c in row if c.text.strip()]
                if not cells:
                    continue
                if not any(_NUMBER_CELL.match(c.text.strip()) for c in cells[1:]) and len(cells) <= 2:
                    group = cells[-1].text.strip() if cells[0].text.strip().isdigit() else cells[0].text.strip()
                    continue
                for c in cells:
                    self._structured[c.start] = group
        self._lines: list[tuple[int, str]] | None = None

    def in_table(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.spans)

    def qualifiers_for(self, r: TargetRecord, quals: Qualifiers) -> list[str]:
        """Qualifier words of the row's group that the record's name lacks."""
        if "\n" not in r.quote and not self.in_table(r.start):
            return []
        group = self._structured.get(r.start)
        if group is None:
            group = self._text_group(r.start)
        if not group:
            return []
        label = _BRACKETS.sub("", group)  # 高中段教育(含普高、中职) is the whole stage
        own = quals.of(r.indicator)
        return [w for w in quals.words_of(label)
                if (g := next(iter(quals.of(w)), None)) in quals.table_groups and g not in own]

    def _text_group(self, offset: int) -> str:
        """Walk up from the row's line to the nearest group line: a short text line followed
        by another text line (a flattened table) or by a row line (a spaced table)."""
        lines = self._all_lines()
        i = max((k for k, (a, _) in enumerate(lines) if a <= offset), default=-1)
        if i < 0:
            return ""
        for j in range(i - 1, max(i - 80, -1), -1):
            kind = _line_kind(lines[j][1])
            if kind == "stop":
                return ""
            if kind != "text":
                continue
            nxt = next((_line_kind(t) for _, t in lines[j + 1:j + 6] if t.strip()), "stop")
            if nxt in ("text", "row"):
                return lines[j][1].strip()
        return ""

    def _all_lines(self) -> list[tuple[int, str]]:
        if self._lines is None:
            pos, out = 0, []
            for line in self.text.split("\n"):
                out.append((pos, line))
                pos += len(line) + 1
            self._lines = out
        return self._lines


def _line_kind(line: str) -> str:
    """empty, num (a value or unit cell), text (a short label), row (a spaced row with
    values) or stop (a paragraph, or a header with years)."""
    s = line.strip()
    if not s:
        return "empty"
    if _NUMBER_CELL.match(s) or _UNIT_CELL.match(s):
        return "num"
    if len(s) > 40 or "。" in s:
        return "stop"
    tokens = s.split()
    if sum(bool(_YEAR_CELL.fullmatch(t.rstrip("年"))) for t in tokens) >= 1 and (
            len(tokens) == 1 or any(t in ("指标", "单位", "序号", "指标名称") for t in tokens)):
        return "stop"
    if len(tokens) > 1 and any(_NUMBER_CELL.match(t) for t in tokens[1:]):
        return "row"
    return "text"
