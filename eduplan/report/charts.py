"""Report charts with matplotlib: PNG for DOCX, SVG (text drawn as paths, so it needs no
font in the browser) for the single-file HTML.

matplotlib is imported on first use, with the Agg backend and the ``Figure`` API (no
pyplot global state, safe in a web worker). CJK faces are registered with
``font_manager.fontManager.addfont`` from the Debian font files (Noto Sans CJK, then
WenQuanYi Micro Hei); when neither is installed the charts still render, with DejaVu Sans
(Chinese text then shows as boxes — install ``fonts-noto-cjk``). Year axes use integer ticks.

Three charts:

* ``status_chart`` — per chapter, how many targets have each status (stacked bars);
* ``completion_chart`` — one chapter's targets: completion share against the plan's time
  share (a dashed line), bars coloured by status;
* ``trend_chart`` — up to four targets that need action: the observed series against the
  even path from the baseline to the target (small multiples).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import cache
from typing import Any

from eduplan.domain import STATUS_COLOURS as DOMAIN_STATUS_COLOURS
from eduplan.domain import STATUS_LABELS, Status
from eduplan.report import figures as f
from eduplan.report.context import ChapterReport, TargetLine

FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans"]
STATUS_COLOURS = DOMAIN_STATUS_COLOURS  # the pages' palette too
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": FAMILIES,
    "axes.unicode_minus": False,
    "font.size": 9,
    "axes.titlesize": 10,
    "svg.fonttype": "path",
    "svg.hashsalt": "eduplan",
}
WIDTH_IN = 6.2  # the DOCX text width is 156 mm
MAX_TRENDS = 4
MAX_VALUE_LABELS = 20


@cache
def _matplotlib() -> Any:
    """Import matplotlib once, Agg backend, CJK fonts registered when present."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for path in FONT_FILES:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
    return matplotlib


def _figure(width: float, height: float, *, left: float = 0.6, right: float = 0.3, bottom: float = 0.5,
            top: float = 0.45) -> Any:
    """A figure with fixed margins in inches (constrained layout cost a second per chart)."""
    _matplotlib()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height)
    return fig


def _label_margin(labels: Sequence[str], size: float) -> float:
    """Inches needed left of the axes for the longest y label (CJK characters are square)."""
    longest = max((sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text) for text in labels), default=4.0)
    return min(0.25 + longest * size / 72 * 1.05, 2.6)


def _save(fig: Any, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=140 if fmt == "png" else 72, metadata=_metadata(fmt))
    data = buffer.getvalue()
    if fmt == "svg":  # inline in HTML: drop the XML declaration and doctype
        text = data.decode("utf-8")
        data = text[text.index("<svg"):].encode("utf-8")
    return data


def _metadata(fmt: str) -> dict[str, Any]:
    if fmt == "svg":
        return {"Date": None, "Creator": "eduplan"}
    if fmt == "png":
        return {"Software": "eduplan"}
    return {}


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def status_chart(chapters: Sequence[ChapterReport], *, fmt: str = "png") -> bytes | None:
    """Stacked horizontal bars: per chapter, the number of targets of each status."""
    if not chapters:
        return None
    import matplotlib

    _matplotlib()
    with matplotlib.rc_context(RC):
        rows = list(reversed(chapters))
        labels = [_short(c.chapter.label, 12) for c in rows]
        fig = _figure(WIDTH_IN, 1.2 + 0.38 * len(rows), left=_label_margin(labels, 9), top=0.45)
        ax = fig.add_subplot()
        left = [0] * len(rows)
        for status in Status:
            counts = [c.counts.get(status, 0) for c in rows]
            if not any(counts):
                continue
            ax.barh(labels, counts, left=left, color=STATUS_COLOURS[status], label=STATUS_LABELS[status], height=0.6)
            for i, n in enumerate(counts):
                if n:
                    ax.text(left[i] + n / 2, i, str(n), ha="center", va="center", fontsize=8, color="white")
            left = [a + b for a, b in zip(left, counts)]
        ax.set_xlabel("指标数（项）")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=6, fontsize=8, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        return _save(fig, fmt)


