"""Numbers as written in plans → Decimal: 98.7, 1,234, 三万, 二十, 百, 2.4万, 百分之九十.

Arabic digits are parsed directly; Chinese numerals go through cn2an ("smart" mode). A
magnitude (万, 亿, 千) is applied by the caller, which knows whether it belongs to the
number or to a unit such as 万人次.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千"
_BARE = {"百": Decimal(100), "千": Decimal(1000), "十": Decimal(10)}


def parse_number(text: str) -> Decimal | None:
    """Parse Arabic or Chinese numerals; None when the text is not a number."""
    s = text.strip().replace(",", "")
    if not s:
        return None
    if s[0].isdigit():
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    if s in _BARE:
        return _BARE[s]
    try:
        value = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


# No plan states a quantity this large (a quadrillion yuan); bigger numbers are noise
# (serial numbers, phone numbers) and would not fit the database's NUMERIC(24, 6).
MAX_VALUE = Decimal(10) ** 15


def normalise_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros without scientific notation (87.30 → 87.3, 30000 → 30000)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def plausible(value: Decimal | None) -> bool:
    return value is not None and abs(value) < MAX_VALUE
