"""Every example in the YAML rule files is a test case; broken rule data is reported."""

from __future__ import annotations

import pytest
import yaml

from eduplan.errors import RuleDataError
from eduplan.extract import ruleset
from eduplan.extract.ruleset import UnitsFile, validate_rules, load_rules
from tests.extract.helpers import targets

RULES = load_rules()
EXAMPLES = (
    [pytest.param(e, id=f"units:{e.text}") for e in RULES.units.examples]
    + [pytest.param(e, id=f"comparators:{e.text}") for e in RULES.comparator_examples]
    + [pytest.param(e, id=f"lexicon:{e.text}") for e in RULES.lexicon.examples]
)


@pytest.mark.parametrize("example", EXAMPLES)
def test_rule_example(example):
    found = targets(f"到2025年,{example.text}。")
    assert any(
        (example.value is None or (t.value is not None and float(t.value) == example.value))
        and (example.unit is None or t.unit == example.unit)
        and (example.comparator is None or t.comparator == example.comparator)
        for t in found
    ), [(t.indicator, t.value, t.unit, t.comparator) for t in found]


@pytest.mark.parametrize("text", RULES.units.not_)
def test_rule_counter_example(text):
    assert targets(f"坚持改革创新,{text}。") == []


def test_unknown_key_is_reported_with_file_and_key():
    data = yaml.safe_load((ruleset.files("eduplan.extract") / "rules" / "units.yaml").read_text(encoding="utf-8"))
    data["not_"] = data.pop("not")
    data["unexpected"] = 1
    with pytest.raises(RuleDataError) as info:
        validate_rules(UnitsFile, data, "units.yaml")
    assert "units.yaml" in info.value.location and "unexpected" in info.value.location


def test_wrong_type_is_reported():
    data = yaml.safe_load((ruleset.files("eduplan.extract") / "rules" / "units.yaml").read_text(encoding="utf-8"))
    data["not_"] = data.pop("not")
    data["magnitudes"] = "万"
    with pytest.raises(RuleDataError, match="规则数据错误"):
        validate_rules(UnitsFile, data, "units.yaml")


@pytest.mark.parametrize("example", RULES.tables.examples, ids=lambda e: f"tables:{e.header}")
def test_table_header_example(example):
    from eduplan.extract.tables import _role, time_header

    assert _role(example.header) == example.role
    if example.role == "time":
        cue = time_header(example.header)
        assert (cue.year, cue.kind) == (example.year, example.kind)
