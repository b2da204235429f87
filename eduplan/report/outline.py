"""The mid-term evaluation report as a sequence of blocks — title, headings, paragraphs,
tables, charts — in the order a bureau writes one (see the module docstring of
``compose``). The DOCX, HTML and Markdown renderers walk the same blocks, so the three
formats hold the same text and the same cells; only the look differs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from eduplan.report import charts, rows
from eduplan.report.context import NO_UNIT, ReportContext

CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (up to 99)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_NUMBERS[tens - 1] + "十"
    return head + (CN_NUMBERS[ones - 1] if ones else "")


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the report.

    kind: "title", "heading" (level 1 一、, level 2 （一）), "paragraph" (``lead`` is a
    bold run before the text), "table" (``caption``, ``columns``, ``rows``, ``widths`` in
    mm for DOCX), "chart" (``draw(fmt)`` gives PNG or SVG bytes or None, ``caption``),
    "signature" (the date, right-aligned), "page_break".
    """

    kind: str
    text: str = ""
    level: int = 0
    lead: str = ""
    caption: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    draw: Callable[[str], bytes | None] | None = field(default=None, compare=False)
    name: str = ""


TARGET_WIDTHS = (34, 12, 19, 19, 19, 16, 18, 19)
APPENDIX_WIDTHS = (10, 30, 62, 34, 20)
TASK_WIDTHS = (12, 46, 36, 18, 28, 16)
PROJECT_WIDTHS = (34, 16, 17, 19, 19, 17, 17, 17)
SKIPPED_WIDTHS = (12, 60, 84)


def outline(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = [Block("title", ctx.title)]
    blocks += [Block("paragraph", p) for p in ctx.preamble]
    if ctx.data_note:
        blocks.append(Block("paragraph", ctx.data_note, lead="数据审核情况："))
    tables = _Counter("表")
    figures = _Counter("图")

    blocks.append(Block("heading", "一、主要目标任务进展情况", level=1))
    blocks.append(Block("paragraph", ctx.summary_text))
    if ctx.chapters:
        blocks.append(Block("chart", name="status", caption=figures.next("各部分量化目标进展状态"),
                            draw=lambda fmt: charts.status_chart(ctx.chapters, fmt=fmt)))
    n = 0
    for chapter in ctx.chapters:
        n += 1
        blocks.append(Block("heading", f"（{cn_number(n)}）{chapter.chapter.label}", level=2))
        blocks.append(Block("paragraph", chapter.paragraph))
        blocks.append(Block("table", caption=tables.next(f"{chapter.chapter.label}主要指标进展情况"),
                            columns=rows.TARGET_COLUMNS, rows=tuple(tuple(rows.target_row(t)) for t in chapter.lines),
                            widths=TARGET_WIDTHS, name="targets"))
        if charts.completion_shown(chapter):
            caption = figures.next(f"{chapter.chapter.label}各项目标完成程度")
            blocks.append(Block("chart", name="completion", caption=caption,
                                draw=lambda fmt, c=chapter: charts.completion_chart(c, time_share=ctx.time_share,
                                                                                    fmt=fmt)))
    if ctx.tasks:
        n += 1
        blocks.append(Block("heading", f"（{cn_number(n)}）重点任务推进情况", level=2))
        blocks.append(Block("paragraph", ctx.tasks_text))
        blocks.append(Block("table", caption=tables.next("重点任务推进情况"), columns=rows.TASK_COLUMNS,
                            rows=tuple(tuple(rows.task_row(k)) for k in ctx.tasks), widths=TASK_WIDTHS, name="tasks"))
    if ctx.projects:
        n += 1
        blocks.append(Block("heading", f"（{cn_number(n)}）重大建设项目进展情况", level=2))
        blocks.append(Block("paragraph", ctx.projects_text))
        blocks.append(Block("table", caption=tables.next("重大建设项目进展情况"), columns=rows.PROJECT_COLUMNS,
                            rows=tuple(tuple(rows.project_row(p)) for p in ctx.projects), widths=PROJECT_WIDTHS,
                            name="projects"))

    blocks.append(Block("heading", "二、存在的主要问题", level=1))
    blocks.append(Block("paragraph", ctx.problems_text))
    n, current = 0, None
    for group in ctx.problems:
        if group.chapter.key != current:
            n, current = n + 1, group.chapter.key
            blocks.append(Block("heading", f"（{cn_number(n)}）{group.chapter.label}", level=2))
        blocks.append(Block("paragraph", "".join(item.text for item in group.items), lead=f"{group.unit}：",
                            name="problem"))
    if charts.trend_shown(ctx.lagging):
        blocks.append(Block("chart", name="trend", caption=figures.next("需重点关注的指标走势"),
                            draw=lambda fmt: charts.trend_chart(ctx.lagging, fmt=fmt)))

    blocks.append(Block("heading", "三、下一步工作建议", level=1))
    blocks.append(Block("paragraph", ctx.suggestions_text))
    for i, sug in enumerate(ctx.suggestions, 1):
        owner = "责任单位未明确" if sug.units == NO_UNIT else f"责任单位：{sug.units}"
        lead = f"{i}.{sug.title}（{owner}）。"
        blocks.append(Block("paragraph", sug.text, lead=lead, name="suggestion"))
    if ctx.date_text:
        blocks.append(Block("signature", ctx.date_text))

    blocks.append(Block("page_break"))
    blocks.append(Block("heading", "附件　规划目标清单", level=1))
    blocks.append(Block("paragraph", f"下表列出纳入评估的全部{len(ctx.targets)}项目标在规划中的原文和位置。"))
    blocks.append(Block("table", caption=tables.next("规划目标清单"), columns=rows.APPENDIX_COLUMNS,
                        rows=tuple(tuple(rows.appendix_row(i, t)) for i, t in enumerate(ctx.targets, 1)),
                        widths=APPENDIX_WIDTHS, name="appendix"))
    if ctx.skipped:
        blocks.append(Block("heading", "未纳入评估的目标", level=2))
        blocks.append(Block("table", caption=tables.next("未纳入评估的目标"), columns=rows.SKIPPED_COLUMNS,
                            rows=tuple(tuple(rows.skipped_row(i, k)) for i, k in enumerate(ctx.skipped, 1)),
                            widths=SKIPPED_WIDTHS, name="skipped"))
    return blocks


class _Counter:
    def __init__(self, prefix: str) -> None:
        self.prefix, self.n = prefix, 0

    def next(self, text: str) -> str:
        self.n += 1
        return f"{self.prefix}{self.n}　{text}"
