"""Sentence builders: small functions from numbers to plain Chinese.

Each says only what its numbers show: a change needs two data points, a comparison with
the time share needs both shares, a forecast needs one; without them the phrase is left
out (phrase functions return None) and no data is said as such. ``compose`` puts the
phrases together into the paragraphs of the report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from eduplan.domain import Comparator, Measure, Status, TaskStatus
from eduplan.evaluate import FLAG_LABELS
from eduplan.report import figures as f
from eduplan.report.context import PlanInfo, ProjectLine, TargetLine, TaskLine

STATUS_WORDS = {
    Status.OVERDUE: "到期未完成",
    Status.LAGGING: "进度滞后",
    Status.AT_RISK: "进度偏慢",
    Status.REGRESSING: "出现倒退",
}
DOWNWARD = (Comparator.AT_MOST, Comparator.LESS_THAN, Comparator.DECREASE)
# the flag that best explains a no_data status, in order of preference
NO_DATA_FLAGS = ("no_observations", "stale", "single_point", "no_target_value", "bad_period", "not_finite",
                 "cagr_undefined", "not_yet_due")


def tolerance(line: TargetLine) -> float:
    """Half a unit of the indicator's precision: differences below it are no difference."""
    return 0.5 / 10.0 ** min(max(line.precision, -6), 10)


def _amount(line: TargetLine, x: float | None, *, derived: bool = False) -> str:
    """A value of the target as the plan writes it (29.51亿元, 4.75万人, 30所)."""
    return f.show(x, line.scale, derived=derived)


def _difference(line: TargetLine, x: float | None) -> str:
    """A gap or a yearly change: 个百分点 for rates, else the plan's unit and decimals."""
    return f.show_difference(x, line.scale)


def goal_text(line: TargetLine) -> str:
    """不低于60%, 降低, 完成, 每年不低于1000人次, 前30名以内 — the target of a line in words."""
    if line.measure is Measure.RANK and line.target is not None:
        return f"前{f.number(line.target)}名以内"
    if line.measure is Measure.YEARLY_AMOUNT:
        return "各年度额度"
    if line.binary:
        text = "完成"
    elif line.target is None:
        text = f.COMPARATOR_WORDS[line.comparator]
    else:
        text = f"{f.COMPARATOR_WORDS[line.comparator]}{_amount(line, line.target)}"
    return f"每年{text}" if line.measure is Measure.PER_YEAR else text


# measures without one number to compare the latest value with
NO_GAP_MEASURES = (Measure.BINARY, Measure.DIRECTIONAL, Measure.PER_YEAR, Measure.YEARLY_AMOUNT)


def _directional(line: TargetLine) -> bool:
    return line.comparator in (Comparator.INCREASE, Comparator.DECREASE)


# ---- phrases ---------------------------------------------------------------------------

def change_phrase(line: TargetLine) -> str | None:
    """"由2020年的96.5%提高到2023年的97.8%"; one point → "2023年为97.8%"; no data → None.

    A difference within the indicator's precision reads "基本持平", both values shown."""
    latest, base = line.latest, line.baseline
    if latest is None:
        return None
    now = f"{latest.year}年的{_amount(line, latest.value)}"
    if base is None or base.year >= latest.year:
        return f"{latest.year}年为{_amount(line, latest.value)}"
    d = latest.value - base.value
    then = f"{base.year}年的{_amount(line, base.value)}"
    if abs(d) <= tolerance(line):  # no change at the indicator's precision (as the engine judges)
        return f"{latest.year}年为{_amount(line, latest.value)}，与{then}基本持平"
    word = f.up_word(line.unit) if d > 0 else f.down_word(line.unit)
    return f"由{then}{word}到{now}"


