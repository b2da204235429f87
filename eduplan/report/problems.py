"""四、存在的主要问题, 五、下一步工作建议 and the 督办清单 rows, from the same lines.

Problems are grouped by the cause the data shows (``causes.cause_of``), each item
naming who answers for it. Suggestions answer each cause with an action and the
arithmetic behind it; 目标调整建议 propose a new figure for targets whose own trend
cannot reach them and whose fall the plan cannot command (school-age population) or
which are moving away from the target.
"""

from __future__ import annotations

from collections.abc import Sequence

from eduplan.domain import Measure, Status
from eduplan.report import figures as f
from eduplan.report import sentences as s
from eduplan.report.causes import cause_of, is_demographic, is_investment
from eduplan.report.context import (
    PROBLEM_STATUSES,
    ProblemGroup,
    ProblemItem,
    ProjectLine,
    Suggestion,
    SupervisionItem,
    TargetLine,
    TaskLine,
)
from eduplan.report.units import Roles

CAUSES = (
    ("overdue", "部分目标任务到期未完成"),
    ("lagging", "部分指标进度慢于时间进度"),
    ("demographic", "学龄人口变化影响部分规模指标"),
    ("investment", "建设投入和项目推进不及预期"),
    ("no_report", "部分监测数据和任务进展未报送"),
)


def owner(roles: Roles | None, units: Sequence[str] = ()) -> str:
    """"牵头单位：县教育局，配合单位：县发改局" / "责任单位：县教育局" / ""."""
    lead, assist = (roles.lead, roles.assist) if roles else (tuple(units[:1]), tuple(units[1:]))
    if not lead and not assist:
        return ""
    if assist:
        return f"牵头单位：{'、'.join(lead)}，配合单位：{'、'.join(assist)}"
    return f"责任单位：{'、'.join(lead)}"


def _label(roles: Roles | None, units: Sequence[str]) -> str:
    return roles.label if roles else "、".join(units)


def _item(t: TargetLine) -> ProblemItem:
    who = owner(t.roles, t.units)
    head = f"{t.name}（{who}）" if who else t.name
    body = s.target_problem(t).removeprefix(t.name)
    extra = _cause_clause(t)
    if extra:
        body = body.removesuffix("。") + f"，{extra}。"
    return ProblemItem("target", head + body, (t.target_id,), t.status, _label(t.roles, t.units))


def _cause_clause(t: TargetLine) -> str | None:
    if is_demographic(t):
        return "在校（园）规模减少，反映学龄人口下降，按现有趋势难以达到《规划》预期规模"
    if t.status is Status.OVERDUE:
        return f"目标年份{t.target_year}年已过"
    return None


def problem_groups(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], projects: Sequence[ProjectLine] = (),
                   *, as_of: int, time_share: float | None = None, chapters: Sequence = ()) -> tuple[ProblemGroup, ...]:
    """The problems by cause, in the order of ``CAUSES``; a cause without items is left
    out. Within a cause, furthest behind first."""
    by_cause: dict[str, list[ProblemItem]] = {key: [] for key, _ in CAUSES}
    acting = sorted((t for t in lines if cause_of(t) not in (None, "no_report")),
                    key=lambda t: (PROBLEM_STATUSES.index(t.status) if t.status in PROBLEM_STATUSES else 9,
                                   t.pace if t.pace is not None else -1e9))
    for t in acting:
        by_cause[cause_of(t) or "lagging"].append(_item(t))
    for k in tasks:
        if k.overdue:
            who = owner(k.roles, k.units)
            text = s.task_problem(k, as_of=as_of).removesuffix("。") + (f"（{who}）。" if who else "。")
            by_cause["overdue"].append(ProblemItem("task", text, (k.task_id,), None, _label(k.roles, k.units)))
    for p in projects:
        if time_share is not None and p.investment and p.investment_done is not None \
                and p.investment_done / p.investment < time_share * 0.8:
            scale = f.plan_scale("元", 2, "亿元" if p.investment >= 1e8 else "万元")
            text = (f"建设项目“{p.name}”计划投资{f.show(p.investment, scale, derived=True)}，已完成"
                    f"{f.show(p.investment_done, scale, derived=True)}，完成率"
                    f"{f.share_text(p.investment_done / p.investment)}，慢于{f.share_text(time_share)}的时间进度。")
            by_cause["investment"].append(ProblemItem("project", text, (p.project_id,)))
    by_cause["no_report"] += _missing_items(lines, tasks)
    groups, n = [], 0
    for key, heading in CAUSES:
        items = by_cause[key]
        if not items:
            continue
        n += 1
        groups.append(ProblemGroup(key, heading, _cause_intro(key, items, lines), tuple(items)))
    return tuple(groups)


