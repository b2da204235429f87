"""Small text formatters for the dashboard and indicator templates, passed to them as
``fmt`` (not registered globally, so they cannot clash with other pages' filters)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING

from eduplan.domain import DocType, comparator_sign
from eduplan.services.views.indicators import DIRECTION_LABELS, KIND_LABELS
from eduplan.web.templating import number

if TYPE_CHECKING:
    from eduplan.evaluate import TargetSpec

sign = comparator_sign


def with_unit(value, unit: str | None) -> str:
    if value is None:
        return "—"
    return f"{number(value)}{unit or ''}"


def target(spec: TargetSpec) -> str:
    """"≥98%（2025年）", "年均增长 ≥5%", "降低（2025年）"."""
    unit = spec.unit or ""
    if spec.is_directional:
        return f"{sign(spec.comparator)}（{spec.target_year}年）"
    prefix = "年均增长 " if spec.kind.value == "growth_rate" else ""
    return f"{prefix}{sign(spec.comparator)}{with_unit(spec.target, unit)}（{spec.target_year}年）"


def gap(value: float | None, unit: str | None) -> str:
    if value is None:
        return "—"
    if value <= 0:
        return "已达到"
    if unit == "%":
        return f"{number(value)}个百分点"
    return with_unit(value, unit)


def when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def kind(code: str) -> str:
    return KIND_LABELS.get(code, code)


def direction(code: str) -> str:
    return DIRECTION_LABELS.get(code, code)


def doc_type(code: str) -> str:
    try:
        return DocType(code).label
    except ValueError:
        return code


fmt = SimpleNamespace(sign=sign, with_unit=with_unit, target=target, gap=gap, when=when, kind=kind,
                      direction=direction, doc_type=doc_type)
