"""Qualifiers: words that narrow an indicator to part of the population or of the schools
(特殊教育/残疾, 农村/城区, 公办/民办, 职高/普高, 随迁子女, 男/女 …).

The list is rule data (``rules/qualifiers.yaml``, validated on load). Two uses:

* a table row under a group row such as 特殊教育 measures that part only
  (``extract.measures`` records the group's qualifier on the row's targets);
* linking a name to the indicator dictionary (``services.matching``): two names link only
  when they hold the same qualifiers — "残疾儿童少年义务教育入学率" is never 义务教育入学率.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from eduplan.errors import RuleDataError
from eduplan.extract.ruleset import read_rule_file, validate_rules

FILE = "qualifiers.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QualifierGroup(_Strict):
    words: list[str]
    examples: list[tuple[str, str]]


class QualifiersFile(_Strict):
    groups: dict[str, QualifierGroup]
    exclusive: list[list[str]]
    table_groups: list[str]


class Qualifiers:
    """The compiled qualifier list: which groups a name holds."""

    def __init__(self, data: QualifiersFile) -> None:
        self.data = data
        # longest spellings first, so 特殊教育 is found before 特教
        self._words = sorted(((w, key) for key, g in data.groups.items() for w in g.words),
                             key=lambda item: len(item[0]), reverse=True)
        self.table_groups = frozenset(data.table_groups)

    def of(self, name: str) -> frozenset[str]:
        """The qualifier groups whose spellings occur in ``name``."""
        text = name or ""
        return frozenset(key for word, key in self._words if word in text)

    def words_of(self, name: str) -> list[str]:
        """The qualifier spellings in ``name`` as written, in text order, longest first at a tie."""
        text = name or ""
        found: list[tuple[int, str]] = []
        for word, _key in self._words:
            at = text.find(word)
            if at >= 0 and not any(a <= at < a + len(w) for a, w in found):
                found.append((at, word))
        return [w for _, w in sorted(found)]

    def same(self, a: str, b: str) -> bool:
        """Whether two names hold exactly the same qualifier groups."""
        return self.of(a) == self.of(b)


def _read() -> QualifiersFile:
    data = validate_rules(QualifiersFile, read_rule_file(FILE), FILE)
    known = set(data.groups)
    unknown = [k for pair in data.exclusive for k in pair if k not in known] + \
              [k for k in data.table_groups if k not in known]
    if unknown:
        raise RuleDataError(f"规则数据错误：未定义的限定词组 {unknown[0]}", location=FILE)
    return data


@lru_cache(maxsize=1)
def load_qualifiers() -> Qualifiers:
    return Qualifiers(_read())
