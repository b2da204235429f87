"""The mid-term evaluation report as Markdown (GitHub-flavoured pipe tables).

Same text and tables as the DOCX and HTML; charts are left out (a Markdown file cannot
hold them without a second file) and a line says where to find them.
"""

from __future__ import annotations

from collections.abc import Callable

from eduplan.report.context import ReportContext
from eduplan.report.outline import Block, outline

Progress = Callable[[int, int], None]


def escape(text: str) -> str:
    """Text safe inside a table cell or paragraph: HTML written as text (a plan's
    ``<script>`` shows as ``<script>`` and never runs in a Markdown viewer), pipes
    escaped, line breaks flattened."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def table(block: Block) -> list[str]:
    out = [f"**{escape(block.caption)}**", "", "| " + " | ".join(escape(c) for c in block.columns) + " |",
           "|" + "|".join(" --- " for _ in block.columns) + "|"]
    out += ["| " + " | ".join(escape(v) for v in row) + " |" for row in block.rows]
    return out


def render(context: ReportContext, *, on_progress: Progress | None = None) -> bytes:
    blocks = outline(context)
    lines: list[str] = []
    charts = 0
    for i, block in enumerate(blocks, 1):
        if block.kind == "title":
            lines += [f"# {escape(block.text)}", ""]
        elif block.kind == "heading":
            lines += [f"{'#' * (block.level + 1)} {escape(block.text)}", ""]
        elif block.kind == "paragraph":
            lead = f"**{escape(block.lead)}**" if block.lead else ""
            lines += [lead + escape(block.text), ""]
        elif block.kind == "signature":
            lines += [f"<p align=\"right\">{escape(x)}</p>" for x in block.lines] + [""]
        elif block.kind == "addressee":
            lines += [escape(block.text), ""]
        elif block.kind == "table":
            lines += [*table(block), ""]
        elif block.kind == "chart":
            charts += 1
        if on_progress:
            on_progress(i, len(blocks))
    if charts:
        lines += ["---", "", f"*本文件不含图表（{charts}幅），图表见同一报告的 DOCX 或 HTML 版本。*", ""]
    return "\n".join(lines).encode("utf-8")
