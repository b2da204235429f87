"""Directional goals: a measurable indicator that must rise or fall, with no number.

"近视率逐年下降" (subject first), "降低儿童青少年新发近视率" (verb first),
"学校管理标准化比率、义务教育学校资源配置综合达标率不断提高" (several subjects).
Only names ending with a measurable word (率, 比例, 占比, 支出 …) count, so that
"提高教育质量" is not a target; a clause holding a number is left to the numeric
extractor (每年降低1个百分点).
"""

from __future__ import annotations

from eduplan.extract.clauses import clause_end, clause_start, split_top_level
from eduplan.extract.enumerations import distribute
from eduplan.extract.naming import strip_name
from eduplan.extract.records import TargetRecord
from eduplan.extract.ruleset import RuleSet


def directional_targets(text: str, rules: RuleSet, numeric_spans: list[tuple[int, int]],
                        skip: list[tuple[int, int]]) -> list[TargetRecord]:
    words = [(w, "increase") for w in rules.increase_words] + [(w, "decrease") for w in rules.decrease_words]
    words.sort(key=lambda x: len(x[0]), reverse=True)
    import bisect

    out: list[TargetRecord] = []
    taken: set[int] = set()
    numeric_starts = sorted(a for a, _ in numeric_spans)
    for word, direction in words:
        start = 0
        while True:
            p = text.find(word, start)
            if p < 0:
                break
            start = p + len(word)
            if p in taken or _inside(p, skip):
                continue
            taken.update(range(p, p + len(word)))
            c_start = clause_start(text, p, list_items=False)
            c_end = clause_end(text, p + len(word), list_items=False)
            k = bisect.bisect_left(numeric_starts, c_start)
            if k < len(numeric_starts) and numeric_starts[k] < c_end:
                continue
            before = strip_name(text[c_start:p], rules)
            names: list[str] = []
            quote_start, quote_end = p, p + len(word)
            if _measurable(before, rules):
                names = _split(before, rules)
                quote_start = c_start + max(text[c_start:p].find(before), 0)
            else:
                # the object ends where the next directional word begins
                obj_end = min([j for j in (text.find(w, p + len(word), c_end) for w, _ in words) if j >= 0] or [c_end])
                after = strip_name(text[p + len(word):obj_end], rules)
                if _measurable(after, rules) and len(word) <= 4:
                    names = _split(after, rules)
                    quote_end = obj_end
            for name in names:
                out.append(TargetRecord(
                    indicator=name, comparator=direction, value=None, unit=None, year=None, kind="",
                    quote=text[quote_start:quote_end], start=quote_start, end=quote_end, confidence=0.7, at=p,
                ))
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    import bisect

    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _measurable(name: str, rules: RuleSet) -> bool:
    lex = rules.lexicon
    return 2 <= len(name) <= 40 and name.endswith(tuple(lex.measurable)) and not name.endswith(tuple(lex.not_measurable))


def _split(name: str, rules: RuleSet) -> list[str]:
    """Split at 、/和 but keep parts that are not measurable attached to the next one."""
    raw = [name[a:b] for a, b in split_top_level(name, "、和及")]
    parts: list[str] = []
    pending = ""
    for piece in raw:
        piece = pending + piece
        if _measurable(piece, rules):
            parts.append(piece)
            pending = ""
        else:
            pending = piece + ("、" if piece else "")
    if pending and parts:
        parts[-1] = pending + parts[-1]
    parts = [p for p in parts if _measurable(p, rules)] or [name]
    return distribute(parts) if len(parts) > 1 else parts
