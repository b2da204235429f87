"""The tables of the report as rows of text, shared by the DOCX, HTML and Markdown
renderers so that every format prints the same cells. A "\n" in a cell is a line break
(DOCX and HTML keep it; Markdown tables turn it into a space)."""

from __future__ import annotations

from eduplan.evaluate import Point
from eduplan.report import figures as f
from eduplan.report.context import ProjectLine, SkippedLine, TargetLine, TaskLine

TARGET_COLUMNS = ("指标", "单位", "基期值", "目标值", "最新值", "完成程度", "状态", "目标年预测")
APPENDIX_COLUMNS = ("序号", "指标", "规划原文", "所在章节", "状态")
TASK_COLUMNS = ("编号", "重点任务", "责任单位", "期限", "进展", "进度")
PROJECT_COLUMNS = ("项目", "类别", "计划年份", "计划投资（万元）", "完成投资（万元）", "投资完成率", "计划学位（个）",
                   "建成学位（个）")
SKIPPED_COLUMNS = ("序号", "目标", "未纳入评估的原因")


def point_cell(p: Point | None, precision: int) -> str:
    """"97.8\n2023年": the value, then its year on a second line (narrow columns)."""
    return f.DASH if p is None else f"{f.cell(p.value, precision=f.digits(precision))}\n{p.year}年"


def forecast_cell(t: TargetLine) -> str:
    if t.forecast is None:
        return f.DASH
    value = f.cell(t.forecast, precision=f.digits(t.precision))
    if t.forecast_meets is None:
        return value
    return f"{value}\n{'可达标' if t.forecast_meets else '难达标'}"


def target_name(t: TargetLine) -> str:
    return t.name + ("（阶段目标）" if t.milestone_of is not None else "")


def target_row(t: TargetLine) -> list[str]:
    goal = f.goal_cell(t.comparator, t.target, precision=f.digits(t.precision), binary=t.binary)
    return [target_name(t), t.unit or f.DASH, point_cell(t.baseline, t.precision), f"{goal}\n{t.target_year}年",
            point_cell(t.latest, t.precision), f.share(t.completion), t.status.label, forecast_cell(t)]


def section_label(t: TargetLine) -> str:
    """三、主要任务 › 1.实施公办幼儿园扩容工程 — where the target stands in the plan."""
    inner = f"{(t.section_number or '').strip()}{(t.section_title or '').strip()}"
    if not inner and not t.chapter.key:
        return "（未归入章节）"
    if not t.chapter.key or inner == t.chapter.key:
        return inner or t.chapter.key
    return f"{t.chapter.key} › {inner}"


def appendix_row(i: int, t: TargetLine) -> list[str]:
    return [str(i), target_name(t), t.quote.strip() or f.DASH, section_label(t), t.status.label]


def task_row(k: TaskLine) -> list[str]:
    state = k.status.label + ("（到期未完成）" if k.overdue else "")
    return [k.number or f.DASH, k.title, k.units_label, f"{k.due_year}年" if k.due_year else f.DASH, state,
            f"{k.progress}%"]


def project_row(p: ProjectLine) -> list[str]:
    kind = "、".join(x for x in (p.level, p.stage) if x) or f.DASH
    rate = f.share(p.investment_done / p.investment) if p.investment and p.investment_done is not None else f.DASH
    return [p.name, kind, f"{p.year}年" if p.year else f.DASH, _wan(p.investment), _wan(p.investment_done), rate,
            f.cell(p.seats, precision=0) if p.seats is not None else f.DASH,
            f.cell(p.seats_done, precision=0) if p.seats_done is not None else f.DASH]


def _wan(x: float | None) -> str:
    return f.DASH if x is None else f.cell(x / 1e4, precision=2)


def skipped_row(i: int, k: SkippedLine) -> list[str]:
    return [str(i), k.name, k.reason]
