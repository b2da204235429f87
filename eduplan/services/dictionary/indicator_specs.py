"""Indicator dictionary entries as plain values: read them from YAML/CSV, or guess one
from an extracted target when the dictionary has no match.

No database here: ``services.dictionary.indicators`` stores what these functions return.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files

import yaml

from eduplan.domain import Direction, IndicatorKind
from eduplan.errors import InputError, Problems

KEYS = {"name", "aliases", "unit", "direction", "kind", "precision", "max_value", "min_value", "description"}


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    name: str
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    direction: str = Direction.UP.value
    kind: str = IndicatorKind.LEVEL.value
    precision: int = 1
    max_value: Decimal | None = None
    min_value: Decimal | None = None
    description: str | None = None
    needs_review: bool = False
    reasons: tuple[str, ...] = field(default=(), compare=False)  # why a guess came out this way


def sample_dictionary_text() -> str:
    return (files("eduplan") / "samples" / "indicators.yaml").read_text(encoding="utf-8")


def parse_dictionary(text: str, *, source_name: str = "indicators.yaml") -> list[IndicatorSpec]:
    """Entries of a dictionary file (YAML list, or CSV with ``aliases`` separated by |).

    Every problem is reported at once (entry number for YAML, row for CSV).
    """
    if source_name.lower().endswith(".csv"):
        raw = [dict(r) for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]
        for r in raw:
            r["aliases"] = [a for a in (r.get("aliases") or "").split("|") if a.strip()]
        first_row = 2
    else:
        try:
            raw = yaml.safe_load(text) or []
        except yaml.YAMLError as exc:
            raise InputError("指标库文件不是有效的 YAML", location=source_name, hint=str(exc)) from exc
        if not isinstance(raw, list):
            raise InputError("指标库文件应为指标条目的列表", location=source_name, hint="每个条目以“- name: …”开头")
        first_row = 1
    problems = Problems()
    specs: list[IndicatorSpec] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(raw, first_row):
        spec = _spec(entry, n, problems)
        if spec is None:
            continue
        for spelling in (spec.name, *spec.aliases):
            if spelling in seen and seen[spelling] != n:
                problems.add(n, "aliases" if spelling != spec.name else "name",
                             f"名称或别名与第{seen[spelling]}条重复", spelling)
            seen.setdefault(spelling, n)
        specs.append(spec)
    if problems:
        raise InputError("指标库文件有错误，未导入任何内容", location=source_name, errors=problems.items)
    return specs


def _spec(entry: object, n: int, problems: Problems) -> IndicatorSpec | None:
    if not isinstance(entry, dict):
        problems.add(n, "name", "条目应为键值对（name、unit、kind …）")
        return None
    unknown = set(entry) - KEYS
    if unknown:
        problems.add(n, "name", f"未知字段：{', '.join(sorted(map(str, unknown)))}")
    name = str(entry.get("name") or "").strip()
    if not name:
        problems.add(n, "name", "指标名称不能为空")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        problems.add(n, "aliases", "别名应为列表", aliases)
        aliases = []
    direction = str(entry.get("direction") or "up").strip()
    if direction not in {d.value for d in Direction}:
        problems.add(n, "direction", "方向应为 up 或 down", direction)
    kind = str(entry.get("kind") or "level").strip()
    if kind not in {k.value for k in IndicatorKind}:
        problems.add(n, "kind", "类型应为 level、cumulative、growth_rate、maintain 或 binary", kind)
    precision = _int(entry.get("precision"), 1)
    if precision is None or not 0 <= precision <= 6:
        problems.add(n, "precision", "小数位数应为 0 到 6 的整数", entry.get("precision"))
        precision = 1
    bounds = {}
    for key in ("max_value", "min_value"):
        value = entry.get(key)
        try:
            bounds[key] = None if value in (None, "") else Decimal(str(value))
        except InvalidOperation:
            problems.add(n, key, "应为数字", value)
            bounds[key] = None
    unit = entry.get("unit")
    return IndicatorSpec(
        name=name[:200], aliases=tuple(str(a).strip()[:200] for a in aliases if str(a).strip()),
        unit=str(unit).strip() if unit not in (None, "") else None, direction=direction, kind=kind,
        precision=precision, max_value=bounds["max_value"], min_value=bounds["min_value"],
        description=entry.get("description") or None,
    )


def _int(value: object, default: int) -> int | None:
    if value in (None, ""):
        return default
    try:
        return int(str(value))
    except ValueError:
        return None


# ---- guessing an indicator from an extracted target ----------------------------------

_GROWTH = re.compile(r"年均(?:增长|增幅|增速|递增)|增长率")
_MAINTAIN = re.compile(r"保持|巩固在|稳定在|持续保持")
_BINARY = re.compile(r"创成|创建成功|成功创建|通过.{0,24}(?:评估|验收|认定)|(?:评估|验收|认定)通过")
_CUMULATIVE = re.compile(r"新增|累计|新建|改扩建|新改扩建|建成|培训.*人次|招录|完成.*(?:项目|投资)")
_DOWN = re.compile(r"近视率|辍学率|流失率|肥胖率|班额|大班额|发生率|超标|不达标|负担|事故")
_NOT_DOWN = re.compile(r"降幅|下降|减少|降低")  # the indicator is the fall itself: more fall is better
_GROSS = re.compile(r"毛入学率|毛入园率")
_COUNT_SUFFIX = re.compile(r"(?:数|个数|人数|数量|所数|人次)$")


def guess_spec(name: str, *, unit: str | None, value: Decimal | None = None, quote: str = "") -> IndicatorSpec:
    """A dictionary entry for a name the dictionary does not know, flagged for review.

    Kind: 年均增长 → growth_rate; 保持/巩固在 → maintain; 创成 or 通过…评估 (without a
    count) → binary; 新增/累计/新建 → cumulative; otherwise level (% → a rate).
    Direction: 近视率/辍学率/班额 … → down, unless the name is a fall (近视率年降幅).
    """
    name = name.strip()
    context = quote.replace(name, " ") if quote else ""
    text = f"{name} {context}"
    reasons: list[str] = []
    if _GROWTH.search(text):
        kind = IndicatorKind.GROWTH_RATE
        reasons.append("年均增长")
    elif _MAINTAIN.search(context):
        kind = IndicatorKind.MAINTAIN
        reasons.append("保持/巩固")
    elif _BINARY.search(text) and unit != "%" and not _COUNT_SUFFIX.search(name):
        kind = IndicatorKind.BINARY
        reasons.append("创成/通过评估")
    elif (_CUMULATIVE.search(name) or _CUMULATIVE.search(context)) and unit != "%":
        kind = IndicatorKind.CUMULATIVE
        reasons.append("新增/累计")
    else:
        kind = IndicatorKind.LEVEL
        reasons.append("百分比" if unit == "%" else "存量")
    direction = Direction.UP
    if _DOWN.search(name) and not _NOT_DOWN.search(name):
        direction = Direction.DOWN
        reasons.append("越低越好")
    max_value = None
    min_value = None
    if unit == "%" and kind != IndicatorKind.GROWTH_RATE:
        max_value = Decimal(130) if _GROSS.search(name) else Decimal(100)
    if kind == IndicatorKind.GROWTH_RATE:
        min_value = Decimal(-100)
    if kind == IndicatorKind.BINARY:
        max_value = Decimal(1)
    return IndicatorSpec(
        name=name[:200], unit=unit or None, direction=direction.value, kind=kind.value,
        precision=decimals(value), max_value=max_value, min_value=min_value, needs_review=True,
        reasons=tuple(reasons),
    )


def decimals(value: Decimal | None) -> int:
    """Decimals a value is written with (0.45 → 2, 98 → 0), at most 6; 1 for no value."""
    if value is None:
        return 1
    exponent = value.normalize().as_tuple().exponent
    return min(max(-exponent, 0), 6) if isinstance(exponent, int) else 1
