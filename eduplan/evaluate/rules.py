"""The rules that decide a status, one function per kind of target.

Each takes plain numbers and returns a ``Verdict``; ``engine.py`` prepares the series,
runs the common checks (bad period, no target value, no data, stale data) and calls one
of these. The vectorised path (``vector.py``) implements the same branches in the same
order; keep them in step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from eduplan.domain import Comparator, Status
from eduplan.evaluate.model import Point, finite_or_none
from eduplan.evaluate.progress import milestone_years, path_value, straight_pace
from eduplan.evaluate.status import PRECISION_RANGE, at_least_lagging, classify_pace, improvement_sign, meets, round10
from eduplan.evaluate.thresholds import Thresholds

OPERATOR_WORDS = {
    Comparator.AT_LEAST: "不低于",
    Comparator.MORE_THAN: "高于",
    Comparator.AT_MOST: "不高于",
    Comparator.LESS_THAN: "低于",
    Comparator.EQUAL: "等于",
    Comparator.INCREASE: "提高",
    Comparator.DECREASE: "降低",
}
RATE_DIGITS = 2  # a growth rate (%) is written with up to two decimals, whatever the indicator's precision


def fmt(x: float | None, precision: int) -> str:
    """A number at the indicator's precision, as a person writes it: 47.4333… → 47.4 with
    one decimal, 98.0 → 98, 30000 → 30000 (not 3e+04), 0.1 + 0.2 → 0.3, 480000000 → 4.8亿."""
    if x is None:
        return "—"
    if not math.isfinite(x):
        return str(x)
    if abs(x) >= 1e8:
        return fmt(x / 1e8, 4) + "亿"  # 500000000 → 5亿, as a budget is written (the unit is the indicator's)
    low, high = PRECISION_RANGE
    digits = min(max(precision, low), high)
    text = f"{round(x, digits):.{max(digits, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(x: float) -> str:
    return f"{x * 100:.0f}%"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    rule: str
    reason: str
    completion: float | None = None
    pace: float | None = None
    flags: frozenset[str] = frozenset()
    facts: Mapping[str, Any] = field(default_factory=dict)


def no_data(flag: str, reason: str, rule: str = "no_data", **facts: Any) -> Verdict:
    return Verdict(Status.NO_DATA, rule, reason, flags=frozenset({flag}), facts=facts)


def at_deadline(verdict: Verdict, *, latest_year: int, target_year: int, as_of: int, latest: str) -> Verdict:
    """The deadline rule: once the deadline has passed — a value for the target year (or,
    lacking one, the first later year), or ``as_of`` after the target year — a target not
    achieved is ``overdue`` (到期未完成). Flag ``target_year_missed`` when the deadline's
    own value misses it, ``deadline_no_data`` when the latest value is from before the
    deadline (nothing shows it was met). A single point or an empty gap (no_data for lack
    of a path) is judged too: a deadline needs no pace."""
    if verdict.status is Status.ACHIEVED:
        return verdict
    if latest_year < target_year and as_of <= target_year:
        return verdict
    if verdict.status is Status.NO_DATA and not verdict.flags & DEADLINE_JUDGEABLE:
        return verdict
    if latest_year >= target_year:
        head, flag = f"期限{target_year}年已到，{latest}，未达到目标", "target_year_missed"
    else:
        head, flag = f"期限{target_year}年已过，最新数据{latest}，未达到目标", "deadline_no_data"
    return replace(verdict, status=Status.OVERDUE, reason=head + _tail(verdict.reason), flags=verdict.flags | {flag})


DEADLINE_JUDGEABLE = frozenset({"single_point", "not_finite", "bad_period"})


def _tail(reason: str) -> str:
    return f"（{reason}）" if reason else ""


def check_milestones(verdict: Verdict, *, milestones: Mapping[int, float], base_year: int | None, x_t: float,
                     t: int, target_year: int, comparator: Comparator, precision: int) -> Verdict:
    """A plan-stated milestone whose year has come (m ≤ t, the latest data year) and that
    the latest value still misses makes the target at least lagging, the milestone named
    in the reason (flag ``milestone_missed``). Only the latest such milestone counts: a
    milestone missed in its year but reached since is no longer a shortfall."""
    passed = [m for m in milestones if m <= t and m < target_year and (base_year is None or m > base_year)]
    if not passed or verdict.status is Status.ACHIEVED:
        return verdict
    m = max(passed)
    goal = milestones[m]
    if meets(x_t, goal, comparator):
        return verdict
    op = OPERATOR_WORDS[comparator]
    head = f"{m}年阶段目标（{op}{fmt(goal, precision)}）未实现，{t}年为{fmt(x_t, precision)}"
    status = Status.LAGGING if verdict.status is Status.NO_DATA else at_least_lagging(verdict.status)
    facts = {**verdict.facts, "missed_milestone": {"year": m, "value": goal}}
    return Verdict(status, verdict.rule if verdict.status is not Status.NO_DATA else "milestone",
                   head + ("；" + verdict.reason if verdict.reason and verdict.status is not Status.NO_DATA else ""),
                   verdict.completion, verdict.pace, verdict.flags - {"single_point"} | {"milestone_missed"}, facts)


def judge_level(x_b: float, x_t: float, b: int, t: int, *, target: float, target_year: int,
                comparator: Comparator, tol: float, precision: int, thresholds: Thresholds,
                milestones: Mapping[int, float]) -> Verdict:
    """A level target (rate or stock) against the straight path or the milestone path.

    In order: the latest value meets the target → achieved; only the baseline → no_data;
    the baseline met the target but the latest value does not → regressing; the target
    equals the baseline → lagging (regressing if it moved the wrong way); otherwise
    R = P/τ (or against the milestone of year t) → classify. (The engine then caps a
    target missed at its target year at at_risk: ``cap_at_target_year``.)
    """
    flags: set[str] = set()
    facts: dict[str, Any] = {}
    T = target_year
    op = OPERATOR_WORDS[comparator]
    baseline_meets = meets(x_b, target, comparator, tol)
    latest_meets = meets(x_t, target, comparator, tol)
    sign = improvement_sign(comparator, target, x_b)
    gap_ok = not baseline_meets and abs(round10(target - x_b)) > tol
    completion = finite_or_none(round10((x_t - x_b) / (target - x_b))) if gap_ok else None

    pace: float | None = None
    flat = False
    years = milestone_years(milestones, b, T)
    if gap_ok and t > b:
        if years:
            expected = path_value(milestones, years, b, x_b, T, target, t)
            facts["expected"] = finite_or_none(expected)
            facts["expected_is_milestone"] = t in milestones or t >= T
            if t < T and t not in milestones:
                flags.add("milestone_interpolated")
            if abs(round10(expected - x_b)) <= tol:
                flat = True
            else:
                pace = finite_or_none(round10((x_t - x_b) / (expected - x_b)))
        else:
            pace = finite_or_none(round10(straight_pace(x_b, x_t, target, b, t, T)))
            if t < T:  # the straight path's value in year t: a reference, not a plan figure
                facts["expected"] = finite_or_none(round10(x_b + (target - x_b) * (t - b) / (T - b)))
                facts["expected_is_milestone"] = False
    rule = "milestone" if years else "straight_path"

    if latest_meets:
        return Verdict(Status.ACHIEVED, "target_met",
                       f"{t}年实际值{fmt(x_t, precision)}，已达到目标（{op}{fmt(target, precision)}）",
                       completion, pace, frozenset(flags), facts)
    if t == b:
        return no_data("single_point", f"{b}年以来只有一个数据点（{fmt(x_t, precision)}），未达到目标，无法计算进度")
    if b >= T:  # a substituted baseline at or after the deadline: no path to measure against
        return no_data("bad_period", f"最早的数据为{b}年，不早于目标年份{T}，无法计算进度")
    if baseline_meets:
        return Verdict(Status.REGRESSING, "baseline_met",
                       f"基期值{fmt(x_b, precision)}已达到目标（{op}{fmt(target, precision)}），{t}年实际值{fmt(x_t, precision)}未达到",
                       flags=frozenset({"baseline_met"}))
    if not gap_ok:
        moved = round10(x_t - x_b) * sign
        status = Status.REGRESSING if moved < -tol else Status.LAGGING
        return Verdict(status, "no_gap", f"目标值与基期值{fmt(x_b, precision)}相同，{t}年实际值{fmt(x_t, precision)}未达到目标",
                       flags=frozenset(flags | {"no_gap"}))
    if flat:
        moved = round10(x_t - x_b) * sign
        status = Status.REGRESSING if moved < -tol else Status.ON_TRACK
        return Verdict(status, "milestone", f"{t}年序时进度参考值与基期值相同，实际值{fmt(x_t, precision)}",
                       completion, None, frozenset(flags | {"milestone_no_change_expected"}), facts)
    if pace is None:
        return no_data("not_finite", "数值超出可计算范围，无法计算进度")
    status = classify_pace(pace, thresholds)
    if comparator is Comparator.EQUAL and completion is not None and completion > 1:
        flags.add("overshoot")
    tau = (t - b) / (T - b)
    expected = facts.get("expected")
    if years and expected is not None:
        word = "规划阶段目标" if facts.get("expected_is_milestone") else "序时进度参考值"
        reason = f"{t}年{word}{fmt(expected, precision)}，实际{fmt(x_t, precision)}，进度比{pace:.2f}"
    else:
        reason = f"时间进度{pct(tau)}，完成进度{pct(completion or 0.0)}，进度比{pace:.2f}"
    return Verdict(status, rule, reason, completion, pace, frozenset(flags), facts)


def judge_directional(x_b: float, x_t: float, b: int, t: int, *, comparator: Comparator, target_year: int,
                      tol: float, precision: int) -> Verdict:
    """提高 / 降低 without a number: the sign of the change since the baseline decides.

    Improved by more than the tolerance → on_track (achieved once the target year's value
    shows it); no change within the tolerance → lagging; worse → regressing. There is no
    completion share and no pace.
    """
    if t == b:
        return no_data("single_point", f"{b}年以来只有一个数据点，无法判断变化方向")
    sign = improvement_sign(comparator)
    word = OPERATOR_WORDS[comparator]
    moved = round10(x_t - x_b) * sign
    if moved > tol:
        status = Status.ACHIEVED if t >= target_year else Status.ON_TRACK
        reason = f"较基期{fmt(x_b, precision)}已{word}至{fmt(x_t, precision)}"
    elif moved < -tol:
        status = Status.REGRESSING
        reason = f"目标为{word}，实际由{fmt(x_b, precision)}变为{fmt(x_t, precision)}，方向相反"
    else:
        status = Status.LAGGING
        reason = f"目标为{word}，{t}年实际值{fmt(x_t, precision)}与基期持平"
    return Verdict(status, "directional", reason)


def judge_maintain(points: Sequence[Point], *, target: float, comparator: Comparator, tol: float,
                   precision: int, target_year: int) -> Verdict:
    """保持100% / 巩固在97%以上: every observed year from the baseline year on (the baseline
    included) must meet the level → achieved; any year that does not → lagging, listing
    the years; the deadline year's own value missing the level → overdue. No ratio, so a
    single value is judged too."""
    op = OPERATOR_WORDS[comparator]
    failing = [p.year for p in points if not meets(p.value, target, comparator, tol)]
    if not failing:
        first, last = points[0].year, points[-1].year
        span = f"{first}年" if first == last else f"{first}—{last}年"
        return Verdict(Status.ACHIEVED, "maintain_level", f"{span}各年均{op}{fmt(target, precision)}",
                       facts={"failing_years": []})
    years = "、".join(str(y) for y in failing)
    last = points[-1]
    if last.year >= target_year and last.year in failing:
        return Verdict(Status.OVERDUE, "maintain_level", f"期限{target_year}年已到，{years}年未保持在{op}{fmt(target, precision)}",
                       flags=frozenset({"target_year_missed"}), facts={"failing_years": failing})
    return Verdict(Status.LAGGING, "maintain_level", f"{years}年未保持在{op}{fmt(target, precision)}",
                   facts={"failing_years": failing})


def judge_cumulative_cap(total_so_far: float, b: int, t: int, *, cap: float, comparator: Comparator,
                         target_year: int, tol: float, precision: int) -> Verdict:
    """A cumulative cap (<=, <: 新增债务不超过…) can only be achieved at the target year:
    exceeded → regressing; target year within the cap → achieved; before → on_track."""
    op = OPERATOR_WORDS[comparator]
    completion = finite_or_none(round10(total_so_far / cap)) if abs(cap) > tol else None
    if not meets(total_so_far, cap, comparator, tol):
        return Verdict(Status.REGRESSING, "cumulative_sum",
                       f"累计{fmt(total_so_far, precision)}，已超出上限（{op}{fmt(cap, precision)}）",
                       completion, flags=frozenset({"cap_exceeded"}))
    if t >= target_year:
        return Verdict(Status.ACHIEVED, "cumulative_sum", f"至{t}年累计{fmt(total_so_far, precision)}，未超出上限", completion)
    if t == b:
        return no_data("single_point", f"{b}年以来只有一个数据点，无法计算进度")
    return Verdict(Status.ON_TRACK, "cumulative_sum",
                   f"累计{fmt(total_so_far, precision)}，未超出上限（{op}{fmt(cap, precision)}）",
                   completion)


def compound(base: float, rate_percent: float, years: int) -> float:
    """base·(1 + rate/100)^years; +inf instead of OverflowError."""
    try:
        return base * (1 + rate_percent / 100) ** years
    except OverflowError:
        return math.inf


def judge_growth(points: Sequence[Point], *, rate: float, target_year: int, comparator: Comparator, tol: float,
                 precision: int, thresholds: Thresholds) -> Verdict:
    """年均增长X%: actual compound annual growth g against the required rate g*, R = g/g*.

    The implied end level x_b(1+g*)^(T−b) decides "achieved" (reached already). A
    baseline ≤ 0 cannot be compounded → no_data (``cagr_undefined``). A value ≤ 0 later in
    the series → no exception: the straight-path rule against the implied end level
    (``linear_fallback``, flag ``nonpositive_value``). A required rate of 0 has its own
    branch (not met means the level fell → regressing).
    """
    x_b, x_t = points[0].value, points[-1].value
    b, t = points[0].year, points[-1].year
    T = target_year
    if x_b <= 0 or rate <= -100:
        return no_data("cagr_undefined", f"基期值{fmt(x_b, precision)}不为正，无法按年均增长率评估", rule="cagr")
    implied = compound(x_b, rate, T - b)
    facts: dict[str, Any] = {"required_rate": rate, "implied_target": finite_or_none(implied)}
    gap_ok = implied != x_b
    completion = finite_or_none(round10((x_t - x_b) / (implied - x_b))) if gap_ok else None
    if meets(x_t, implied, comparator, tol):
        return Verdict(Status.ACHIEVED, "cagr", f"{t}年实际值{fmt(x_t, precision)}已达到按年均增长"
                       f"{fmt(rate, RATE_DIGITS)}%推算的目标{fmt(implied, precision)}",
                       completion, facts=facts)
    if t == b:
        return no_data("single_point", f"{b}年以来只有一个数据点，无法计算年均增长率")
    if any(p.value <= 0 for p in points):
        v = judge_level(x_b, x_t, b, t, target=implied, target_year=T, comparator=comparator, tol=tol,
                        precision=precision, thresholds=thresholds, milestones={})
        rule = "no_data" if v.status is Status.NO_DATA else "linear_fallback"
        return Verdict(v.status, rule, v.reason + "（序列含零或负值，按线性进度评估）", v.completion, v.pace,
                       v.flags | {"nonpositive_value"}, {**facts, **v.facts})
    if rate == 0:
        return Verdict(Status.REGRESSING, "cagr", f"目标为年均增长0%，{t}年实际值{fmt(x_t, precision)}低于基期值{fmt(x_b, precision)}",
                       completion, flags=frozenset({"no_gap"}), facts=facts)
    actual = ((x_t / x_b) ** (1 / (t - b)) - 1) * 100
    facts["actual_rate"] = finite_or_none(round10(actual))
    pace = finite_or_none(round10(actual / rate))
    if pace is None:
        return no_data("not_finite", "数值超出可计算范围，无法计算年均增长率", rule="cagr")
    return Verdict(classify_pace(pace, thresholds), "cagr",
                   f"{b}—{t}年年均增长{actual:.2f}%，目标{fmt(rate, RATE_DIGITS)}%，进度比{pace:.2f}", completion, pace,
                   facts=facts)


def judge_binary(latest: Point, *, as_of: int, target_year: int, tol: float, stale: bool) -> Verdict:
    """创成国家…县: done when the latest value is ≥ 1 (true). A done target is achieved
    even on old data (it stays done). Not done: no_data if the value is stale; overdue
    (到期未完成) once the deadline has passed (data for the target year, or as_of after
    it); before the deadline no_data with ``not_yet_due`` — a yes/no goal cannot be judged
    early, and saying "on track" would claim more than the data shows."""
    if meets(latest.value, 1.0, Comparator.AT_LEAST, tol):
        return Verdict(Status.ACHIEVED, "binary", f"{latest.year}年已完成", completion=1.0)
    if stale:
        return no_data("stale", f"最新数据为{latest.year}年，已过旧")
    if latest.year >= target_year or as_of > target_year:
        return Verdict(Status.OVERDUE, "binary", f"期限{target_year}年已过，截至{latest.year}年尚未完成", completion=0.0,
                       flags=frozenset({"target_year_missed"}))
    return no_data("not_yet_due", f"期限为{target_year}年，截至{latest.year}年尚未完成", rule="binary")


def _years(years: Sequence[int]) -> str:
    return "、".join(str(y) for y in years)


def judge_per_year(points: Sequence[Point], *, target: float, comparator: Comparator, target_year: int,
                   base_year: int | None, precision: int, goal_word: str | None = None) -> Verdict:
    """每年/年均不少于N: every year after the base year is judged on its own amount.

    ``points`` are the yearly amounts (``series`` mode "amounts"). The latest year below N
    → lagging (overdue when it is the deadline year); only earlier years below → at_risk;
    every year met → on_track, achieved once the deadline year is in. Completion is the
    share of the period's years met."""
    op = OPERATOR_WORDS[comparator]
    goal = goal_word or f"每年{op}{fmt(target, precision)}"
    failing = [p.year for p in points if not meets(p.value, target, comparator)]
    last = points[-1]
    span = (target_year - base_year) if base_year is not None and target_year > base_year else None
    completion = finite_or_none(round10((len(points) - len(failing)) / span)) if span else None
    facts: dict[str, Any] = {"failing_years": failing, "amounts": [[p.year, p.value] for p in points]}
    flags = frozenset({"years_missed"}) if failing else frozenset()
    latest = f"{last.year}年为{fmt(last.value, precision)}"
    if last.year >= target_year:
        if not failing:
            return Verdict(Status.ACHIEVED, "per_year", f"{points[0].year}—{last.year}年各年均达到{goal}", completion,
                           facts=facts)
        return Verdict(Status.OVERDUE, "per_year", f"期限{target_year}年已到，{_years(failing)}年未达到{goal}",
                       completion, flags=flags | {"target_year_missed"}, facts=facts)
    if last.year in failing:
        return Verdict(Status.LAGGING, "per_year", f"{_years(failing)}年未达到{goal}（{latest}）", completion,
                       flags=flags, facts=facts)
    if failing:
        return Verdict(Status.AT_RISK, "per_year", f"{_years(failing)}年未达到{goal}，{latest}", completion,
                       flags=flags, facts=facts)
    return Verdict(Status.ON_TRACK, "per_year", f"{points[0].year}—{last.year}年各年均达到{goal}", completion,
                   facts=facts)


