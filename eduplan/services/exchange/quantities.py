"""Numbers, years and units as people type them into monitoring sheets.

``parse_value("98.5%")`` → (98.5, "%"); ``"1,234"`` → 1234; full-width digits (９８．５) are
folded by NFKC; ``"1.2万"`` → 12000. ``convert(3.5, "万人", "人")`` → 35000 when the two
units share a base and differ only by a magnitude (万, 亿, 百万, 千万); anything else is
rejected with a reason. Failures raise ``ValueError`` whose message is the Chinese reason
shown to the user.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from eduplan.extract.units import clean_unit as spelled
from eduplan.extract.units import magnitudes, split_unit

_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_MAGNITUDES = magnitudes()  # one unit table with extraction: extract/rules/units.yaml
_YES = {"是", "已创成", "已完成", "已达到", "达到", "通过", "已通过", "完成", "创成", "已建成", "建成", "yes", "y", "true",
        "√"}
_NO = {"否", "未创成", "未完成", "未达到", "未通过", "未建成", "no", "n", "false", "×"}


def fold(text: str) -> str:
    """NFKC (full-width → half-width) and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


_RANK = re.compile(r"^第?(\d+)名$")


def parse_value(raw: object) -> tuple[Decimal, str | None]:
    """A number from a cell, with the unit the text itself implies ("98.5%" → "%")."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("数值不能为空")
    if isinstance(raw, bool):
        raise ValueError("数值应为数字")
    if isinstance(raw, int):
        return Decimal(raw), None
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError("数值应为数字")
        return Decimal(repr(raw)), None
    if isinstance(raw, Decimal):
        return raw, None
    text = fold(str(raw)).replace(" ", "")
    unit = None
    if text.endswith("%"):
        text, unit = text[:-1], "%"
    rank = _RANK.match(text)
    if rank:  # 第35名 / 35名: a place
        text, unit = rank.group(1), "名"
    factor = Decimal(1)
    for word, magnitude in _MAGNITUDES.items():
        if text.endswith(word) and len(text) > len(word):
            text, factor = text[: -len(word)], magnitude
            break
    if "," in text:
        if not _GROUPED.match(text):
            raise ValueError("数值中的逗号位置不对（千位分隔应为 1,234）")
        text = text.replace(",", "")
    if not _PLAIN.match(text):
        raise ValueError("数值应为数字（可写作 98.5、98.5%、1,234）")
    try:
        return Decimal(text) * factor, unit
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise ValueError("数值应为数字") from exc


def parse_flag(raw: object) -> Decimal | None:
    """是/否 style answers for binary indicators (创成 …), else None."""
    if isinstance(raw, str):
        text = fold(raw).lower()
        if text in _YES:
            return Decimal(1)
        if text in _NO:
            return Decimal(0)
    return None


def parse_year(raw: object) -> int:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("年份不能为空")
    if isinstance(raw, bool):
        raise ValueError("年份应为四位数字")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        year = raw
    else:
        text = fold(str(raw)).removesuffix("年").removesuffix(".0")
        if not (len(text) == 4 and text.isdigit()):
            raise ValueError("年份应为四位数字，如 2023")
        year = int(text)
    return year


def default_years() -> tuple[int, int]:
    """Years accepted without a plan: 1949 to next year."""
    return 1949, date.today().year + 1


def clean_unit(raw: object) -> str | None:
    if raw is None:
        return None
    text = fold(str(raw)).replace(" ", "")
    if not text:
        return None
    return spelled(text)


def convert(value: Decimal, unit: str | None, to_unit: str | None) -> Decimal:
    """``value`` in ``unit`` expressed in ``to_unit``; ValueError when not convertible.

    A missing unit on either side means "as the indicator is measured" and passes.
    """
    if unit is None or to_unit is None or unit == to_unit:
        return value
    if unit in _MAGNITUDES or to_unit in _MAGNITUDES:
        raise ValueError(f"单位“{unit}”含义不明确（{unit}什么？），应为“{to_unit}”")
    factor, base = split_unit(unit)
    target_factor, target_base = split_unit(to_unit)
    if base != target_base and {base, target_base} not in SAME_UNITS:
        raise ValueError(f"单位“{unit}”与指标单位“{to_unit}”不一致")
    return value * factor / target_factor


# measure words that name the same thing: a place (第5名 / 第5位), a share (% / 百分比)
SAME_UNITS = ({"名", "位"}, {"%", "百分比"})