def gap_value(line: TargetLine) -> float | None:
    """How far the latest value is from the target, positive when short of it, in the
    target's unit; None when there is nothing to compare (no data, no number, 提高/降低,
    yes/no goals). Growth targets compare with the level the rate implies."""
    if line.latest is None or _directional(line) or line.measure in NO_GAP_MEASURES:
        return None
    goal = line.target
    if line.measure is Measure.GROWTH_RATE:
        goal = line.facts.get("implied_target")
    if goal is None or not math.isfinite(goal):
        return None
    x = line.latest.value
    if line.comparator in DOWNWARD:
        return x - goal
    if line.comparator is Comparator.EQUAL:
        return abs(goal - x)
    return goal - x


def gap_phrase(line: TargetLine) -> str | None:
    """"距2025年不低于60%的目标还差12.5个百分点"; None when not short of the target."""
    g = gap_value(line)
    if g is None or g < tolerance(line):
        return None
    if line.measure is Measure.GROWTH_RATE:
        return (f"距按年均增长{f.number(line.target)}%推算的{line.target_year}年目标"
                f"{_amount(line, line.facts.get('implied_target'))}还差{_difference(line, g)}")
    return f"距{line.target_year}年{goal_text(line)}的目标还差{_difference(line, g)}"


def gap_phrase_short(line: TargetLine) -> str:
    """The gap in a 督办清单 cell: "差8个百分点", "差0.15万人", "未完成", "部分年份未达标"."""
    if line.binary:
        return "未完成"
    if line.latest is None:
        return "无监测数据"
    if line.measure in (Measure.PER_YEAR, Measure.YEARLY_AMOUNT, Measure.MAINTAIN):
        years = line.facts.get("failing_years") or []
        return f"{'、'.join(str(y) for y in years)}年未达标" if years else "部分年份未达标"
    if _directional(line):
        return "与目标方向相反" if line.status is Status.REGRESSING else "变化不明显"
    g = gap_value(line)
    if g is None:
        return "—"
    if g < tolerance(line):
        return "已达到目标值"
    return f"差{_difference(line, g)}"


def pace_phrase(line: TargetLine) -> str | None:
    """"目标完成进度为29%，慢于60%的时间进度"; on a milestone path the plan's milestone of
    that year, or the 序时进度参考值 between two milestones — never called a yearly target
    the plan did not set. Once the target year is reached there is no time share to
    compare with (no "100%的时间进度").

    Only for targets with a completion share that moved toward the target."""
    if (line.completion is None or line.completion < 0
            or line.measure in (Measure.MAINTAIN, Measure.BINARY, Measure.PER_YEAR, Measure.YEARLY_AMOUNT)):
        return None
    text = f"目标完成进度为{f.share_text(line.completion)}"
    expected = line.facts.get("expected")
    if line.milestones and expected is not None and line.latest is not None and math.isfinite(expected):
        if line.facts.get("expected_is_milestone"):
            return text + f"，《规划》{line.latest.year}年的阶段目标为{_amount(line, expected)}"
        return text + f"，{line.latest.year}年序时进度参考值为{_amount(line, expected, derived=True)}"
    if line.elapsed is not None and line.elapsed < 1:
        word = "慢于" if line.completion < line.elapsed else "不慢于"
        return text + f"，{word}{f.share_text(line.elapsed)}的时间进度"
    return text


def forecast_phrase(line: TargetLine) -> str | None:
    """"按目前趋势预计2025年为51.1%，难以实现目标" — only before the target year's data."""
    if line.forecast is None or line.forecast_meets is None or line.latest is None:
        return None
    if line.latest.year >= line.target_year:
        return None
    value = _amount(line, line.forecast, derived=True)
    if line.forecast_meets:
        return f"按目前趋势预计{line.target_year}年可达到{value}"
    return f"按目前趋势预计{line.target_year}年为{value}，难以实现目标"