def completion_chart(chapter: ChapterReport, *, time_share: float | None, fmt: str = "png") -> bytes | None:
    """Completion share of each assessable target of a chapter against the time share;
    None when no target of the chapter has a completion share."""
    shown = [t for t in chapter.lines if _completion(t) is not None]
    if not shown:
        return None
    import matplotlib

    _matplotlib()
    with matplotlib.rc_context(RC):
        rows = list(reversed(shown))
        values = [_completion(t) * 100 for t in rows]  # type: ignore[operator]
        drawn = [min(max(v, -50.0), 150.0) for v in values]
        labels = [_short(t.name) for t in rows]
        size = 8 if len(rows) < 25 else 6
        fig = _figure(WIDTH_IN, min(1.1 + 0.28 * len(rows), 9.5), left=_label_margin(labels, size), top=0.4)
        ax = fig.add_subplot()
        ax.barh(range(len(rows)), drawn, color=[STATUS_COLOURS[t.status] for t in rows], height=0.65)
        ax.set_yticks(range(len(rows)), labels, fontsize=size)
        if len(rows) <= MAX_VALUE_LABELS:  # beyond, the labels crowd (and cost): the table has the numbers
            for i, (v, d) in enumerate(zip(values, drawn)):
                ax.text(d + (2 if d >= 0 else -2), i, f.share(v / 100), va="center",
                        ha="left" if d >= 0 else "right", fontsize=7)
        ax.axvline(100, color="#555555", linewidth=0.8)
        if time_share is not None:
            ax.axvline(time_share * 100, color="#1565c0", linestyle="--", linewidth=1)
            ax.text(time_share * 100, len(rows) - 0.45, f" 时间进度{f.share(time_share)}", color="#1565c0", fontsize=8,
                    va="bottom")
        ax.set_ylim(-0.6, len(rows) - 0.1)
        ax.set_xlim(min(-5.0, min(drawn) - 15), max(115.0, max(drawn) + 20))
        ax.set_xlabel("完成目标进度（%）")
        ax.spines[["top", "right"]].set_visible(False)
        return _save(fig, fmt)


def completion_shown(chapter: ChapterReport) -> bool:
    """Will ``completion_chart`` draw anything for this chapter?"""
    return any(_completion(t) is not None for t in chapter.lines)


def trend_shown(lines: Sequence[TargetLine]) -> bool:
    """Will ``trend_chart`` draw anything for these targets?"""
    return any(_plottable(t) for t in lines)


def _completion(t: TargetLine) -> float | None:
    if t.completion is not None and math.isfinite(t.completion):
        return t.completion
    if t.status is Status.ACHIEVED:
        return 1.0
    return None


def trend_chart(lines: Sequence[TargetLine], *, fmt: str = "png") -> bytes | None:
    """Observed values (points) against the even path baseline → target (dashed), for up
    to four targets with at least two points and a number to aim at: final targets before
    milestones, furthest behind first."""
    finals = sorted((t for t in lines if _plottable(t)),
                    key=lambda t: (t.milestone_of is not None, t.pace if t.pace is not None else -math.inf))
    chosen = finals[:MAX_TRENDS]
    if not chosen:
        return None
    import matplotlib

    _matplotlib()
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(RC):
        cols = 2 if len(chosen) > 1 else 1
        rows = math.ceil(len(chosen) / cols)
        fig = _figure(WIDTH_IN, 2.2 * rows + 0.2, left=0.55, bottom=0.35, top=0.3)
        fig.subplots_adjust(hspace=0.6, wspace=0.28)
        axes = fig.subplots(rows, cols, squeeze=False)
        for ax, t in zip(axes.flat, chosen):
            points = [(int(y), float(v)) for y, v in t.facts.get("points", [])]
            years, values = zip(*points)
            ax.plot(years, values, marker="o", markersize=3, color=STATUS_COLOURS[t.status], label="实际值")
            assert t.baseline is not None and t.target is not None
            ax.plot([t.baseline.year, t.target_year], [t.baseline.value, t.target], linestyle="--", color="#1565c0",
                    linewidth=1, label="匀速完成路径")
            ax.plot([t.target_year], [t.target], marker="*", markersize=8, color="#1565c0", linestyle="none")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_title(f"{_short(t.name, 16)}（{t.unit or '数值'}）", fontsize=9)
            ax.tick_params(labelsize=7)
            ax.spines[["top", "right"]].set_visible(False)
        for ax in list(axes.flat)[len(chosen):]:
            ax.set_visible(False)
        axes.flat[0].legend(fontsize=7, frameon=False)
        return _save(fig, fmt)


def _plottable(t: TargetLine) -> bool:
    points = t.facts.get("points") or []
    return (t.needs_action and t.target is not None and t.baseline is not None and len(points) >= 2
            and t.kind.value in ("level", "cumulative"))