def _missing_items(lines: Sequence[TargetLine], tasks: Sequence[TaskLine]) -> list[ProblemItem]:
    """Per responsible unit: the targets it reported no usable data for; then the tasks
    nobody reported on, with their count."""
    gaps: dict[str, list[TargetLine]] = {}
    for t in lines:
        if cause_of(t) == "no_report":
            gaps.setdefault(_label(t.roles, t.units), []).append(t)
    out = []
    for unit, members in gaps.items():
        names = list(dict.fromkeys(t.name for t in members))
        shown = "、".join(names[:8]) + ("等" if len(names) > 8 else "")
        reasons = list(dict.fromkeys(s.no_data_reason(t) for t in members))
        why = "、".join(reasons[:2])
        who = f"{unit}" if unit else "未明确责任单位的指标"
        out.append(ProblemItem("no_data", f"{who}：{shown}{len(members)}项指标暂不能评估（{why}）。",
                               tuple(t.target_id for t in members), Status.NO_DATA, unit))
    idle = [k for k in tasks if not k.reported and not k.overdue]
    if idle:
        units = list(dict.fromkeys(u for k in idle for u in (k.roles.lead if k.roles else k.units[:1])))
        who = f"（涉及{'、'.join(units[:6])}{'等' if len(units) > 6 else ''}）" if units else ""
        out.append(ProblemItem("task", f"{len(tasks)}项重点任务中有{len(idle)}项未填报进展{who}，"
                                       f"不能判断推进情况。", tuple(k.task_id for k in idle)))
    return out


def _cause_intro(key: str, items: Sequence[ProblemItem], lines: Sequence[TargetLine]) -> str:
    targets = sum(1 for i in items if i.kind == "target")
    if key == "overdue":
        tasks = sum(1 for i in items if i.kind == "task")
        what = "、".join(x for x in (f"{targets}项指标" if targets else "", f"{tasks}项重点任务" if tasks else "") if x)
        return f"{what}已到《规划》确定的期限仍未完成。"
    if key == "lagging":
        return f"{targets}项指标的完成进度慢于时间进度或偏离目标方向。"
    if key == "demographic":
        return ("受出生人口减少影响，学龄人口下降，部分按增长预期设定的在校（园）规模指标出现回落，"
                "与《规划》编制时的预期不一致。" if _births_fell(lines) else
                "部分按增长预期设定的在校（园）规模指标出现回落，反映学龄人口减少，与《规划》编制时的预期不一致。")
    if key == "investment":
        return "建设投入是学位供给和办学条件指标的基础，部分投入和项目进度不及预期。"
    return "以下事项没有报送可用的监测数据或进展，无法评估。"


def _births_fell(lines: Sequence[TargetLine]) -> bool:
    from eduplan.report.causes import is_births

    for t in lines:
        if is_births(t) and t.baseline and t.latest and t.latest.value < t.baseline.value:
            return True
    return False


def problems_intro(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int) -> str:
    """The sentence opening 四、存在的主要问题, or the statement that there are none."""
    acting = [t for t in lines if t.needs_action]
    gaps = sum(1 for t in lines if cause_of(t) == "no_report")
    late = sum(1 for k in tasks if k.overdue)
    if not acting and not gaps and not late:
        return f"截至{as_of}年，没有到期未完成、滞后、进度偏慢或倒退的指标，也没有到期未完成的重点任务。"
    parts = []
    if acting:
        counts = {st: sum(1 for t in acting if t.status is st) for st in PROBLEM_STATUSES}
        detail = "、".join(f"{Status(st).label}{n}项" for st, n in counts.items() if n)
        parts.append(f"{len(acting)}项指标需要重点关注（{detail}）")
    if gaps:
        parts.append(f"{gaps}项指标缺少可用的监测数据")
    if late:
        parts.append(f"{late}项重点任务到期未完成或未报送完成情况")
    return f"截至{as_of}年，" + "，".join(parts) + "。主要问题如下。"


