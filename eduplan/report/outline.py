"""The mid-term evaluation report as a sequence of blocks — title, 主送, headings,
paragraphs, tables, charts, signature — in the order of a real 中期评估报告 (see
``compose``). The DOCX, HTML and Markdown renderers walk the same blocks, so the three
formats hold the same text and the same cells; only the look differs.

A part without content is left out, not filled with boilerplate; table widths come from
their text (``layout.column_widths``), so every table fits the 156 mm text width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from eduplan.report import charts, layout, rows
from eduplan.report.context import ReportContext, SectorReport, TargetLine

CN_NUMBERS = "一二三四五六七八九十"
CHART_BARS = charts.MAX_BARS


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

    kind: "title" (``lines``: balanced title lines), "addressee" (主送), "heading"
    (level 1 一、, level 2 （一）), "paragraph" (``lead`` is a bold run before the text),
    "table" (``caption``, ``columns``, ``rows``, ``widths`` in mm), "chart"
    (``draw(fmt)`` gives PNG or SVG bytes or None, ``caption``), "signature" (发文机关 and
    成文日期, right-aligned; ``lines``), "page_break".
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
    lines: tuple[str, ...] = ()


def table(caption: str, columns: Sequence[str], body: Sequence[Sequence[str]], name: str,
          weights: Sequence[float] | None = None, keep: Sequence[int] = (),
          min_ems: dict[int, float] | None = None) -> Block:
    """A table block whose widths fit the text width; columns in ``keep`` stay on one line."""
    cells = tuple(tuple(r) for r in body)
    return Block("table", caption=caption, columns=tuple(columns), rows=cells, name=name,
                 widths=layout.column_widths(columns, cells, weights=weights, keep=keep, min_ems=min_ems))


DATE_BLANK = "年　月　日"


def outline(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = [Block("title", ctx.title, lines=tuple(layout.title_lines(ctx.title)))]
    if ctx.addressee:
        blocks.append(Block("addressee", ctx.addressee.rstrip("：:") + "："))
    blocks += [Block("paragraph", p) for p in ctx.preamble]
    if ctx.data_note:
        blocks.append(Block("paragraph", ctx.data_note, lead="数据审核情况："))
    if ctx.unit_note:
        blocks.append(Block("paragraph", ctx.unit_note))
    tables = _Counter("表")
    figures = _Counter("图")
    part = _Counter("")

    if ctx.overall:
        blocks.append(Block("heading", f"{cn_number(part.bump())}、总体评价", level=1))
        blocks += [Block("paragraph", p, name="overall") for p in ctx.overall]
        if len(ctx.sectors) > 1 and any(sum(x.counts.values()) for x in ctx.sectors):
            blocks.append(Block("chart", name="status", caption=figures.next("各领域量化指标进展状态"),
                                draw=lambda fmt: charts.status_chart(ctx.sectors, fmt=fmt)))

    if ctx.sectors or ctx.reform_text:
        blocks.append(Block("heading", f"{cn_number(part.bump())}、主要成效", level=1))
        n = 0
        for sector in ctx.sectors:
            n += 1
            blocks += _sector_blocks(sector, n, ctx, tables, figures)
        if ctx.reform_text:
            n += 1
            blocks.append(Block("heading", f"（{cn_number(n)}）体制机制改革", level=2))
            blocks.append(Block("paragraph", ctx.reform_text))

    if ctx.projects or ctx.investment:
        blocks.append(Block("heading", f"{cn_number(part.bump())}、重点项目推进和投资完成情况", level=1))
        blocks.append(Block("paragraph", ctx.projects_text))
        if ctx.investment:
            blocks.append(table(tables.next("建设投入指标进展情况"), rows.TARGET_COLUMNS,
                                [rows.target_row(t) for t in ctx.investment], "targets", keep=(1,)))
        if ctx.projects:
            _, size = rows.money_unit(ctx.projects)
            blocks.append(table(tables.next("重点建设项目计划与完成情况"), rows.project_columns(ctx.projects),
                                [rows.project_row(p, size) for p in ctx.projects], "projects",
                                weights=(3, 1, 1, 1, 1, 1, 1, 1)))

    blocks.append(Block("heading", f"{cn_number(part.bump())}、存在的主要问题", level=1))
    blocks.append(Block("paragraph", ctx.problems_text))
    for i, group in enumerate(ctx.problems, 1):
        blocks.append(Block("heading", f"（{cn_number(i)}）{group.heading}", level=2))
        blocks.append(Block("paragraph", group.intro))
        for k, item in enumerate(group.items, 1):
            lead = f"{k}." if len(group.items) > 1 else ""
            blocks.append(Block("paragraph", item.text, lead=lead, name="problem"))
    if charts.trend_shown(ctx.lagging):
        blocks.append(Block("chart", name="trend", caption=figures.next("需重点关注的指标走势"),
                            draw=lambda fmt: charts.trend_chart(ctx.lagging, fmt=fmt)))

    blocks.append(Block("heading", f"{cn_number(part.bump())}、下一步工作建议", level=1))
    blocks.append(Block("paragraph", ctx.suggestions_text))
    sub = 0
    if ctx.suggestions:
        if ctx.adjustments:
            sub += 1
            blocks.append(Block("heading", f"（{cn_number(sub)}）加快推进滞后目标任务", level=2))
        for i, sug in enumerate(ctx.suggestions, 1):
            blocks.append(Block("paragraph", sug.text, lead=f"{i}.{sug.title}。", name="suggestion"))
    if ctx.adjustments:
        sub += 1
        blocks.append(Block("heading", f"（{cn_number(sub)}）目标调整建议", level=2))
        for i, sug in enumerate(ctx.adjustments, 1):
            blocks.append(Block("paragraph", sug.text, lead=f"{i}." if len(ctx.adjustments) > 1 else "",
                                name="adjustment"))

    attachments = _appendix_blocks(ctx, tables)
    if attachments:
        names = [b.text.split("　", 1)[-1] for b in attachments if b.kind == "heading" and b.level == 1]
        listed = names if len(names) == 1 else [f"{i}.{x}" for i, x in enumerate(names, 1)]
        blocks.append(Block("paragraph", "附件：" + "\n".join(listed), name="annex"))
    signature = tuple(x for x in (ctx.issuer, ctx.date_text or DATE_BLANK) if x)
    blocks.append(Block("signature", lines=signature))
    blocks += attachments
    return blocks


def _sector_blocks(sector: SectorReport, n: int, ctx: ReportContext, tables: _Counter, figures: _Counter
                   ) -> list[Block]:
    out = [Block("heading", f"（{cn_number(n)}）{sector.label}", level=2)]
    if sector.paragraph:
        out.append(Block("paragraph", sector.paragraph))
    assessed = [t for t in sector.lines if t.status.value != "no_data"]  # the rest: 四 and the appendix
    if assessed:
        out.append(table(tables.next(f"{sector.label}主要指标进展情况"), rows.TARGET_COLUMNS,
                         [rows.target_row(t) for t in assessed], "targets", keep=(1,), min_ems={6: 4}))
    shown = [t for t in sector.lines if charts.has_completion(t)]
    if len(shown) >= 2:
        chunks = _chunks(shown, CHART_BARS)
        for i, chunk in enumerate(chunks, 1):
            part = f"（{i}/{len(chunks)}）" if len(chunks) > 1 else ""
            caption = figures.next(f"{sector.label}各项指标目标完成进度{part}")
            out.append(Block("chart", name="completion", caption=caption,
                             draw=lambda fmt, c=tuple(chunk): charts.completion_chart(c, time_share=ctx.time_share,
                                                                                      fmt=fmt)))
    return out


def _chunks(lines: Sequence[TargetLine], size: int) -> list[list[TargetLine]]:
    """At most ``size`` bars a chart, the charts of about equal length."""
    count = -(-len(lines) // size)
    step = -(-len(lines) // count)
    return [list(lines[i:i + step]) for i in range(0, len(lines), step)]


def _appendix_blocks(ctx: ReportContext, tables: _Counter) -> list[Block]:
    out: list[Block] = []
    n = 0
    if ctx.targets:
        n += 1
        out += [Block("page_break"), Block("heading", f"附件{n}　规划目标清单", level=1, name="annex"),
                Block("paragraph", f"纳入评估的{len(ctx.targets)}项目标及其在《规划》中的原文（按《规划》顺序）。"),
                table(tables.next("规划目标清单"), rows.APPENDIX_COLUMNS,
                      [rows.appendix_row(i, t) for i, t in enumerate(ctx.targets, 1)], "appendix",
                      weights=(1, 2, 1.2, 3, 1, 1), min_ems={4: 4, 5: 4})]
        if ctx.skipped:
            out.append(table(tables.next("未纳入评估的目标"), rows.SKIPPED_COLUMNS,
                             [rows.skipped_row(i, k) for i, k in enumerate(ctx.skipped, 1)], "skipped"))
    if ctx.data_sources:
        n += 1
        out += [Block("page_break"), Block("heading", f"附件{n}　监测数据来源", level=1, name="annex"),
                Block("paragraph", "各项目标最新监测值的来源：来源文件（如统计公报）及其原文，或导入的文件和行、填报时注明的来源。"),
                table(tables.next("监测数据来源"), rows.SOURCE_COLUMNS, rows.source_rows(ctx), "sources",
                      weights=(0.6, 2, 1.4, 4))]
    if ctx.tasks:
        n += 1
        out += [Block("page_break"), Block("heading", f"附件{n}　重点任务推进情况", level=1, name="annex"),
                Block("paragraph", ctx.tasks_text),
                table(tables.next("重点任务推进情况"), rows.TASK_COLUMNS,
                      [rows.task_row(i, k) for i, k in enumerate(ctx.tasks, 1)], "tasks", weights=(1, 3, 1.5, 1, 1.5))]
    return out


class _Counter:
    def __init__(self, prefix: str) -> None:
        self.prefix, self.n = prefix, 0

    def next(self, text: str) -> str:
        self.n += 1
        return f"{self.prefix}{self.n}　{text}"

    def bump(self) -> int:
        self.n += 1
        return self.n
