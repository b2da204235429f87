"""Values and closed sets every layer shares. Imports nothing of ours, does no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum


class DocType(StrEnum):
    """The genre of a document (see ``ingest/rules/genres.yaml`` for how each is recognised
    and whether its figures are commitments or results)."""

    PLAN = "plan"  # 规划 / 纲要 (十四五规划)
    ACTION_PLAN = "action_plan"  # 行动方案 / 实施方案 / 行动计划
    WORK_POINTS = "work_points"  # 年度工作要点 / 工作计划
    SUMMARY = "summary"  # 工作总结 (+ 工作打算)
    EVALUATION = "evaluation"  # 中期评估报告 / 自查报告 / 督查通报
    GOV_REPORT = "gov_report"  # 政府工作报告
    STATISTICS = "statistics"  # 统计公报 / 教育统计数据 (and a 国民经济统计公报's education section)
    YEARBOOK = "yearbook"  # 年鉴 / 概况
    MINSHENG = "minsheng"  # 民生实事 / 为民办实事 list
    MINSHENG_PROGRESS = "minsheng_progress"  # 民生实事 完成情况 / 进展
    PROGRESS = "progress"  # 工作进展 news and notices
    NOTICE = "notice"  # 通知 / 意见

    @property
    def label(self) -> str:
        return DOC_TYPE_LABELS[self]

    @property
    def reports_results(self) -> bool:
        """Documents whose figures are mostly achieved values (a source of monitoring data)."""
        return self in RESULT_TYPES


DOC_TYPE_LABELS = {
    DocType.PLAN: "规划",
    DocType.ACTION_PLAN: "行动方案",
    DocType.WORK_POINTS: "工作要点",
    DocType.SUMMARY: "工作总结",
    DocType.EVALUATION: "评估报告",
    DocType.GOV_REPORT: "政府工作报告",
    DocType.STATISTICS: "统计公报",
    DocType.YEARBOOK: "年鉴",
    DocType.MINSHENG: "民生实事",
    DocType.MINSHENG_PROGRESS: "民生实事进展",
    DocType.PROGRESS: "工作进展",
    DocType.NOTICE: "通知意见",
}
RESULT_TYPES = frozenset({DocType.SUMMARY, DocType.EVALUATION, DocType.GOV_REPORT, DocType.STATISTICS,
                          DocType.YEARBOOK, DocType.MINSHENG_PROGRESS, DocType.PROGRESS})


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
    CONTEXT = "context"  # a number that describes the plan, not a commitment (counts of project categories)


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


class Measure(StrEnum):
    """How a target is measured: each has its own rule in the evaluation engine.

    Decided at extraction from the wording (``extract/rules/measures.yaml``) and editable
    in review; a target without one takes its indicator's kind."""

    LEVEL = "level"  # a rate or stock reached by the deadline: 入园率达到98%
    MAINTAIN = "maintain"  # 保持100%: every year at the level
    PER_YEAR = "per_year"  # 每年/年均不少于N: judged year by year
    CUMULATIVE = "cumulative"  # 期间累计/新增N: the sum of the yearly additions
    YEARLY_AMOUNT = "yearly_amount"  # a plan's amount for each year (投入9.7/13.4/12.8/8.6亿)
    BINARY = "binary"  # 创成/建成 a title or facility by a year: 1 done, 0 not
    RANK = "rank"  # 进入全省前30名: a rank, lower is better
    DIRECTIONAL = "directional"  # 提高/下降 without a number
    GROWTH_RATE = "growth_rate"  # 年均增长5%

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS = {
    Measure.LEVEL: "达到水平", Measure.MAINTAIN: "保持水平", Measure.PER_YEAR: "每年",
    Measure.CUMULATIVE: "期间累计", Measure.YEARLY_AMOUNT: "逐年额度", Measure.BINARY: "是否完成",
    Measure.RANK: "排名", Measure.DIRECTIONAL: "提高/降低", Measure.GROWTH_RATE: "年均增长率",
}
ADDITIVE_MEASURES = frozenset({Measure.CUMULATIVE, Measure.PER_YEAR, Measure.YEARLY_AMOUNT})


def measure_of_kind(kind: str | None, comparator: str | None = None) -> Measure:
    """The measure a target has when nobody chose one: 提高/降低 without a number is
    directional, otherwise the indicator's kind (level, cumulative, growth_rate, maintain,
    binary) names it."""
    if comparator in (Comparator.INCREASE.value, Comparator.DECREASE.value):
        return Measure.DIRECTIONAL
    try:
        return Measure(kind or "level")
    except ValueError:
        return Measure.LEVEL


class EntryBasis(StrEnum):
    """填报口径 of an additive indicator: what one yearly cell holds."""

    ADDITION = "addition"  # 当年新增: the year's own addition or amount
    TOTAL = "total"  # 累计: the running total since the plan's base year

    @property
    def label(self) -> str:
        return "当年新增" if self is EntryBasis.ADDITION else "累计值"


def parse_basis(text: str | None) -> EntryBasis | None:
    """A 填报口径 cell as users write it (当年新增, 累计, addition, total …) → EntryBasis;
    None for an empty cell; ValueError for anything else."""
    value = (text or "").strip().lower()
    if not value:
        return None
    for basis, words in BASIS_WORDS.items():
        if value in words:
            return basis
    raise ValueError(text)


BASIS_WORDS = {
    EntryBasis.ADDITION: ("addition", "yearly", "当年", "当年新增", "当年值", "当年数", "年度", "年度新增", "新增", "增量"),
    EntryBasis.TOTAL: ("total", "running_total", "cumulative", "累计", "累计值", "累计数", "累计完成", "累计新增", "总计"),
}


class Direction(StrEnum):
    UP = "up"  # more is better
    DOWN = "down"  # less is better (近视率)


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LAGGING = "lagging"
    REGRESSING = "regressing"
    OVERDUE = "overdue"  # 到期未完成: the deadline has passed and the target was not met
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
    Status.OVERDUE: "到期未完成",
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
    Status.OVERDUE: "#880e4f",
    Status.NO_DATA: "#8a939e",
}
STATUS_TINTS = {
    Status.ACHIEVED: "C8E6C9", Status.ON_TRACK: "DCEDC8", Status.AT_RISK: "FFF3C4",
    Status.LAGGING: "FFD8B5", Status.REGRESSING: "FFC9C9", Status.OVERDUE: "F4B6C2", Status.NO_DATA: "EEEEEE",
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