# ---- 五、下一步工作建议 -------------------------------------------------------------------

def suggestion_list(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int) -> tuple[Suggestion, ...]:
    """One suggestion per target that needs action (what to do, who leads, and what it
    takes), per overdue task, one for missing data and one for unreported tasks."""
    out = []
    for t in lines:
        if t.needs_action:
            out.append(Suggestion("target", t.name, _label(t.roles, t.units), target_suggestion(t, as_of=as_of),
                                  (t.target_id,)))
    for k in tasks:
        if k.overdue:
            lead = "、".join(k.roles.lead if k.roles else k.units[:1]) or "责任单位"
            text = (f"该任务期限为{k.due_year}年，目前{s.task_state(k)}。建议由{lead}说明进展和原因，"
                    f"明确完成时限，列入督办事项。")
            out.append(Suggestion("task", f"重点任务“{s.task_title(k)}”", _label(k.roles, k.units), text,
                                  (k.task_id,)))
    gaps = [t for t in lines if cause_of(t) == "no_report"]
    if gaps:
        units = "、".join(dict.fromkeys(u for t in gaps for u in (t.roles.lead if t.roles else t.units[:1])))
        out.append(Suggestion("data", "健全监测数据报送", units or "各责任单位",
                              s.data_suggestion(gaps) + "建议将数据报送纳入年度考核，按年度更新评估。",
                              tuple(t.target_id for t in gaps)))
    idle = [k for k in tasks if not k.reported]
    if idle:
        out.append(Suggestion("task", "建立重点任务进展填报制度", "各责任单位",
                              f"{len(idle)}项重点任务未填报进展。建议各牵头单位每半年在重点任务看板填报进展和佐证材料，"
                              "由规划科汇总通报。", tuple(k.task_id for k in idle)))
    return tuple(out)


def target_suggestion(t: TargetLine, *, as_of: int) -> str:
    """The arithmetic of ``sentences.suggestion_text`` with the action its cause asks for."""
    arithmetic = s.suggestion_text(t, as_of=as_of)
    lead = "、".join(t.lead) or "责任单位"
    if is_demographic(t):  # growing a shrinking cohort is not a task: say what the trend is and re-plan
        past = s.past_per_year(t)
        return (f"{t.name}受学龄人口减少影响持续回落" + (f"（{past}）" if past else "") +
                f"，难以达到{t.target_year}年{s.goal_text(t)}的目标。建议{lead}根据出生人口和学龄人口变化重新测算学位需求，"
                "按程序调整目标（见目标调整建议），把资源转向提高质量和优化布局。")
    elif is_investment(t):
        action = f"建议{lead}加快项目前期和资金拨付，按年度计划完成投资。"
    elif t.status is Status.OVERDUE:
        action = f"建议{lead}分析未完成的原因，提出整改措施和完成时限，列入督办事项。"
    elif t.status is Status.REGRESSING:
        action = f"建议{lead}查明指标回落的原因，制定专项措施扭转下降趋势。"
    else:
        action = f"建议{lead}制定专项推进措施，按年度分解任务并报送进展。"
    return arithmetic + action


