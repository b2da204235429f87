"""Arrange evaluated targets, tasks and projects into a ``ReportContext``.

Pure: lines in, context out. The three parts of a mid-term evaluation report come from
the same lines, so a target is lagging everywhere or nowhere:

* 一、主要目标任务进展情况 — per chapter of the plan, its targets in plan order;
* 二、存在的主要问题 — targets that need action (``PROBLEM_STATUSES``: overdue,
  lagging, regressing, at_risk), targets that cannot be assessed (no_data, except yes/no goals
  not yet due) and overdue tasks, grouped by chapter, then responsible unit;
* 三、下一步工作建议 — one suggestion per target that needs action (the yearly gain still
  needed), per overdue task, and one for missing data;
* the supervision list (督办清单) — one row per target that needs action and per
  overdue task.
"""

from __future__ import annotations

from collections.abc import Sequence

from eduplan.domain import Status
from eduplan.evaluate import PlanSummary, count_statuses, describe_counts, describe_summary
from eduplan.report import figures as f
from eduplan.report import sentences as s
from eduplan.report.context import (
    PROBLEM_STATUSES,
    Chapter,
    ChapterReport,
    PlanInfo,
    ProblemGroup,
    ProblemItem,
    ProjectLine,
    ReportContext,
    SkippedLine,
    Suggestion,
    SupervisionItem,
    TargetLine,
    TaskLine,
)


def compose_report(plan: PlanInfo, lines: Sequence[TargetLine], *, as_of: int, summary: PlanSummary,
                   tasks: Sequence[TaskLine] = (), projects: Sequence[ProjectLine] = (),
                   skipped: Sequence[SkippedLine] = (), chapters: Sequence[Chapter] = (),
                   region: str | None = None, date_text: str = "", review_note: str | None = None) -> ReportContext:
    """The whole report. ``chapters`` gives the plan's chapter order (chapters without
    targets are left out); chapters not in it follow in order of first appearance."""
    time_share = summary.elapsed
    suffix = "终期评估报告" if time_share is not None and time_share >= 1 else "中期评估报告"
    title = f"{plan.title}{suffix}" + (f"（{region}）" if region else "")
    problems = problem_groups(lines, tasks, as_of=as_of, chapters=chapters)
    suggestions = suggestion_list(lines, tasks, as_of=as_of)
    return ReportContext(
        plan=plan, as_of=as_of, region=region, title=title, date_text=date_text,
        preamble=s.preamble(plan, as_of=as_of, time_share=time_share, targets=len(lines), tasks=len(tasks),
                            projects=len(projects), skipped=len(skipped), region=region) + ((review_note,) if review_note
                                                                                           else ()),
        time_share=time_share, counts=dict(summary.counts), summary_text=describe_summary(summary, as_of=as_of),
        chapters=chapter_reports(lines, chapters), tasks=tuple(tasks),
        tasks_text=s.tasks_paragraph(tasks, as_of=as_of) if tasks else "",
        projects=tuple(projects), projects_text=s.projects_paragraph(projects) if projects else "",
        problems=problems, problems_text=problems_intro(lines, tasks, as_of=as_of),
        suggestions=suggestions, suggestions_text=suggestions_intro(suggestions, lines),
        supervision=supervision_items(lines, tasks, as_of=as_of), targets=tuple(lines), skipped=tuple(skipped),
        review_note=review_note,
    )


def _ordered(keys: Sequence[Chapter], order: Sequence[Chapter]) -> list[Chapter]:
    position = {c.key: i for i, c in enumerate(order)}
    first = {c.key: i for i, c in enumerate(keys)}
    unique = list({c.key: c for c in keys}.values())
    return sorted(unique, key=lambda c: (position.get(c.key, len(position)), first[c.key]))


def chapter_reports(lines: Sequence[TargetLine], order: Sequence[Chapter] = ()) -> tuple[ChapterReport, ...]:
    """One block per chapter holding targets, in plan order; targets keep text order."""
    out = []
    for chapter in _ordered([t.chapter for t in lines], order):
        members = tuple(t for t in lines if t.chapter.key == chapter.key)
        counts = count_statuses_of(members)
        out.append(ChapterReport(chapter, members, counts, s.chapter_paragraph(members, describe_counts(counts))))
    return tuple(out)


def count_statuses_of(lines: Sequence[TargetLine]) -> dict[Status, int]:
    counts = dict(count_statuses(()))
    for t in lines:
        counts[t.status] += 1
    return counts


def is_data_gap(line: TargetLine) -> bool:
    """no_data for want of data — not a yes/no goal whose deadline has not come."""
    return line.status is Status.NO_DATA and "not_yet_due" not in line.flags


