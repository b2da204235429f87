"""The mid-term evaluation report as one self-contained HTML file (Jinja2 template
``templates/report.html``).

Everything is inline — CSS, and charts as SVG whose text matplotlib drew as paths — so
the file works offline, by e-mail or from a USB stick, and prints on A4. (ECharts, which
the web app serves from /static, would need a second file.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from eduplan.report.context import ReportContext
from eduplan.report.outline import Block, outline

Progress = Callable[[int, int], None]


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("eduplan.report", "templates"), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def render(context: ReportContext, *, on_progress: Progress | None = None) -> bytes:
    blocks = outline(context)
    items: list[tuple[Block, Markup | None]] = []
    for i, block in enumerate(blocks, 1):
        svg = None
        if block.kind == "chart" and block.draw is not None:
            data = block.draw("svg")
            svg = Markup(data.decode("utf-8")) if data else None  # noqa: S704 - matplotlib's own SVG
        items.append((block, svg))
        if on_progress:
            on_progress(i, len(blocks))
    template = _environment().get_template("report.html")
    return template.render(ctx=context, items=items).encode("utf-8")
