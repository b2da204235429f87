"""Load and validate ``rules/measures.yaml`` once (the words behind ``extract.measures``
and ``extract.goals``). A missing key, a wrong type or a bad regex raises
``RuleDataError`` naming the file and key."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict

from eduplan.errors import RuleDataError
from eduplan.extract.ruleset import read_rule_file, validate_rules

FILE = "measures.yaml"
MEASURE_KEYS = ("rank", "growth_rate", "per_year", "maintain", "cumulative", "yearly_amount")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MeasureExample(_Strict):
    text: str
    measure: str | None = None
    direction: str | None = None
    kind: str | None = None


class CueRule(_Strict):
    lead: list[str] = []
    name: list[str] = []
    units: list[str] = []
    not_units: list[str] = []
    examples: list[MeasureExample]


class ChangeRule(_Strict):
    lead: list[str]
    units: list[str]
    down_words: list[str]
    examples: list[MeasureExample]


class ContextRule(_Strict):
    sentence: list[str]
    names: list[str]
    breakdown_words: list[str]
    breakdown_names: list[str]
    examples: list[MeasureExample]


class BinaryRule(_Strict):
    verbs: list[str]
    passes: list[str]
    title_endings: list[str]
    not_endings: list[str]
    lead_words: list[str]
    actual_cues: list[str]
    examples: list[MeasureExample]


class MeasuresFile(_Strict):
    rank: CueRule
    growth_rate: CueRule
    yearly_change: ChangeRule
    per_year: CueRule
    maintain: CueRule
    cumulative: CueRule
    yearly_amount: CueRule
    down: list[str]
    not_down: list[str]
    higher_words: list[str]
    down_examples: list[MeasureExample]
    context: ContextRule
    binary: BinaryRule


class MeasureRules:
    """Compiled measures.yaml."""

    def __init__(self, data: MeasuresFile) -> None:
        self.data = data
        self.name_patterns = {key: [re.compile(p) for p in getattr(data, key).name] for key in MEASURE_KEYS}
        self.context_names = [re.compile(p) for p in data.context.names]
        self.breakdown_names = [re.compile(p) for p in data.context.breakdown_names]

    def rule(self, key: str) -> CueRule:
        return getattr(self.data, key)


@lru_cache(maxsize=1)
def load_measure_rules() -> MeasureRules:
    data = validate_rules(MeasuresFile, read_rule_file(FILE), FILE)
    try:
        return MeasureRules(data)
    except re.error as exc:
        raise RuleDataError(f"正则表达式无效：{exc}", location=FILE) from exc


