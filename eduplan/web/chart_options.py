"""ECharts options for the dashboard and indicator pages, built as plain dicts.

Templates embed them as JSON in ``data-chart`` attributes; ``static/js/charts.js`` turns
every such element into a chart (also inside htmx swaps). Options hold no functions, so
tooltips use ECharts string templates. Status colours are ``domain.STATUS_COLOURS``, as in
``app.css`` and the reports. Axes of shares and counts start at zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from typing import TYPE_CHECKING

from eduplan.domain import STATUS_COLOURS, Status

if TYPE_CHECKING:
    from eduplan.evaluate import Rollup
    from eduplan.services.views.dashboard import RegionComparison
    from eduplan.services.views.indicators import TargetLine

STATUS_COLORS = STATUS_COLOURS  # the one palette (domain), shared with app.css and the reports
BRAND = "#1f5f8b"
OWN = "#e8590c"
OTHER = "#8fb3d1"
# tooltips drawn on the canvas: HTML tooltips carry inline styles, which the pages'
# Content-Security-Policy (no 'unsafe-inline') would strip
TOOLTIP = {"renderMode": "richText"}
TEXT = {"fontFamily": "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"}


def status_pie(counts: dict[Status, int]) -> dict:
    data = [{"name": s.label, "value": n, "itemStyle": {"color": STATUS_COLORS[s]}}
            for s, n in counts.items() if n]
    return {
        "textStyle": TEXT,
        "tooltip": {**TOOLTIP, "trigger": "item", "formatter": "{b}：{c}项（{d}%）"},
        "legend": {"bottom": 0, "left": "center", "itemWidth": 12, "itemHeight": 12},
        "series": [{
            "type": "pie", "radius": ["36%", "70%"], "center": ["50%", "44%"],
            "label": {"position": "inside", "formatter": "{c}", "color": "#fff", "fontSize": 13, "fontWeight": "bold"},
            "labelLine": {"show": False}, "data": data,
        }],
    }


def chapter_bars(rollups: Iterable[Rollup]) -> dict:
    rows = list(rollups)
    labels = [_short(r.key or "未分章节", 14) for r in rows]
    series = []
    for status in Status:
        values = [r.counts.get(status, 0) for r in rows]
        if not any(values):
            continue
        series.append({
            "name": status.label, "type": "bar", "stack": "count", "barMaxWidth": 26,
            "itemStyle": {"color": STATUS_COLORS[status]},
            "label": {"show": True, "color": "#fff", "fontSize": 11},
            "data": [{"value": v, "label": {"show": v > 0}} for v in values],
        })
    return {
        "textStyle": TEXT,
        "tooltip": {**TOOLTIP, "trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "itemWidth": 12, "itemHeight": 12},
        "grid": {"left": 8, "right": 28, "top": 34, "bottom": 4, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1, "name": "项"},
        "yAxis": {"type": "category", "inverse": True, "data": labels},
        "series": series,
    }


def chapter_height(n: int) -> int:
    return max(160, 46 * n + 60)


def region_bars(c: RegionComparison) -> dict:
    rows = list(c.rows)
    if c.own is not None and all(r.region_id != c.own.region_id for r in rows):
        rows.append(c.own)
    names = [f"{r.name}（第{r.rank}名）" if r.rank > c.limit else r.name for r in rows]
    unit = c.indicator.unit or ""
    data = [{"value": r.value, "year": r.year,
             "itemStyle": {"color": OWN if c.own and r.region_id == c.own.region_id else OTHER}} for r in rows]
    series: dict = {
        "type": "bar", "name": c.indicator.name, "data": data, "barMaxWidth": 18,
        "label": {"show": True, "position": "right", "fontSize": 11, "formatter": "{c}"},
    }
    values = [r.value for r in rows]
    if c.target_value is not None:
        series["markLine"] = {
            "symbol": "none", "lineStyle": {"color": STATUS_COLORS[Status.REGRESSING], "type": "dashed", "width": 2},
            "label": {"formatter": f"目标 {_num(c.target_value)}{unit}", "position": "start"},  # the top: y is inverse
            "data": [{"xAxis": c.target_value}],
        }
        values.append(c.target_value)
    axis: dict = {"type": "value", "name": unit}
    if values:  # bars start at zero: a bar's length is its value (the issue: an axis from 94)
        low, high = axis_bounds(values)
        axis["min"], axis["max"] = min(low, 0.0), high
    return {
        "textStyle": TEXT,
        "tooltip": {**TOOLTIP, "trigger": "item", "formatter": "{b}：{c}" + unit},
        "grid": {"left": 8, "right": 48, "top": 30, "bottom": 8, "containLabel": True},
        "xAxis": axis,
        "yAxis": {"type": "category", "inverse": True, "data": names, "axisLabel": {"fontSize": 12}},
        "series": [series],
    }


def region_height(c: RegionComparison) -> int:
    n = len(c.rows) + (1 if c.own is not None and all(r.region_id != c.own.region_id for r in c.rows) else 0)
    return max(160, 24 * n + 70)


def indicator_series(observations: Iterable[tuple[int, float]], line: TargetLine | None, *, name: str,
                     unit: str | None) -> dict:
    """Observed values, the target (line and final point), milestones, the baseline and a
    dashed forecast from the latest value to the target year."""
    observed = list(observations)
    unit = unit or ""
    judged = list(line.series) if line is not None else []
    cumulative = line is not None and line.series_label == "累计值"
    years = {y for y, _ in observed} | ({y for y, _ in judged} if cumulative else set())
    series: list[dict] = [{
        "name": "实际值", "type": "line", "symbol": "circle", "symbolSize": 7, "connectNulls": True,
        "itemStyle": {"color": BRAND}, "lineStyle": {"width": 2},
        "label": {"show": True, "position": "top", "fontSize": 11},
        "data": [[str(y), v] for y, v in observed],
    }]
    if cumulative:
        series.append({"name": "累计值", "type": "line", "symbol": "rect", "symbolSize": 7,
                       "itemStyle": {"color": "#5b8c5a"}, "data": [[str(y), v] for y, v in judged]})
    if line is not None:
        a = line.result.assessment
        spec = a.spec
        years.add(spec.target_year)
        years.update(y for y, _ in line.milestones)
        if spec.target is not None and spec.kind.value != "growth_rate":  # a rate is not on the value axis
            goal = {"name": "目标值", "type": "scatter", "symbol": "diamond", "symbolSize": 14,
                    "itemStyle": {"color": STATUS_COLORS[Status.REGRESSING]},
                    "data": [[str(spec.target_year), spec.target]]}
            goal["markLine"] = {"symbol": "none", "silent": True,
                                "lineStyle": {"color": STATUS_COLORS[Status.REGRESSING], "type": "dotted"},
                                "label": {"formatter": f"目标 {_num(spec.target)}{unit}", "position": "insideStartTop"},
                                "data": [{"yAxis": spec.target}]}
            series.append(goal)
        if line.milestones:
            series.append({"name": "规划阶段目标", "type": "scatter", "symbol": "triangle", "symbolSize": 11,
                           "itemStyle": {"color": "#e0a100"},
                           "data": [[str(y), v] for y, v in line.milestones]})
        if a.baseline is not None and (a.baseline.year, a.baseline.value) not in set(observed):  # a stated one
            years.add(a.baseline.year)
            series.append({"name": "基期值", "type": "scatter", "symbol": "pin", "symbolSize": 22,
                           "itemStyle": {"color": "#6b4fbb"},
                           "data": [[str(a.baseline.year), a.baseline.value]]})
        if line.forecast is not None and a.latest is not None and line.forecast[0] > a.latest.year:
            series.append({"name": "预测", "type": "line", "symbol": "emptyCircle", "symbolSize": 7,
                           "lineStyle": {"type": "dashed", "width": 2}, "itemStyle": {"color": "#7d8a99"},
                           "label": {"show": True, "position": "bottom", "formatter": "预测 {@[1]}", "fontSize": 11},
                           "data": [{"value": [str(a.latest.year), a.latest.value], "label": {"show": False}},
                                    {"value": [str(line.forecast[0]), round(line.forecast[1], max(spec.precision, 0))]}]})
    axis_years = [str(y) for y in range(min(years), max(years) + 1)] if years else []
    y_axis: dict = {"type": "value", "name": unit or name}
    values = [v for y, v in observed] + _line_values(line)
    if values:
        y_axis.update(zero_based(values))
    return {
        "textStyle": TEXT,
        "tooltip": {**TOOLTIP, "trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 90, "top": 40, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": axis_years, "boundaryGap": False},
        "yAxis": y_axis,
        "series": series,
    }


def _line_values(line: TargetLine | None) -> list[float]:
    if line is None:
        return []
    a = line.result.assessment
    values = [v for _, v in line.series] + [v for _, v in line.milestones]
    if a.spec.target is not None and a.spec.kind.value != "growth_rate":
        values.append(a.spec.target)
    if line.forecast is not None:
        values.append(line.forecast[1])
    return values


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _num(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def zero_based(values: list[float]) -> dict:
    """Axis bounds from zero for non-negative values. When the values sit high above zero
    (a rate between 94 and 99), the stretch from zero to just below them is drawn as a
    visible axis break (a zigzag band) instead of being cut off silently."""
    low, high = axis_bounds(values)
    if low <= 0:
        return {"min": low, "max": high}
    axis: dict = {"min": 0, "max": high}
    if low > high * 0.2:
        # the break starts at zero: the axis reads 0, a zigzag, then the data's range
        axis["breaks"] = [{"start": 0, "end": low, "gap": "6%"}]
        axis["breakArea"] = {"expandOnClick": False, "zigzagAmplitude": 4}
    return axis


def axis_bounds(values: list[float]) -> tuple[float, float]:
    """Round bounds a little outside the values (and the target line, which ECharts does
    not count in the axis extent); never below zero for non-negative values."""
    low, high = min(values), max(values)
    span = (high - low) or abs(high) * 0.1 or 1.0
    step = 10 ** math.floor(math.log10(span)) / 2
    lo = math.floor((low - span * 0.1) / step) * step
    hi = math.ceil((high + span * 0.1) / step) * step
    if low >= 0 > lo:
        lo = 0.0
    return round(lo, 10), round(hi, 10)
