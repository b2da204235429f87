"""Values and closed sets every layer shares. Imports nothing of ours, does no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum


class DocType(StrEnum):
    PLAN = "plan"  # 规划 (十四五规划)
    ACTION_PLAN = "action_plan"  # 行动方案 / 实施方案
    WORK_POINTS = "work_points"  # 年度工作要点
    SUMMARY = "summary"  # 工作总结
    EVALUATION = "evaluation"  # 中期评估报告 / 督查通报

    @property
    def label(self) -> str:
        return DOC_TYPE_LABELS[self]


DOC_TYPE_LABELS = {
    DocType.PLAN: "规划",
    DocType.ACTION_PLAN: "行动方案",
    DocType.WORK_POINTS: "工作要点",
    DocType.SUMMARY: "工作总结",
    DocType.EVALUATION: "评估报告",
}


class Comparator(StrEnum):
    AT_LEAST = ">="
    MORE_THAN = ">"
    AT_MOST = "<="
    LESS_THAN = "<"
    EQUAL = "="
    INCREASE = "increase"
    DECREASE = "decrease"

    @property
    def sign(self) -> str:
        """How tables and statements write it: ≥ > ≤ < = 提高 降低."""
        return COMPARATOR_SIGNS[self]


COMPARATOR_SIGNS = {
    Comparator.AT_LEAST: "≥", Comparator.MORE_THAN: ">", Comparator.AT_MOST: "≤", Comparator.LESS_THAN: "<",
    Comparator.EQUAL: "=", Comparator.INCREASE: "提高", Comparator.DECREASE: "降低",
}


def comparator_sign(value: str) -> str:
    """The sign of a stored comparator (">=" → "≥"); text that is no comparator comes back as it is."""
    try:
        return Comparator(value).sign
    except ValueError:
        return value


class TargetKind(StrEnum):
    TARGET = "target"  # a commitment
    ACTUAL = "actual"  # an achieved value or a baseline


class ReviewState(StrEnum):
    EXTRACTED = "extracted"
    CONFIRMED = "confirmed"
    EDITED = "edited"
    REJECTED = "rejected"
    MANUAL = "manual"  # added by a planner


class IndicatorKind(StrEnum):
    LEVEL = "level"  # a rate or a stock: 入园率, 平均受教育年限
    CUMULATIVE = "cumulative"  # additions over the plan: 新增学位
    GROWTH_RATE = "growth_rate"  # 年均增长X%
    MAINTAIN = "maintain"  # 保持100%
    BINARY = "binary"  # 创成国家…县


class Direction(StrEnum):
    UP = "up"  # more is better
    DOWN = "down"  # less is better (近视率)


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LAGGING = "lagging"
    REGRESSING = "regressing"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.ACHIEVED: "已实现",
    Status.ON_TRACK: "符合或快于预期",
    Status.AT_RISK: "进度偏慢",
    Status.LAGGING: "滞后",
    Status.REGRESSING: "倒退",
    Status.NO_DATA: "无数据",
}


# One palette for every page, chart and report (the dashboard and the HTML report once
# disagreed): strong colours for marks and badges (white text on them), light tints for
# spreadsheet cells. app.css repeats STATUS_COLOURS as CSS variables (a test keeps them equal).
STATUS_COLOURS = {
    Status.ACHIEVED: "#2e7d32",
    Status.ON_TRACK: "#558b2f",
    Status.AT_RISK: "#c88a00",
    Status.LAGGING: "#e65100",
    Status.REGRESSING: "#c62828",
    Status.NO_DATA: "#8a939e",
}
STATUS_TINTS = {
    Status.ACHIEVED: "C8E6C9", Status.ON_TRACK: "DCEDC8", Status.AT_RISK: "FFF3C4",
    Status.LAGGING: "FFD8B5", Status.REGRESSING: "FFC9C9", Status.NO_DATA: "EEEEEE",
}


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"  # 规划科
    UNIT = "unit"  # a 责任单位 user
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return {"admin": "管理员", "planner": "规划科", "unit": "责任单位", "viewer": "只读"}[self.value]


class RegionLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"not_started": "未启动", "in_progress": "推进中", "done": "已完成"}[self.value]


def plain_number(value: Decimal | None) -> int | float | None:
    """A decimal as JSON and spreadsheet cells hold it: an int when whole (30000, not
    30000.0), else a float; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def decimal_text(value: Decimal | float | int | None) -> str | None:
    """A number as plain text without exponent or trailing zeros: 98.700000 → "98.7",
    3E+3 → "3000"; None stays None."""
    if value is None:
        return None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return format(d.normalize(), "f")


BEIJING = timezone(timedelta(hours=8), "北京时间")  # the time users read


def beijing_time(at: datetime) -> datetime:
    """A stored moment in Beijing time (SQLite gives back naive UTC)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(BEIJING)