def judge_yearly_amount(points: Sequence[Point], *, amounts: Mapping[int, float], comparator: Comparator,
                        target_year: int, precision: int) -> Verdict:
    """A plan's amount for each year (建设资金逐年投入9.7、13.4、12.8、8.6亿元): each year
    with data against its own amount, never against the last one as a level to reach.

    ``=`` counts as "at least" (an amount planned for a year is reached by spending it).
    The latest judged year short of its amount → lagging (overdue in the deadline year);
    only earlier years short → at_risk; every year met → on_track, achieved once the
    deadline year is in. Completion is the sum of the amounts so far against the sum of
    every year's amount."""
    cmp = Comparator.AT_LEAST if comparator is Comparator.EQUAL else comparator
    judged = [p for p in points if p.year in amounts]
    if not judged:
        return no_data("no_observations", "规划列出年度额度的年份均无监测数据", rule="yearly_amount")
    failing = [p.year for p in judged if not meets(p.value, amounts[p.year], cmp)]
    total = sum(amounts.values())
    completion = finite_or_none(round10(sum(p.value for p in judged) / total)) if total else None
    last = judged[-1]
    facts: dict[str, Any] = {"failing_years": failing,
                             "amounts": [[p.year, p.value, amounts[p.year]] for p in judged]}
    flags = frozenset({"years_missed"}) if failing else frozenset()
    detail = "，".join(f"{p.year}年{fmt(p.value, precision)}（年度额度{fmt(amounts[p.year], precision)}）"
                      for p in judged if p.year in failing)
    if last.year >= target_year:
        if not failing:
            return Verdict(Status.ACHIEVED, "yearly_amount", "各年均达到规划年度额度", completion, facts=facts)
        return Verdict(Status.OVERDUE, "yearly_amount", f"期限{target_year}年已到，未达到年度额度：{detail}", completion,
                       flags=flags | {"target_year_missed"}, facts=facts)
    if last.year in failing:
        return Verdict(Status.LAGGING, "yearly_amount", f"未达到年度额度：{detail}", completion, flags=flags, facts=facts)
    if failing:
        return Verdict(Status.AT_RISK, "yearly_amount", f"{last.year}年已达到年度额度，此前未达到：{detail}", completion,
                       flags=flags, facts=facts)
    return Verdict(Status.ON_TRACK, "yearly_amount", f"{judged[0].year}—{last.year}年各年均达到规划年度额度", completion,
                   facts=facts)
