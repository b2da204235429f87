"""One table of units for extraction, tables, imports and forms (``rules/units.yaml``).

A unit as written (万人, 亿元, 万平米, ％) is a magnitude times a base unit (10000 × 人,
1e8 × 元, 10000 × 平方米, 1 × %); values are stored in base units.
"""

from __future__ import annotations

from decimal import Decimal

from eduplan.extract.ruleset import load_rules


def clean_unit(text: str) -> str:
    """The one spelling of a unit: ％ → %, 平米 → 平方米, 百分点 → 个百分点."""
    spellings = load_rules().units.spellings
    text = text.strip().replace(" ", "")
    return spellings.get(text, text)


def magnitudes() -> dict[str, Decimal]:
    """Magnitude words, longest first (千万 before 万)."""
    items = load_rules().units.magnitudes.items()
    return {k: Decimal(v) for k, v in sorted(items, key=lambda kv: len(kv[0]), reverse=True)}


def split_unit(unit: str) -> tuple[Decimal, str]:
    """(magnitude, base): 万人次 → (10000, 人次); 亿元 → (1e8, 元); 人 → (1, 人)."""
    unit = clean_unit(unit)
    for word, magnitude in magnitudes().items():
        if unit.startswith(word) and len(unit) > len(word):
            return magnitude, unit[len(word):]
    return Decimal(1), unit


def is_unit(text: str) -> bool:
    """A unit word we know (with or without a magnitude): 万人, %, 平方米, 个百分点."""
    _, base = split_unit(text)
    rules = load_rules()
    return base in rules.unit_words or base in rules.units.spellings.values()
