"""The tables of the report as rows of text, shared by the DOCX, HTML and Markdown
renderers so that every format prints the same cells. A "\n" in a cell is a line break
(DOCX and HTML keep it; Markdown tables turn it into a space).

Numbers are in the plan's magnitude and decimals (``TargetLine.scale``): the unit column
says 万人 or 亿元 and the cells hold 4.75, not 47,500.
"""

from __future__ import annotations

import re

from eduplan.evaluate import Point
from eduplan.report import figures as f
from eduplan.report.context import ProjectLine, SkippedLine, TargetLine, TaskLine

TARGET_COLUMNS = ("指标", "单位", "基期值", "目标值", "最新值", "完成进度", "状态", "目标年预测")
APPENDIX_COLUMNS = ("序号", "指标", "目标", "规划原文", "领域", "状态")
TASK_COLUMNS = ("序号", "重点任务", "牵头单位", "期限", "进展")
PROJECT_COLUMNS = ("项目", "类别", "计划年份", "计划投资（万元）", "完成投资（万元）", "投资完成率", "计划学位（个）",
                   "建成学位（个）")


def money_unit(projects: list[ProjectLine] | tuple[ProjectLine, ...]) -> tuple[str, float]:
    """The unit a plan writes its project money in: 亿元 when its project quotes do, else 万元."""
    return ("亿元", 1e8) if any("亿元" in (p.quote or "") for p in projects) else ("万元", 1e4)


def project_columns(projects) -> tuple[str, ...]:
    unit, _ = money_unit(projects)
    return tuple(c.replace("（万元）", f"（{unit}）") for c in PROJECT_COLUMNS)
SKIPPED_COLUMNS = ("序号", "目标", "未纳入评估的原因")
QUOTE_LIMIT = 90  # characters of a quote in the appendix; the rest is elided


def point_cell(p: Point | None, t: TargetLine) -> str:
    """"97.8\n2023年": the value in the plan's scale, then its year on a second line."""
    return f.DASH if p is None else f"{f.show(p.value, t.scale, with_unit=False)}\n{p.year}年"


def forecast_cell(t: TargetLine) -> str:
    if t.forecast is None:
        return f.DASH
    value = f.show(t.forecast, t.scale, derived=True, with_unit=False)
    if t.forecast_meets is None:
        return value
    return f"{value}\n{'可达标' if t.forecast_meets else '难达标'}"


def target_name(t: TargetLine) -> str:
    return t.name + ("（阶段目标）" if t.milestone_of is not None else "")


def goal_cell(t: TargetLine) -> str:
    """≥98, ≤5, 提高, 完成 — the target in the plan's scale."""
    if t.binary:
        return "完成"
    if t.target is None:
        return t.comparator.sign
    return f"{t.comparator.sign}{f.show(t.target, t.scale, with_unit=False)}"


def target_row(t: TargetLine) -> list[str]:
    return [target_name(t), t.scale.unit or f.DASH, point_cell(t.baseline, t), f"{goal_cell(t)}\n{t.target_year}年",
            point_cell(t.latest, t), f.share(t.completion), t.status.label, forecast_cell(t)]


def section_label(t: TargetLine) -> str:
    """三、主要任务 › 1.实施公办幼儿园扩容工程 — where the target stands in the plan."""
    inner = f"{(t.section_number or '').strip()}{(t.section_title or '').strip()}"
    if not inner and not t.chapter.key:
        return "（未归入章节）"
    if not t.chapter.key or inner == t.chapter.key:
        return inner or t.chapter.key
    return f"{t.chapter.key} › {inner}"


def compact_quote(quote: str, limit: int = QUOTE_LIMIT) -> str:
    """A quote on one line: a table row quoted cell by cell ("指标\\n\\n%\\n\\n95") becomes
    "指标 % 95"; longer than ``limit`` characters it is cut at ``limit`` with "…"."""
    text = re.sub(r"\s+", " ", quote or "").strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or f.DASH


def appendix_row(i: int, t: TargetLine) -> list[str]:
    goal = f"{goal_cell(t)}{t.scale.unit if t.target is not None and not t.binary else ''}\n{t.target_year}年"
    return [str(i), target_name(t), goal, compact_quote(t.quote), t.sector.label if t.sector else f.DASH,
            t.status.label]


SOURCE_COLUMNS = ("序号", "指标", "最新值", "来源")


def source_rows(ctx) -> list[list[str]]:
    """The 监测数据来源 annex: each target's latest value (in the plan's scale) and where it
    came from."""
    lines = {t.target_id: t for t in ctx.targets}
    out = []
    for target_id, year, where in ctx.data_sources:
        t = lines.get(target_id)
        if t is None or t.latest is None:
            continue
        value = f"{f.show(t.latest.value, t.scale, with_unit=False)}{t.scale.unit or ''}\n{year}年"
        out.append([str(len(out) + 1), target_name(t), value, where])
    return out


def task_row(i: int, k: TaskLine) -> list[str]:
    if not k.reported:
        state = "未填报进展"
    elif k.status.value == "done":
        state = "已完成"
    else:
        state = f"{k.status.label}，{k.progress}%"
    if k.overdue:
        state += "（到期未完成）"
    lead = "、".join(k.roles.lead if k.roles else k.units[:1]) or f.DASH
    return [str(i), f"{k.number}{k.title}".strip(), lead, f"{k.due_year}年" if k.due_year else f.DASH, state]


def project_row(p: ProjectLine, size: float = 1e4) -> list[str]:
    kind = "、".join(x for x in (p.level, p.stage) if x) or f.DASH
    rate = f.share(p.investment_done / p.investment) if p.investment and p.investment_done is not None else f.DASH
    return [p.name, kind, f"{p.year}年" if p.year else f.DASH, _money(p.investment, size), _money(p.investment_done, size),
            rate,
            str(p.seats) if p.seats is not None else f.DASH, str(p.seats_done) if p.seats_done is not None else f.DASH]


def _money(x: float | None, size: float) -> str:
    return f.DASH if x is None else f.number(x / size, digits=2)


def skipped_row(i: int, k: SkippedLine) -> list[str]:
    return [str(i), k.name, k.reason]