def adjustments(lines: Sequence[TargetLine], *, as_of: int) -> tuple[Suggestion, ...]:
    """目标调整建议: targets whose own trend misses them and that demography overtook or
    that are moving away from the target — with the figure the trend gives."""
    out = []
    for t in lines:
        if not t.needs_action or t.forecast is None or t.forecast_meets is not False or t.target is None:
            continue
        if t.latest is None or t.latest.year >= t.target_year:
            continue
        if not (is_demographic(t) or t.status is Status.REGRESSING):
            continue
        new = f.show(t.forecast, t.scale, derived=True)
        why = ("学龄人口减少" if is_demographic(t) else "指标持续回落")
        text = (f"{t.name}{s.change_phrase(t)}，因{why}，按{t.baseline.year if t.baseline else ''}—{t.latest.year}年的趋势"
                f"预计{t.target_year}年为{new}，难以达到{s.goal_text(t)}的目标。建议按程序将{t.target_year}年目标调整为{new}左右"
                f"（以最新人口和学位需求测算为准），或说明保留原目标的措施。")
        out.append(Suggestion("adjust", t.name, _label(t.roles, t.units), text, (t.target_id,)))
    return tuple(out)


def suggestions_intro(suggestions: Sequence[Suggestion], adjustments: Sequence[Suggestion],
                      lines: Sequence[TargetLine]) -> str:
    """The sentence opening 五、下一步工作建议; without suggestions it says why, no more."""
    if suggestions or adjustments:
        return "针对上述问题，对《规划》后半程的实施提出以下建议。"
    if not lines:
        return "《规划》没有纳入评估的量化目标，暂无针对具体指标的建议。"
    return "已评估的指标均已实现或不慢于预期进度，也没有到期未完成的重点任务；建议继续按年度报送监测数据，跟踪实施进展。"


# ---- 督办清单 ------------------------------------------------------------------------------

def supervision_items(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int
                      ) -> tuple[SupervisionItem, ...]:
    """督办清单 rows: targets that need action, then overdue tasks, in plan order —
    only items due or at risk."""
    out = []
    for t in lines:
        if not t.needs_action:
            continue
        latest = t.latest
        gap = s.gap_value(t)
        now = f"{latest.year}年{f.show(latest.value, t.scale)}" if latest else "无监测数据"
        situation = f"现状：{now}；目标：{t.target_year}年{s.goal_text(t)}"
        gap_text = s.gap_phrase_short(t)
        out.append(SupervisionItem(
            kind="指标", ref=t.target_id, item=t.name, units=t.units, chapter=t.chapter,
            goal=f"{s.goal_text(t)}（{t.target_year}年）", latest=latest.value if latest else None,
            latest_year=latest.year if latest else None, unit=t.unit, gap=gap,
            gap_unit=f.difference_unit(t.unit), deadline=t.target_year, status=t.status.label,
            note=s.target_problem(t), lead=t.lead, assist=t.assist, situation=situation, gap_text=gap_text,
            due_text=_due_text(t, as_of=as_of), sector=t.sector.label if t.sector else "",
        ))
    for k in tasks:
        if k.overdue:
            out.append(SupervisionItem(
                kind="重点任务", ref=k.task_id, item=s.task_title(k), units=k.units, chapter=k.chapter,
                goal="完成", latest=float(k.progress) if k.reported else None, latest_year=as_of if k.reported else None,
                unit="%", gap=float(100 - k.progress) if k.reported else None, gap_unit="个百分点",
                deadline=k.due_year, status="到期未完成" + (f"（{k.status.label}）" if k.reported else "（未填报进展）"),
                note=s.task_problem(k, as_of=as_of), lead=k.roles.lead if k.roles else k.units[:1],
                assist=k.roles.assist if k.roles else k.units[1:],
                situation=f"期限{k.due_year}年；{s.task_state(k)}",
                gap_text="未完成" if k.reported else "未填报进展",
                due_text=f"已逾期（原定{k.due_year}年底）", sector=k.sector.label if k.sector else "",
            ))
    return tuple(out)


def _due_text(t: TargetLine, *, as_of: int) -> str:
    """办理时限: the next plan milestone after the as-of year, else the target year; a
    passed deadline says so."""
    if t.target_year <= as_of:
        return f"已逾期（原定{t.target_year}年底）"
    ahead = [(y, v) for y, v in t.milestones if y > as_of and t.measure is not Measure.YEARLY_AMOUNT]
    if ahead:
        y, v = ahead[0]
        return f"{y}年底前达到{f.show(v, t.scale)}（阶段目标）；{t.target_year}年底前完成"
    return f"{t.target_year}年底前"
