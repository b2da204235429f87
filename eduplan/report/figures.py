"""How numbers read in a report: table cells and the figures inside sentences.

Numbers are printed the way the plan writes them (``Scale``): in the plan's magnitude
(a plan that says 29.51亿元 or has a 万人 column gets 亿元 / 万人, never 2,951,000,000 元),
with the plan's decimals for figures the report derives (gaps, yearly needs, forecasts),
whole numbers for counts (所, 人, 名 …: no 30.05所), no thousands separators. Observed
values keep the decimals they were entered with, up to two. A change of a percentage is
in percentage points (个百分点). Trailing zeros are trimmed: 98.50 → 98.5, 100.0 → 100.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from eduplan.domain import Comparator

DASH = "—"
PERCENT_UNITS = frozenset({"%", "％"})
# units whose values are never scaled to 万/亿 (rates, durations, ages, ratios)
UNSCALED_UNITS = PERCENT_UNITS | {"‰", "年", "岁", "个百分点", "倍", "小时", "天", "项"}
# units of countable things or money: changes are 增加/减少, not 提高/降低
COUNT_UNITS = frozenset({"个", "所", "人", "名", "元", "万元", "亿元", "平方米", "亩", "间", "张", "套", "座", "班",
                         "人次", "册", "台", "家", "处", "条", "门", "万人", "万人次"})
# units of things counted one by one: never a fraction of one (30所, not 30.05所)
WHOLE_UNITS = frozenset({"个", "所", "人", "名", "间", "张", "套", "座", "班", "人次", "册", "台", "家", "处", "条", "门",
                         "位", "次", "场", "项", "期", "批", "支", "节", "户", "元"})
MAGNITUDES = {"万": 1e4, "亿": 1e8}

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
    rounded = float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))  # 6.25 → 6.3
    text = f"{rounded:,.{digits}f}" if grouping else f"{rounded:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cell(x: float | None, *, precision: int = 2) -> str:
    """A table cell: the number only, without thousands separators (a separator is where
    a narrow column breaks a figure, and 公文 tables in 万/亿 do not need one)."""
    return number(x, digits=precision)


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


# ---- the plan's own magnitude and precision ----------------------------------------------

@dataclass(frozen=True, slots=True)
class Scale:
    """How a target's numbers are shown: stored value / ``factor`` in ``unit`` (亿元 for a
    stored 元 the plan writes in 亿元), ``decimals`` the plan's own decimals (used for
    figures the report derives), ``whole`` for counts shown in their base unit."""

    factor: float = 1.0
    unit: str = ""
    decimals: int = 1
    whole: bool = False

    @property
    def percent(self) -> bool:
        return self.unit in PERCENT_UNITS

    def value(self, x: float) -> float:
        return x / self.factor


_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)")


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _base(unit: str | None) -> tuple[str, float]:
    """"万人" → ("人", 1e4); "元" → ("元", 1)."""
    unit = (unit or "").strip()
    if len(unit) > 1 and unit[0] in MAGNITUDES:
        return unit[1:], MAGNITUDES[unit[0]]
    return unit, 1.0


@lru_cache(maxsize=4096)
def plan_scale(unit: str | None, precision: int, quote: str = "", target: float | None = None,
               largest: float | None = None) -> Scale:
    """The scale a plan writes a target in, from its quote.

    * a percentage: the decimals of the quote's figures (98.42% → 2), else the indicator's
      precision, at most 2;
    * a magnitude written with the unit (29.51亿元, a 万人 column header), or a figure of
      the quote that is the target in 万 or 亿 (4.9 for 49000): that magnitude, with the
      decimals the quote writes;
    * else counts and money in their base unit; a sum of money or a count of at least
      100000 without a stated magnitude in 万 (亿 from 1e8), two decimals.
    Whole-count units (所, 人, 名 …) shown unscaled have no decimals.
    """
    base, stored = _base(unit)
    precision = min(max(int(precision or 0), 0), 2)
    if base in PERCENT_UNITS or base in UNSCALED_UNITS:
        found = [_decimals(m) for m in _NUMBER.findall(quote or "")]
        decimals = min(max(found), 2) if found else precision
        return Scale(1.0, base, max(decimals, 0 if base not in PERCENT_UNITS else 0))
    text = quote or ""
    if base:
        for word, size in MAGNITUDES.items():
            hits = re.findall(r"(\d+(?:\.\d+)?)\s*" + word + re.escape(base), text)
            if hits or (word + base) in text:
                decimals = max((_decimals(h) for h in hits), default=_figure_decimals(text, target, size / stored))
                return Scale(size / stored, word + base, min(decimals, 2))
    if target:
        for word, size in MAGNITUDES.items():
            factor = size / stored
            if _figure_in(text, target / factor):
                return Scale(factor, word + base, min(_figure_decimals(text, target, factor), 2))
    size = max(abs(target or 0), abs(largest or 0)) * stored
    if base in COUNT_UNITS and size >= 1e5:
        word, magnitude = ("亿", 1e8) if size >= 1e8 else ("万", 1e4)
        return Scale(magnitude / stored, word + base, 2)
    whole = base in WHOLE_UNITS and stored == 1
    return Scale(1.0, unit or "", 0 if whole else precision, whole=whole)


def _figure_in(text: str, x: float) -> bool:
    return any(math.isclose(float(m), x, rel_tol=1e-9, abs_tol=1e-9) for m in _NUMBER.findall(text))


def _figure_decimals(text: str, target: float | None, factor: float) -> int:
    """Decimals of the quote's figures written in the scale (the largest among them)."""
    found = [_decimals(m) for m in _NUMBER.findall(text) if not (1900 <= float(m) <= 2100 and "." not in m)]
    if target is not None:
        exact = [_decimals(m) for m in _NUMBER.findall(text)
                 if math.isclose(float(m), target / factor, rel_tol=1e-9)]
        if exact:
            return max(max(exact), max(found, default=0))
    return max(found, default=1)


