"""Build context lines directly for the pure report tests."""

from __future__ import annotations

from typing import Any

from eduplan.domain import Comparator, IndicatorKind, Measure, Status, TaskStatus
from eduplan.evaluate import Point
from eduplan.report.context import Chapter, TargetLine, TaskLine

GOALS = Chapter("一、发展目标", "一、", "发展目标")
TASKS = Chapter("二、主要任务", "二、", "主要任务")


def line(name: str = "学前三年毛入园率", *, target: float | None = 98.0, unit: str | None = "%",
         baseline: tuple[int, float] | None = (2020, 92.0), latest: tuple[int, float] | None = (2023, 95.6),
         status: Status = Status.ON_TRACK, comparator: Comparator = Comparator.AT_LEAST,
         kind: IndicatorKind = IndicatorKind.LEVEL, target_year: int = 2025, completion: float | None = None,
         elapsed: float | None = None, pace: float | None = None, forecast: float | None = None,
         forecast_meets: bool | None = None, units: tuple[str, ...] = (), chapter: Chapter = GOALS,
         flags: tuple[str, ...] = (), precision: int = 1, target_id: int = 1, reason: str = "",
         facts: dict[str, Any] | None = None, milestone_of: int | None = None, measure: Measure | None = None,
         milestones: tuple[tuple[int, float], ...] = (), quote: str | None = None,
         section_title: str = "扩大资源", roles=None) -> TargetLine:
    b = Point(*baseline) if baseline else None
    t = Point(*latest) if latest else None
    if completion is None and b and t and target is not None and target != b.value and kind is IndicatorKind.LEVEL:
        completion = (t.value - b.value) / (target - b.value)
    if elapsed is None and b and t:
        elapsed = (t.year - b.year) / (target_year - b.year)
    return TargetLine(
        target_id=target_id, name=name, indicator=name, kind=kind, comparator=comparator, target=target,
        target_year=target_year, unit=unit, precision=precision, baseline=b, latest=t, elapsed=elapsed,
        completion=completion, pace=pace, status=status, reason=reason, flags=flags, forecast=forecast,
        forecast_meets=forecast_meets, units=units, chapter=chapter, section_number="1.", section_title=section_title,
        quote=quote if quote is not None else f"{name}达到{target}{unit or ''}。", milestone_of=milestone_of, facts=facts or {}, measure=measure,
        milestones=milestones, roles=roles,
    )


def task(title: str = "扩大普惠资源", *, due: int | None = 2022, status: TaskStatus = TaskStatus.IN_PROGRESS,
         progress: int = 40, units: tuple[str, ...] = ("县教育局",), overdue: bool = True, task_id: int = 1,
         chapter: Chapter = TASKS, reported: bool = True) -> TaskLine:
    return TaskLine(task_id=task_id, number="1.", title=title, units=units, due_year=due, status=status,
                    progress=progress, chapter=chapter, overdue=overdue, reported=reported)
