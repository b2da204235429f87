"""What extraction finds, as plain values (the JSON contract of ``eduplan extract``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from eduplan.domain import plain_number

# Working fields of a candidate that the JSON contract does not carry.
_WORKING = ("cue", "plain_verb", "at")


@dataclass(slots=True)
class TargetRecord:
    indicator: str
    comparator: str
    value: Decimal | None
    unit: str | None
    year: int | None
    kind: str  # "target" | "actual"
    quote: str
    start: int
    end: int
    baseline: dict | None = None  # {"year": int | None, "value": Decimal}
    section: int | None = None
    confidence: float = 0.9
    # how the target is measured and which way is better (extract/measures.py):
    measure: str | None = None  # domain.Measure value
    direction: str | None = None  # "up" | "down"
    qualifiers: list[str] = field(default_factory=list)  # group qualifiers the name lacks (特殊教育)
    role: str | None = None  # None (a commitment or a result) | "context" (counts of project categories)
    # a candidate's time cue (timing.TimeCue) until the resolver has set kind and year, and
    # whether its comparator word was a plain 达到/为 (an exact level when it reports a result)
    cue: Any = None
    plain_verb: bool = False
    at: int = -1  # where the figure itself sits (the quote may start with its name)

    def to_dict(self) -> dict:
        d = asdict(self)
        for key in _WORKING:
            d.pop(key, None)
        d["value"] = plain_number(self.value)
        if self.baseline:
            d["baseline"] = {"year": self.baseline.get("year"), "value": plain_number(self.baseline.get("value"))}
        return d


@dataclass(slots=True)
class TaskRecord:
    number: str
    title: str
    text: str
    responsible_units: list[str]
    start: int
    end: int
    section: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class ProjectRecord:
    name: str
    quote: str
    start: int
    end: int
    level: str | None = None
    stage: str | None = None
    count: int | None = None
    investment: Decimal | None = None
    floor_area: Decimal | None = None
    seats: int | None = None
    land: Decimal | None = None
    year: int | None = None
    section: int | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        for key in ("investment", "floor_area", "land"):
            d[key] = plain_number(getattr(self, key))
        return d


@dataclass(slots=True)
class Extraction:
    targets: list[TargetRecord] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    # yes/no goals without a number (力争2023年创成全国义务教育优质均衡市): stored as binary
    # targets by ingest; kept apart from ``targets``, the quantitative statements
    goals: list[TargetRecord] = field(default_factory=list)