def show(x: float | None, scale: Scale, *, derived: bool = False, with_unit: bool = True) -> str:
    """``x`` (stored units) as the plan writes it: 29.51亿元, 4.75万人, 97.8%, 30所.

    An observed value keeps the decimals it was entered with (up to two); a ``derived``
    figure (gap, yearly need, forecast) takes the plan's decimals. Whole counts are whole."""
    if x is None or not math.isfinite(x):
        return DASH
    v = scale.value(x)
    if scale.whole:
        text = str(int(math.ceil(abs(v) - 1e-9)) * (1 if v >= 0 else -1)) if derived else str(int(round(v)))
    else:
        digits = scale.decimals if derived else max(scale.decimals, min(_needed(v), 2))
        text = number(v, digits=digits)
    return text + (scale.unit if with_unit else "")


def show_difference(x: float | None, scale: Scale) -> str:
    """A difference (derived): 个百分点 for percentages, else like ``show``. A scaled
    count smaller than one of its magnitude falls back to whole base units (800人, not
    0.08万人)."""
    if x is None or not math.isfinite(x):
        return DASH
    if scale.percent:
        return f"{number(x, digits=max(scale.decimals, 1))}个百分点"
    if scale.factor > 1 and abs(scale.value(x)) < 1:
        base, _ = _base(scale.unit)
        if base in WHOLE_UNITS and base != "元":
            return f"{int(round(x * _stored_factor(scale)))}{base}"
    return show(x, scale, derived=True)


def _stored_factor(scale: Scale) -> float:
    """Base units per stored unit (1 unless the indicator is stored in 万)."""
    base, size = _base(scale.unit)
    return size / scale.factor


def _needed(v: float) -> int:
    """Decimals needed to show ``v`` exactly (at most 6)."""
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return _decimals(text)


def share_text(x: float | None) -> str:
    """A share in a sentence: whole percent unless below 10% (0.6 → 60%, 0.0833 → 8.3%)."""
    if x is None or not math.isfinite(x):
        return DASH
    return number(x * 100, digits=0 if abs(x) >= 0.1 else 1) + "%"
