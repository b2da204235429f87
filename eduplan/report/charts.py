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
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from eduplan.domain import STATUS_COLOURS as DOMAIN_STATUS_COLOURS
from eduplan.domain import STATUS_LABELS, Status
from eduplan.report import figures as f
from eduplan.report.context import TargetLine

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
MAX_BARS = 15  # more bars than this are split into several charts


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


def wrap(text: str, width: float = 11.0, max_lines: int = 3) -> str:
    """``text`` in lines of at most ``width`` ems (CJK characters one em, others half),
    never cutting a run of digits or Latin letters; the full text is kept — a label that
    would need more than ``max_lines`` lines gets wider lines instead of an ellipsis."""
    total = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in text)
    width = max(width, total / max_lines + 0.5)
    count = math.ceil(total / width)
    width = total / count + 0.6  # lines of about equal length: no one-character last line
    lines, line, used = [], "", 0.0
    for token in re.findall(r"[0-9A-Za-z.%()-]+|.", text):
        w = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in token)
        if line and used + w > width and token not in "，。、）)》”":
            lines.append(line)
            line, used = "", 0.0
        line += token
        used += w
    if line:
        lines.append(line)
    return "\n".join(lines)


def distinct_labels(names: Sequence[str], hints: Sequence[str] = ()) -> list[str]:
    """Bar labels that are all different: a repeated name gets its hint (section, year)
    in brackets, or a running number when the hints repeat too."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    out, seen = [], set()
    for i, n in enumerate(names):
        label = n
        if counts[n] > 1:
            hint = hints[i] if i < len(hints) and hints[i] else ""
            label = f"{n}（{hint}）" if hint else n
        k = 2
        base = label
        while label in seen:
            label = f"{base}（{k}）"
            k += 1
        seen.add(label)
        out.append(label)
    return out


def status_chart(groups: Sequence[Any], *, fmt: str = "png") -> bytes | None:
    """Stacked horizontal bars: per sector (anything with ``label`` and ``counts``), the
    number of targets of each status."""
    groups = [g for g in groups if sum(g.counts.values())]
    if not groups:
        return None
    import matplotlib

    _matplotlib()
    with matplotlib.rc_context(RC):
        rows = list(reversed(groups))
        labels = [wrap(g.label, 8) for g in rows]
        fig = _figure(WIDTH_IN, 1.2 + 0.42 * len(rows), left=_label_margin(labels, 9), top=0.5)
        ax = fig.add_subplot()
        left = [0] * len(rows)
        for status in Status:
            counts = [g.counts.get(status, 0) for g in rows]
            if not any(counts):
                continue
            ax.barh(range(len(rows)), counts, left=left, color=STATUS_COLOURS[status], label=STATUS_LABELS[status],
                    height=0.6)
            for i, n in enumerate(counts):
                if n:
                    ax.text(left[i] + n / 2, i, str(n), ha="center", va="center", fontsize=8, color="white")
            left = [a + b for a, b in zip(left, counts)]
        ax.set_yticks(range(len(rows)), labels)
        ax.set_xlabel("指标数（项）")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=4, fontsize=8, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        return _save(fig, fmt)


LOW, HIGH = -50.0, 150.0  # completion shares drawn beyond these are clipped and marked


def completion_chart(lines: Sequence[TargetLine] | Any, *, time_share: float | None, fmt: str = "png"
                     ) -> bytes | None:
    """Completion share of each target (at most ``MAX_BARS``) against the time share;
    None when no target has a completion share.

    Labels are the full names, wrapped, made distinct; a share beyond −50%…150% is drawn
    to the edge with a break mark (≫ or ≪) and labelled with its true value inside the
    plot, so no bar or label leaves the axes."""
    lines = list(getattr(lines, "lines", lines))
    shown = [t for t in lines if _completion(t) is not None][:MAX_BARS]
    if not shown:
        return None
    import matplotlib

    _matplotlib()
    with matplotlib.rc_context(RC):
        rows = list(reversed(shown))
        values = [_completion(t) * 100 for t in rows]  # type: ignore[operator]
        drawn = [bar_label(v)[0] for v in values]
        names = distinct_labels([t.name for t in rows], [_hint(t) for t in rows])
        labels = [wrap(n, 11) for n in names]
        heights = [x.count("\n") + 1 for x in labels]
        size = 8
        fig = _figure(WIDTH_IN, min(1.0 + sum(0.2 + 0.14 * h for h in heights), 8.0),
                      left=_label_margin([max(x.split("\n"), key=len) for x in labels], size), top=0.4)
        ax = fig.add_subplot()
        ax.barh(range(len(rows)), drawn, color=[STATUS_COLOURS[t.status] for t in rows], height=0.6)
        ax.set_yticks(range(len(rows)), labels, fontsize=size)
        for i, (v, d) in enumerate(zip(values, drawn)):
            clipped = v != d
            text = bar_label(v)[1]
            if d >= 0:
                x, ha = (d - 2, "right") if clipped else (d + 2, "left")
                colour = "white" if clipped else "black"
            else:  # a negative bar: its label sits right of zero, never over the names
                x, ha, colour = 2, "left", "black"
            ax.text(x, i, text, va="center", ha=ha, fontsize=7, color=colour)
        ax.axvline(0, color="#555555", linewidth=0.6)
        ax.axvline(100, color="#555555", linewidth=0.8)
        if time_share is not None and time_share < 1:
            ax.axvline(time_share * 100, color="#1565c0", linestyle="--", linewidth=1)
            ax.text(time_share * 100, len(rows) - 0.45, f" 时间进度{f.share(time_share)}", color="#1565c0", fontsize=8,
                    va="bottom")
        ax.set_ylim(-0.6, len(rows) - 0.1)
        ax.set_xlim(min(-5.0, min(drawn) - 5), max(125.0, max(drawn) + 30))
        ax.set_xlabel("目标完成进度（%）" + ("；超出−50%～150%的画到边缘并标 ≫/≪" if any(v != d for v, d in zip(values, drawn))
                                      else ""))
        ax.spines[["top", "right"]].set_visible(False)
        return _save(fig, fmt)


def bar_label(percent: float) -> tuple[float, str]:
    """(drawn length, label) of a completion bar in percent: beyond −50…150 the bar stops
    at the edge and the label, with its true value, carries a break mark (773%≫)."""
    drawn = min(max(percent, LOW), HIGH)
    mark = "" if drawn == percent else ("≫" if percent > HIGH else "≪")
    return drawn, f.share(percent / 100) + mark


def _hint(t: TargetLine) -> str:
    return (t.section_title or "").strip()[:10] or str(t.target_year)


def has_completion(t: TargetLine) -> bool:
    return _completion(t) is not None


def completion_shown(chapter: Any) -> bool:
    """Will ``completion_chart`` draw anything for these lines?"""
    return any(_completion(t) is not None for t in getattr(chapter, "lines", chapter))


def trend_shown(lines: Sequence[TargetLine]) -> bool:
    """Will ``trend_chart`` draw anything for these targets?"""
    return any(_plottable(t) for t in lines)


def _completion(t: TargetLine) -> float | None:
    if t.completion is not None and math.isfinite(t.completion):
        return t.completion
    if t.status is Status.ACHIEVED and not t.binary:
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
        fig = _figure(WIDTH_IN, 2.4 * rows + 0.2, left=0.55, bottom=0.35, top=0.5)
        fig.subplots_adjust(hspace=0.85, wspace=0.28)
        axes = fig.subplots(rows, cols, squeeze=False)
        for ax, t in zip(axes.flat, chosen):
            k = t.scale.factor  # in the plan's magnitude (万人, 亿元)
            points = [(int(y), float(v) / k) for y, v in t.facts.get("points", [])]
            years, values = zip(*points)
            ax.plot(years, values, marker="o", markersize=3, color=STATUS_COLOURS[t.status], label="实际值")
            assert t.baseline is not None and t.target is not None
            ax.plot([t.baseline.year, t.target_year], [t.baseline.value / k, t.target / k], linestyle="--",
                    color="#1565c0", linewidth=1, label="匀速完成路径")
            ax.plot([t.target_year], [t.target / k], marker="*", markersize=8, color="#1565c0", linestyle="none")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_title(wrap(f"{t.name}（{t.scale.unit or '数值'}）", 16, 2), fontsize=9)
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