def no_data_reason(line: TargetLine) -> str:
    """Why a no_data target cannot be assessed: 无监测数据, 监测数据过旧（最新为2020年）…"""
    for flag in NO_DATA_FLAGS:
        if flag in line.flags:
            if flag == "stale" and line.latest is not None:
                return f"监测数据过旧，最新为{line.latest.year}年"
            if flag == "not_yet_due":
                return f"期限为{line.target_year}年，尚未完成，到期前不作判断"
            return FLAG_LABELS[flag]
    return line.reason or "无法评估"


# ---- sentences -------------------------------------------------------------------------

def target_problem(line: TargetLine) -> str:
    """One sentence on a target that needs action, with its numbers."""
    head = f"{line.name}{STATUS_WORDS.get(line.status, line.status.label)}"
    parts: list[str | None]
    if line.measure in (Measure.BINARY, Measure.PER_YEAR, Measure.YEARLY_AMOUNT):
        parts = [line.reason]
    elif line.measure is Measure.MAINTAIN and line.target is not None:
        years = line.facts.get("failing_years") or []
        failing = f"{'、'.join(str(y) for y in years)}年未保持在{goal_text(line)}" if years else None
        parts = [failing, change_phrase(line)]
    elif _directional(line):
        opposite = line.status is Status.REGRESSING
        parts = [f"目标为{f.COMPARATOR_WORDS[line.comparator]}", change_phrase(line),
                 "与目标方向相反" if opposite else None]
    elif line.measure is Measure.GROWTH_RATE and "actual_rate" in line.facts and line.baseline and line.latest:
        parts = [change_phrase(line),
                 f"{line.baseline.year}—{line.latest.year}年年均增长{f.number(line.facts['actual_rate'])}%，"
                 f"目标为年均增长{f.number(line.target)}%",
                 forecast_phrase(line)]
    else:
        backwards = line.completion is not None and line.completion < 0
        parts = [change_phrase(line), "与目标方向相反" if backwards else pace_phrase(line), gap_phrase(line),
                 forecast_phrase(line)]
    body = "，".join(p for p in parts if p) or line.reason
    return f"{head}：{body}。"


def task_title(task: TaskLine) -> str:
    return f"{task.number}{task.title}".strip()


def task_state(task: TaskLine) -> str:
    """"未填报进展" / "尚未启动" / "正在推进，进度为40%" / "已完成" — a task nobody reported
    on is not said to be at 0%."""
    if not task.reported:
        return "未填报进展"
    if task.status is TaskStatus.DONE:
        return "已完成"
    if task.status is TaskStatus.NOT_STARTED and task.progress == 0:
        return "尚未启动"
    return f"正在推进，进度为{task.progress}%"


def task_problem(task: TaskLine, *, as_of: int) -> str:
    """"重点任务“3.消除大班额”期限为2023年，截至2023年正在推进，进度为40%，尚未完成。"."""
    if not task.reported:
        return f"重点任务“{task_title(task)}”期限为{task.due_year}年，截至{as_of}年未填报进展，无法确认是否完成。"
    return f"重点任务“{task_title(task)}”期限为{task.due_year}年，截至{as_of}年{task_state(task)}，尚未完成。"


def preamble(plan: PlanInfo, *, as_of: int, time_share: float | None, targets: int, tasks: int, projects: int,
             skipped: int, region: str | None) -> tuple[str, ...]:
    """The opening paragraphs: what plan, which period, as of when, on what basis."""
    name = f"《{plan.title}》"
    if plan.period is not None:
        base = f"，以{plan.base_year}年为基期" if plan.base_year else ""
        first = f"{name}（以下简称《规划》）规划期为{f.year_span(*plan.period)}{base}。"
    else:
        first = f"{name}（以下简称《规划》）未写明规划期，以下按各目标自身的年份评估。"
    basis = [text for n, text in ((targets, f"{targets}项量化目标"), (tasks, f"{tasks}项重点任务"),
                                  (projects, f"{projects}个建设项目")) if n]
    where = f"按{region}的监测数据，" if region else ""
    if basis:
        joined = "、".join(basis[:-1]) + ("和" if len(basis) > 1 else "") + basis[-1]
        second = f"对照《规划》提出的{joined}，{where}评估截至{as_of}年的实施进展。"
    else:
        second = f"本报告{where}评估截至{as_of}年的实施进展；《规划》中没有可评估的量化目标、重点任务或建设项目。"
    out = [first + second + "现将评估情况报告如下。"]
    if skipped:
        out.append(f"另有{skipped}项目标因缺少数值或年份等原因未纳入评估，列于附件。")
    return tuple(out)