def problem_groups(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int,
                   chapters: Sequence[Chapter] = ()) -> tuple[ProblemGroup, ...]:
    """Problems by chapter, then by responsible unit (a target with several units is one
    item under their joint label; the same set of units in another order is the same
    group): targets needing action first (furthest behind first), then one sentence for
    the targets that cannot be assessed, then overdue tasks."""
    acting = [t for t in lines if t.needs_action]
    gaps = [t for t in lines if is_data_gap(t)]
    late = [k for k in tasks if k.overdue]
    keys = [t.chapter for t in acting + gaps] + [k.chapter for k in late]
    labels: dict[tuple[str, ...], str] = {}  # one group per set of units, named as first seen

    def unit_key(units: tuple[str, ...], label: str) -> tuple[str, ...]:
        key = tuple(sorted(units))
        labels.setdefault(key, label)
        return key

    groups: list[ProblemGroup] = []
    for chapter in _ordered(keys, chapters):
        units: dict[tuple[str, ...], list[ProblemItem]] = {}
        for t in sorted((t for t in acting if t.chapter.key == chapter.key),
                        key=lambda t: (PROBLEM_STATUSES.index(t.status), t.pace if t.pace is not None else -1e9)):
            units.setdefault(unit_key(t.units, t.units_label), []).append(
                ProblemItem("target", s.target_problem(t), (t.target_id,), t.status))
        missing: dict[tuple[str, ...], list[TargetLine]] = {}
        for t in gaps:
            if t.chapter.key == chapter.key:
                missing.setdefault(unit_key(t.units, t.units_label), []).append(t)
        for key, members in missing.items():
            units.setdefault(key, []).append(
                ProblemItem("no_data", s.no_data_problem(members), tuple(t.target_id for t in members),
                            Status.NO_DATA))
        for k in late:
            if k.chapter.key == chapter.key:
                units.setdefault(unit_key(k.units, k.units_label), []).append(
                    ProblemItem("task", s.task_problem(k, as_of=as_of), (k.task_id,)))
        groups.extend(ProblemGroup(chapter, labels[key], tuple(items)) for key, items in units.items())
    return tuple(groups)


def problems_intro(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int) -> str:
    """The sentence opening 二、存在的主要问题, or the statement that there are none."""
    counts = count_statuses_of(lines)
    acting = sum(counts[st] for st in PROBLEM_STATUSES)
    gaps = sum(1 for t in lines if is_data_gap(t))
    late = sum(1 for k in tasks if k.overdue)
    if not acting and not gaps and not late:
        return f"截至{as_of}年，没有到期未完成、滞后、进度偏慢或倒退的指标，也没有到期未完成的重点任务。"
    parts = []
    if acting:
        detail = "、".join(f"{Status(st).label}{counts[st]}项" for st in PROBLEM_STATUSES if counts[st])
        parts.append(f"{acting}项指标需要重点关注（{detail}）")
    if gaps:
        parts.append(f"{gaps}项指标缺少可用的监测数据，暂无法评估")
    if late:
        parts.append(f"{late}项重点任务到期未完成")
    if not acting:
        parts.insert(0, "没有到期未完成、滞后、进度偏慢或倒退的指标")
    return f"截至{as_of}年，" + "，".join(parts) + "。按规划章节和责任单位分述如下。"


def suggestion_list(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int) -> tuple[Suggestion, ...]:
    out = [Suggestion("target", t.name, t.units_label, s.suggestion_text(t, as_of=as_of), (t.target_id,))
           for t in lines if t.needs_action]
    out += [Suggestion("task", f"重点任务“{s.task_title(k)}”", k.units_label, s.task_suggestion(k), (k.task_id,))
            for k in tasks if k.overdue]
    gaps = [t for t in lines if is_data_gap(t)]
    if gaps:
        units = "、".join(dict.fromkeys(u for t in gaps for u in t.units)) or "各责任单位"
        out.append(Suggestion("data", "补齐监测数据", units, s.data_suggestion(gaps), tuple(t.target_id for t in gaps)))
    return tuple(out)


def suggestions_intro(suggestions: Sequence[Suggestion], lines: Sequence[TargetLine]) -> str:
    """The sentence opening 三、下一步工作建议; without suggestions it says why, no more."""
    if suggestions:
        return "针对上述问题，提出以下建议。"
    if not lines:
        return "《规划》没有纳入评估的量化目标，暂无针对具体指标的建议。"
    return "已评估的指标均已实现或不慢于预期进度，也没有到期未完成的重点任务；建议继续按年度填报监测数据，跟踪实施进展。"


def supervision_items(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int
                      ) -> tuple[SupervisionItem, ...]:
    """督办清单 rows: targets that need action, then overdue tasks, in plan order."""
    out = []
    for t in lines:
        if not t.needs_action:
            continue
        latest = t.latest
        out.append(SupervisionItem(
            kind="指标", ref=t.target_id, item=t.name, units=t.units, chapter=t.chapter,
            goal=f"{s.goal_text(t)}（{t.target_year}年）", latest=latest.value if latest else None,
            latest_year=latest.year if latest else None, unit=t.unit, gap=s.gap_value(t),
            gap_unit=f.difference_unit(t.unit), deadline=t.target_year, status=t.status.label,
            note=s.target_problem(t),
        ))
    for k in tasks:
        if k.overdue:
            out.append(SupervisionItem(
                kind="重点任务", ref=k.task_id, item=s.task_title(k), units=k.units, chapter=k.chapter,
                goal="完成", latest=float(k.progress), latest_year=as_of, unit="%", gap=float(100 - k.progress),
                gap_unit="个百分点", deadline=k.due_year, status=f"到期未完成（{k.status.label}）",
                note=s.task_problem(k, as_of=as_of),
            ))
    return tuple(out)

