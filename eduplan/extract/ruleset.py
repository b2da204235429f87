"""Load, validate and compile the YAML rule data once (``RuleSet``).

Rules are data (``rules/*.yaml``); this module is the only reader. A missing key, a
wrong type or a bad regex raises ``RuleDataError`` naming the file and key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from eduplan.errors import RuleDataError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Example(_Strict):
    text: str
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None


class UnitsFile(_Strict):
    magnitudes: dict[str, int]
    spellings: dict[str, str]
    units: list[str]
    implicit: dict[str, str]
    chinese_ok: list[str]
    not_before: dict[str, list[str]]
    not_counts_of: list[str]
    examples: list[Example]
    not_: list[str] = []

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ComparatorGroup(_Strict):
    comparator: str
    before: list[str] = []
    after: list[str] = []


class LexiconFile(_Strict):
    actual_sections: list[str]
    plan_sections: list[str]
    actual_cues: list[str]
    target_cues: list[str]
    commit_cues: list[str]
    clause_commit_cues: list[str]
    programme_words: list[str]
    programme_size_cues: list[str]
    programme_list_cues: list[str]
    result_cues: list[str]
    now_cues: list[str]
    past_year_openers: list[str]
    task_title_verbs: list[str]
    present_year_openers: list[str]
    done_after: list[str]
    future_capacity_cues: list[str]
    cue_false_friends: list[str]
    scope_after: list[str]
    scope_nouns: list[str]
    scope_before: list[str]
    lead_words: list[str]
    lead_word_not: list[str]
    share_verbs: list[str]
    system_nouns: list[str]
    tail_words: list[str]
    increase_words: list[str]
    decrease_words: list[str]
    name_patterns: list[str]
    examples: list[Example]
    bare_verbs: list[str]
    noun_end: list[str]
    noun_end_not: list[str]
    person_endings: list[str]
    object_verbs: list[str]
    project_verbs: list[str]
    existing_frames: list[list[str]]
    measurable: list[str]
    not_measurable: list[str]
    change_bases: list[str]
    change_up: list[str]
    change_down: list[str]
    lower_is_better: list[str]
    region_words: list[str]
    budget_words: list[str]
    spent_words: list[str]
    qualifiers: list[str]
    parallel_subjects: list[list[str]]
    chinese_count_verbs: list[str]
    measures: list[str]
    history_openers: list[str]
    history_not: list[str]
    traditional: str


class TableExample(_Strict):
    header: str
    role: str
    year: int | None = None
    kind: str | None = None


class TablesFile(_Strict):
    number_headers: list[str]
    unit_headers: list[str]
    attribute_headers: list[str]
    label_headers: list[str]
    category_headers: list[str]
    deadline_headers: list[str]
    flat_header_words: list[str]
    result_header_words: list[str]
    target_header_words: list[str]
    base_words: list[str]
    goal_words: list[str]
    commit_columns: list[str]
    result_columns: list[str]
    empty_cells: list[str]
    attribute_cells: list[str]
    project_name_headers: list[str]
    project_money_words: list[str]
    examples: list[TableExample]


class RuleSet:
    """Compiled rule data. Build with ``load_rules()`` (cached)."""

    def __init__(self, units: UnitsFile, comparators: dict[str, ComparatorGroup], plain_for_actual: list[str],
                 comparator_examples: list[Example], lexicon: LexiconFile, tables: TablesFile) -> None:
        self.units = units
        self.magnitudes = {k: v for k, v in units.magnitudes.items() if len(k) == 1}  # 3万个, 9.7亿元
        self.unit_words = sorted(set(units.units), key=len, reverse=True)
        self.implicit_units = units.implicit
        self.chinese_ok = set(units.chinese_ok)
        self.not_before = {k: tuple(v) for k, v in units.not_before.items()}
        self.comparators = comparators
        self.plain_for_actual = set(plain_for_actual)
        self.comparator_examples = comparator_examples
        self.lexicon = lexicon
        self.tables = tables
        self.before_words = sorted(
            ((w, g.comparator) for g in comparators.values() for w in g.before), key=lambda x: len(x[0]), reverse=True
        )
        self.after_words = sorted(
            ((w, g.comparator) for g in comparators.values() for w in g.after), key=lambda x: len(x[0]), reverse=True
        )
        self.lead_words = sorted(lexicon.lead_words, key=len, reverse=True)
        self.tail_words = sorted(lexicon.tail_words, key=len, reverse=True)
        self.increase_words = sorted(lexicon.increase_words, key=len, reverse=True)
        self.decrease_words = sorted(lexicon.decrease_words, key=len, reverse=True)
        self.name_patterns = [re.compile(p) for p in lexicon.name_patterns]


def read_rule_file(name: str) -> dict[str, Any]:
    """A YAML file of ``extract/rules`` as a mapping; a clear error naming the file if not."""
    path = files("eduplan.extract") / "rules" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleDataError(f"规则文件无法解析：{exc}", location=name) from exc
    if not isinstance(data, dict):
        raise RuleDataError("规则文件应为键值映射", location=name)
    return data


def validate_rules(model: type[BaseModel], data: dict, name: str) -> Any:
    """``data`` as ``model``; the first error names the file and the key."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise RuleDataError(f"规则数据错误：{first['msg']}", location=f"{name} 键 {key}") from exc


@lru_cache(maxsize=4)
def simplifier(pairs: str) -> dict[int, str]:
    """The lexicon's traditional → simplified pairs (``traditional``) as a str.translate table."""
    return {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    units_raw = read_rule_file("units.yaml")
    units_raw["not_"] = units_raw.pop("not", [])
    units = validate_rules(UnitsFile, units_raw, "units.yaml")
    comp_raw = read_rule_file("comparators.yaml")
    plain = comp_raw.pop("plain_for_actual", [])
    comp_examples = [Example.model_validate(e) for e in comp_raw.pop("examples", [])]
    groups = {k: validate_rules(ComparatorGroup, v, "comparators.yaml") for k, v in comp_raw.items()}
    lexicon = validate_rules(LexiconFile, read_rule_file("lexicon.yaml"), "lexicon.yaml")
    for p in lexicon.name_patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise RuleDataError(f"正则表达式无效：{exc}", location=f"lexicon.yaml 键 name_patterns：{p}") from exc
    tables = validate_rules(TablesFile, read_rule_file("tables.yaml"), "tables.yaml")
    return RuleSet(units, groups, plain, comp_examples, lexicon, tables)