def _task_counts(tasks: Sequence[TaskLine]) -> tuple[int, int, int, int]:
    """(done, started, idle, unreported) — only reported tasks are done, started or idle."""
    reported = [t for t in tasks if t.reported]
    done = sum(1 for t in reported if t.status is TaskStatus.DONE)
    started = sum(1 for t in reported if t.status is TaskStatus.IN_PROGRESS
                  or (t.status is TaskStatus.NOT_STARTED and t.progress > 0))
    return done, started, len(reported) - done - started, len(tasks) - len(reported)


def sector_tasks_sentence(tasks: Sequence[TaskLine], *, noun: str = "重点任务") -> str:
    """"本领域3项重点任务中，已完成1项、正在推进1项；1项未填报进展。" — counts of
    reported states, and the count nobody reported on (never called 0%)."""
    done, started, idle, unreported = _task_counts(tasks)
    states = [f"{word}{n}项" for n, word in ((done, "已完成"), (started, "正在推进"), (idle, "尚未启动")) if n]
    text = f"相关{noun}{len(tasks)}项"
    if states:
        text += "中，" + "、".join(states)
        if unreported:
            text += f"，{unreported}项未填报进展"
    else:
        text += "均未填报进展" if len(tasks) > 1 else "未填报进展"
    overdue = sum(1 for t in tasks if t.overdue)
    if overdue:
        text += f"；{overdue}项已到期未完成"
    return text + "。"


def tasks_paragraph(tasks: Sequence[TaskLine], *, as_of: int) -> str:
    """Counts of key tasks by reported state, the count without any report, and how
    many are overdue."""
    if not tasks:
        return "《规划》没有列出重点任务。"
    done, started, idle, unreported = _task_counts(tasks)
    states = [f"{n}项{word}" for n, word in ((done, "已完成"), (started, "正在推进"), (idle, "尚未启动")) if n]
    text = f"《规划》列出{len(tasks)}项重点任务。截至{as_of}年，"
    if states:
        text += f"按各责任单位填报的进展，{'、'.join(states)}"
        text += f"；{unreported}项未填报进展" if unreported else ""
    else:
        text += "各项任务均未填报进展，暂不能评估推进情况"
    overdue = sum(1 for t in tasks if t.overdue)
    text += f"；{overdue}项已到期但尚未完成或未报送完成情况。" if overdue else "。"
    return text


def needed_per_year(line: TargetLine) -> float | None:
    """(target − latest) / (target year − latest year): the yearly change still needed,
    in the target's unit, in the direction of the target (positive = toward it); None
    when the target year's data is in, or there is no number to compare with."""
    g = gap_value(line)
    if g is None or line.latest is None or line.measure is Measure.GROWTH_RATE:
        return None
    years = line.target_year - line.latest.year
    if years <= 0:
        return None
    return g / years


def past_per_year(line: TargetLine) -> str | None:
    """"2020—2023年年均提高1.73个百分点" — the pace so far, in the same terms."""
    b, t = line.baseline, line.latest
    if b is None or t is None or t.year <= b.year:
        return None
    per = (t.value - b.value) / (t.year - b.year)
    span = f"{b.year}—{t.year}年"
    if abs(per) < tolerance(line) / 10:
        return f"{span}基本持平"
    word = f.up_word(line.unit) if per > 0 else f.down_word(line.unit)
    return f"{span}年均{word}{_difference(line, abs(per))}"


