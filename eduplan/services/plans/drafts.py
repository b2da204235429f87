"""A new target's form, prefilled from a selection of the plan text (添加为目标).

The selection is checked (``check_span``: inside the text, not too long) and trimmed of
spaces (``trim``) — ``targets.add_target`` stores what the planner then submits with the
same checks — and read by the extraction rules: a selection inside a table row is read
with its table's header (``table_probe``), so the row's commitment (year, value, unit)
is filled in; what the rules cannot tell is guessed from the first quantity in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine

from eduplan.domain import Comparator, TargetKind
from eduplan.errors import InputError
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan
from eduplan.store.repositories import plans as plan_repo

MAX_QUOTE = 2000  # characters a planner may select as one target's quote


@dataclass(frozen=True, slots=True)
class TargetDraft:
    """A new target's form, prefilled from a text selection (offsets trimmed of spaces)."""

    plan_id: int
    start: int
    end: int
    quote: str
    section_label: str | None
    indicator_name: str
    comparator: str
    value: Decimal | None
    unit: str | None
    year: int | None
    kind: str


def draft_target(engine: Engine, plan_id: int, start: int, end: int, *, actor: Actor | None = None) -> TargetDraft:
    """Prefill a new target from the text between ``start`` and ``end``: the selection is
    trimmed of surrounding spaces and read by the extraction rules (indicator, comparator,
    value, unit, year); what they cannot tell is guessed from the first quantity in it."""
    with unit_of_work(engine) as session:
        access.require(actor, Action.TARGET)
        plan = plan_repo.get(session, plan_id)
        start, end = check_span(plan, start, end)
        start, end = trim(plan.text, start, end)
        quote = plan.text[start:end]
        section = plan_repo.innermost_section(session, plan_id, start)
        label = f"{section.number} {section.title}" if section else None
        default_year = plan.period_end
        table = table_probe(plan.text, start, end)
    guess = (_guess_row(table) if table else {}) or _guess(quote)
    return TargetDraft(plan_id, start, end, quote, label, guess.get("indicator_name", ""),
                       guess.get("comparator", Comparator.AT_LEAST.value), guess.get("value"), guess.get("unit"),
                       guess.get("year") or default_year, TargetKind.TARGET.value)


def check_span(plan: Plan, start: object, end: object) -> tuple[int, int]:
    try:
        s, e = int(str(start)), int(str(end))
    except ValueError as exc:
        raise InputError("所选位置无效", hint="请在原文中重新选择文字") from exc
    if not 0 <= s < e <= len(plan.text):
        raise InputError("所选位置超出规划原文", hint=f"原文共 {len(plan.text)} 字，请重新选择")
    if e - s > MAX_QUOTE:
        raise InputError(f"所选文字过长（{e - s} 字，上限 {MAX_QUOTE} 字）", hint="请只选中陈述这一目标的句子")
    return s, e


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InputError("所选文字是空白", hint="请选中含有目标值的文字")
    return start, end


# ---- guessing a new target from a selection ---------------------------------------------

_COMPARATOR_WORDS = (  # checked in order; the first word found decides
    (("不超过", "控制在", "不高于", "以内", "以下", "低于"), Comparator.AT_MOST),
    (("降低", "减少", "下降", "压减"), Comparator.DECREASE),
    (("提高", "增加", "增长", "提升"), Comparator.INCREASE),
    (("超过",), Comparator.MORE_THAN),
    (("达到", "不低于", "不少于", "保持", "以上", "巩固在"), Comparator.AT_LEAST),
)
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d\d)年")


def _guess(quote: str) -> dict[str, object]:
    """The extraction rules' reading of the selection, else the first quantity in it."""
    from eduplan.extract import extract_document
    from eduplan.extract.mentions import MentionFinder
    from eduplan.extract.ruleset import load_rules
    from eduplan.ingest.readers import read_text

    probe = quote + "。"  # the rules look at the character after a quantity: end the sentence
    try:
        found = extract_document(read_text(probe)).targets
    except InputError:
        found = []
    if found:
        t = found[0]
        return {"indicator_name": t.indicator, "comparator": t.comparator, "value": t.value, "unit": t.unit,
                "year": t.year or _year_in(quote)}
    mentions = MentionFinder(load_rules()).find(probe)
    guess: dict[str, object] = {"year": _year_in(quote)}
    for words, comparator in _COMPARATOR_WORDS:
        if any(w in quote for w in words):
            guess["comparator"] = comparator.value
            break
    if mentions:
        m = mentions[0]
        guess["value"], guess["unit"] = m.value, m.unit
        name = re.sub(r"^[，。；、：\s]+|[，。；、：\s]+$", "", quote[:m.start])
        for words, _ in _COMPARATOR_WORDS:
            for w in words:
                name = name.removesuffix(w)
        guess["indicator_name"] = _YEAR_IN_TEXT.sub("", name).lstrip("到，, ")[-60:]
    return guess


def table_probe(text: str, start: int, end: int) -> str | None:
    """A selection inside a table row (tab-separated, as tables are stored) means little
    without its header: the header line of the table followed by the selected row(s),
    which the extraction rules read as a table. None outside tables."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", max(end - 1, start))
    line_end = len(text) if line_end < 0 else line_end
    rows = text[line_start:line_end]
    if "\t" not in rows:
        return None
    header_start = line_start
    while header_start > 0:  # up to the first line of this block of tab-separated lines
        previous_start = text.rfind("\n", 0, header_start - 1) + 1
        if "\t" not in text[previous_start:header_start - 1]:
            break
        header_start = previous_start
    if header_start == line_start:
        return rows  # the header itself was selected
    header = text[header_start:text.find("\n", header_start)]
    return f"{header}\n{rows}"


def _guess_row(probe: str) -> dict[str, object]:
    """The commitment the extraction rules read from a table's header and one row: the
    target (not the baseline column), the latest year first."""
    from eduplan.extract import extract_document
    from eduplan.ingest.readers import read_text

    try:
        found = extract_document(read_text(probe + "\n")).targets
    except InputError:
        return {}
    commitments = [t for t in found if t.kind == TargetKind.TARGET.value] or found
    if not commitments:
        return {}
    t = max(commitments, key=lambda t: (t.year or 0, t.start))
    return {"indicator_name": t.indicator, "comparator": t.comparator, "value": t.value, "unit": t.unit,
            "year": t.year}


def _year_in(text: str) -> int | None:
    m = _YEAR_IN_TEXT.search(text)
    return int(m.group(1)) if m else None
