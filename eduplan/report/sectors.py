"""Sectors (学段与领域) of a mid-term report: 学前、义务、高中、职业、特殊、终身 … 保障.

A real 中期评估报告 speaks of 学前教育, 义务教育 … not of the plan's chapter titles
(总体要求, 主要任务), so the report groups targets and tasks by sector. The vocabulary is
data (``rules/sectors.yaml``): a sector for every name of the shipped indicator
dictionary, words for any other name, and the general group 其他方面 for a target
nothing identifies — it is never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

GENERAL = "general"


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector: ``key`` (preschool), ``label`` (学前教育), ``order`` in the report."""

    key: str
    label: str
    order: int


@dataclass(frozen=True, slots=True)
class SectorRules:
    sectors: dict[str, Sector]
    words: dict[str, tuple[str, ...]]
    match_order: tuple[str, ...]
    money_words: tuple[str, ...]
    indicators: dict[str, str]
    ignore: tuple[str, ...] = ()


@cache
def rules() -> SectorRules:
    """The rules of ``rules/sectors.yaml`` (read once)."""
    data = yaml.safe_load((files("eduplan.report") / "rules" / "sectors.yaml").read_text(encoding="utf-8"))
    order = {key: i for i, key in enumerate(data["report_order"])}
    sectors = {key: Sector(key, str(v["label"]), order[key]) for key, v in data["sectors"].items()}
    words = {key: tuple(str(w) for w in v.get("words") or ()) for key, v in data["sectors"].items()}
    return SectorRules(sectors=sectors, words=words, match_order=tuple(data["match_order"]),
                       money_words=tuple(data["support_money"]), indicators=dict(data["indicators"]),
                       ignore=tuple(data.get("ignore") or ()))


def sector(key: str) -> Sector:
    r = rules()
    return r.sectors.get(key, r.sectors[GENERAL])


def _by_words(texts: Iterable[str]) -> str | None:
    r = rules()
    joined = " ".join(t for t in texts if t)
    for word in r.ignore:
        joined = joined.replace(word, " ")
    if not joined.strip():
        return None
    for key in r.match_order:
        words = r.money_words if key == "support_money" else r.words.get(key, ())
        if any(w in joined for w in words):
            return "support" if key == "support_money" else key
    return None


def sector_of(indicator: str | None, name: str | None = None, section_title: str | None = None) -> Sector:
    """The sector of a target: dictionary name, then words of its names, then words of the
    title of the section holding it, else the general group."""
    r = rules()
    if indicator and indicator in r.indicators:
        return sector(r.indicators[indicator])
    key = _by_words([indicator or "", name or ""]) or _by_words([section_title or ""])
    return sector(key or GENERAL)


def task_sector(title: str, section_title: str | None = None, text: str = "") -> Sector:
    """The sector of a key task: its title, else the section it stands in, else the
    first sentence of its text."""
    key = _by_words([title]) or _by_words([section_title or ""]) or _by_words([text[:60]])
    return sector(key or GENERAL)