def suggestion_text(line: TargetLine, *, as_of: int) -> str:
    """What it takes to reach the target: the yearly gain still needed, with its unit."""
    T, latest = line.target_year, line.latest
    if line.measure is Measure.BINARY:
        return f"需在{T}年前完成。" if T > as_of else f"期限{T}年已到，需尽快完成。"
    if line.measure is Measure.PER_YEAR:
        if T <= as_of:
            return f"{T}年的期限已到，部分年份未达到{goal_text(line)}，需总结原因并尽快补齐。"
        return f"需确保{f.year_span(as_of + 1, T)}每年均达到{goal_text(line)[2:]}。"
    if line.measure is Measure.YEARLY_AMOUNT:
        ahead = [(y, v) for y, v in (*line.milestones, (T, line.target)) if v is not None and y > as_of]
        if not ahead:
            return "规划年度额度的期限已到，需补齐未完成的年度额度。"
        plan = "、".join(f"{y}年{_amount(line, v)}" for y, v in ahead)
        return f"需按《规划》的年度额度完成{plan}。"
    if line.measure is Measure.RANK and latest is not None:
        return f"需在{T}年前进入前{f.number(line.target)}名（{latest.year}年为第{f.number(latest.value)}名）。"
    if _directional(line):
        word = "降低" if line.comparator is Comparator.DECREASE else "提高"
        if line.status is Status.REGRESSING:
            return f"需扭转反向变化的势头，确保{T}年较基期有所{word}。"
        return f"需加大工作力度，确保{T}年较基期有所{word}。"
    if line.measure is Measure.MAINTAIN:
        return f"需采取措施使该指标回到并保持在{goal_text(line)}。"
    g = gap_value(line)
    if latest is None or g is None:
        return f"需加快推进，确保{T}年实现{goal_text(line)}的目标。"
    if line.measure is Measure.GROWTH_RATE:
        return _growth_suggestion(line, as_of=as_of)
    if T <= as_of or T <= latest.year:
        return f"{T}年{goal_text(line)}的目标期限已到，按{latest.year}年数据尚差{_difference(line, g)}，需尽快补齐差距。"
    per = needed_per_year(line)
    assert per is not None
    toward = f.down_word(line.unit) if line.comparator in DOWNWARD else f.up_word(line.unit)
    if line.comparator in DOWNWARD and toward == "下降":
        toward = "降低"
    text = (f"要实现{T}年{goal_text(line)}的目标，按{latest.year}年的{_amount(line, latest.value)}计算，"
            f"{f.year_span(latest.year + 1, T)}需年均{toward}{_difference(line, per)}")
    past = past_per_year(line)
    return text + (f"（{past}）。" if past else "。")


def _growth_suggestion(line: TargetLine, *, as_of: int) -> str:
    implied = line.facts.get("implied_target")
    latest = line.latest
    assert latest is not None
    T = line.target_year
    if implied is None or T <= latest.year or T <= as_of or latest.value <= 0 or implied <= 0:
        return f"需加快增长，确保实现年均增长{f.number(line.target)}%的目标。"
    rate = ((implied / latest.value) ** (1 / (T - latest.year)) - 1) * 100
    return (f"要实现年均增长{f.number(line.target)}%的目标（{T}年达到{_amount(line, implied)}），"
            f"{f.year_span(latest.year + 1, T)}需年均增长{f.number(rate)}%。")


def task_suggestion(task: TaskLine) -> str:
    return f"该任务期限为{task.due_year}年，目前{task_state(task)}，需明确完成时限，尽快完成。"


def data_suggestion(lines: Sequence[TargetLine]) -> str:
    unique = list(dict.fromkeys(t.name for t in lines))
    names = "、".join(unique[:10]) + ("等" if len(unique) > 10 else "")
    return f"{len(lines)}项目标缺少可用的监测数据（{names}），需由责任单位按年度填报，以便评估进展。"
