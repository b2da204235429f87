"""How numbers read in a report: table cells and the figures inside sentences.

Tables print plain numbers (the unit has its own column) with thousands separators;
sentences print a number with its unit and, for large counts and sums of money, the
万/亿 magnitudes people write (1850000000 元 → 18.5亿元). A change of a percentage is in
percentage points (个百分点). Decimals follow the indicator's precision, trailing zeros
trimmed: 98.50 → 98.5, 100.0 → 100.
"""

from __future__ import annotations

import math

from eduplan.domain import Comparator

DASH = "—"
PERCENT_UNITS = frozenset({"%", "％"})
# units whose values are never scaled to 万/亿 (rates, durations, ages, ratios)
UNSCALED_UNITS = PERCENT_UNITS | {"‰", "年", "岁", "个百分点", "倍", "小时", "天", "项"}
# units of countable things or money: changes are 增加/减少, not 提高/降低
COUNT_UNITS = frozenset({"个", "所", "人", "名", "元", "万元", "亿元", "平方米", "亩", "间", "张", "套", "座", "班",
                         "人次", "册", "台", "家", "处", "条", "门"})

COMPARATOR_WORDS = {
    Comparator.AT_LEAST: "不低于", Comparator.MORE_THAN: "高于", Comparator.AT_MOST: "不高于",
    Comparator.LESS_THAN: "低于", Comparator.EQUAL: "达到", Comparator.INCREASE: "提高", Comparator.DECREASE: "降低",
}


def digits(precision: int) -> int:
    """Decimals to print for an indicator of ``precision``: at least two (trailing zeros are
    trimmed anyway), so a value entered as 5.2 for an indicator reported in whole
    percents still reads 5.2, not 5."""
    return min(max(precision, 2), 6)


def number(x: float | None, *, digits: int = 2, grouping: bool = False) -> str:
    """``x`` rounded to ``digits`` decimals with trailing zeros trimmed; a small non-zero
    value keeps two significant digits (0.0042 stays 0.0042); None or NaN → "—"."""
    if x is None or not math.isfinite(x):
        return DASH
    digits = min(max(digits, 0), 6)
    if x != 0 and abs(x) < 10 ** -digits:
        digits = min(6, 1 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{digits}f}" if grouping else f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cell(x: float | None, *, precision: int = 2) -> str:
    """A table cell: the number only, grouped in thousands (1,850,000,000)."""
    return number(x, digits=precision, grouping=True)


def share(x: float | None) -> str:
    """A share as a percentage with at most one decimal: 0.2937 → 29.4%, 0.6 → 60%."""
    if x is None or not math.isfinite(x):
        return DASH
    return number(x * 100, digits=1) + "%"


def is_percent(unit: str | None) -> bool:
    return unit in PERCENT_UNITS


def amount(x: float | None, unit: str | None, *, precision: int = 2) -> str:
    """A value with its unit for a sentence: 97.8%, 3600个, 1.5万个, 18.5亿元, 12.1年."""
    if x is None or not math.isfinite(x):
        return DASH
    unit = unit or ""
    if unit not in UNSCALED_UNITS:
        for size, word in ((1e8, "亿"), (1e4, "万")):
            if abs(x) >= size:
                return f"{number(x / size, digits=max(precision, 2))}{word}{unit}"
    return f"{number(x, digits=precision)}{unit}"


def difference(x: float | None, unit: str | None, *, precision: int = 2) -> str:
    """A difference of two values: percentage points for %, else like ``amount``."""
    if is_percent(unit):
        return f"{number(x, digits=precision)}个百分点" if x is not None and math.isfinite(x) else DASH
    return amount(x, unit, precision=precision)


def difference_unit(unit: str | None) -> str | None:
    """The unit a difference is measured in (a supervision-list column)."""
    return "个百分点" if is_percent(unit) else unit


def up_word(unit: str | None) -> str:
    """提高 for rates and levels, 增加 for counts and money."""
    return "增加" if unit in COUNT_UNITS else "提高"


def down_word(unit: str | None) -> str:
    return "减少" if unit in COUNT_UNITS else "下降"


def year_span(first: int, last: int) -> str:
    """2024—2025年, or 2025年 for one year."""
    return f"{last}年" if first >= last else f"{first}—{last}年"


def goal(comparator: Comparator, target: float | None, unit: str | None, *, precision: int = 2,
         binary: bool = False) -> str:
    """The goal in words: 不低于98.5%, 不高于5%, 降低, 完成."""
    if binary:
        return "完成"
    word = COMPARATOR_WORDS[comparator]
    if target is None:
        return word
    return f"{word}{amount(target, unit, precision=precision)}"


def goal_cell(comparator: Comparator, target: float | None, *, precision: int = 2, binary: bool = False) -> str:
    """The goal in a table cell: ≥98.5, ≤5, 降低, 完成."""
    if binary:
        return "完成"
    sign = comparator.sign
    if target is None:
        return sign
    return f"{sign}{cell(target, precision=precision)}"
