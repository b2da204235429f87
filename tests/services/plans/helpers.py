"""A small stored plan for review tests: sections, extracted targets, a task with two
responsible units and a project, built through the real ingest path."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from eduplan.extract import extract_document
from eduplan.ingest.readers import read_text
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.plans.ingest import ingest_documents
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan, Target, Task

PLAN_TEXT = """某县教育事业发展规划
一、发展目标
到2025年，学前三年毛入园率达到98%以上，义务教育巩固率保持在99.8%以上。
二、主要任务
（一）扩大学前教育资源
1.实施幼儿园扩容工程。新建幼儿园5所，新增学位3000个。全县每年培训教师不少于2000人次。（责任单位：县教育局、县财政局）
（二）改善办学条件
2.推进校舍改造。改造农村学校食堂12所。（责任单位：县发改局）
"""


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    plan_id: int
    text: str
    targets: dict[str, int]  # quote → target id
    tasks: dict[str, int]  # title → task id


def make_review_plan(engine: Engine, *, text: str = PLAN_TEXT, dictionary: bool = True,
                     region: str | None = "示例县") -> ReviewPlan:
    """The plan, stored for ``region`` (linked when that region is loaded: unit users of
    示例县 report on its tasks)."""
    if dictionary:
        load_indicators(engine)
    [result] = ingest_documents(engine, [read_text(text, source="规划.txt", region=region)],
                                extractor=extract_document)
    with unit_of_work(engine) as session:
        targets = {t.quote: t.id for t in session.scalars(select(Target).where(Target.plan_id == result.plan_id))}
        tasks = {t.title: t.id for t in session.scalars(select(Task).where(Task.plan_id == result.plan_id))}
        stored = session.get(Plan, result.plan_id).text  # normalised: （一） → (一)
    return ReviewPlan(result.plan_id, stored, targets, tasks)
