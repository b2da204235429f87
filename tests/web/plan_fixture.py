"""A small plan of 示例县 with observations, built through the services (shared by the
dashboard and indicator page tests).

As of 2023 (τ = 60%): 学前三年毛入园率 achieved, 高中阶段毛入学率 regressing, 公办幼儿园
在园幼儿占比 lagging (P = 20%), 中小学专任教师研究生学历比例 no data (a new indicator that
awaits review). 示范县 has a 2023 value of 高中阶段毛入学率 for the region comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from eduplan.extract.pipeline import extract_document
from eduplan.ingest.readers import read_text
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.monitoring.observations import import_observations
from eduplan.services.plans.ingest import ingest_documents
from eduplan.services.plans.targets import confirm_targets
from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator

PLAN_TEXT = """测试县教育事业发展“十四五”规划

一、发展目标

到2025年，学前三年毛入园率达到98%以上，高中阶段毛入学率达到98%以上。

二、主要任务

（一）发展学前教育

到2025年，公办幼儿园在园幼儿占比达到60%以上。责任单位：县教育局、县财政局

（二）提高教师素质

到2025年，中小学专任教师研究生学历比例达到10%。责任单位：县教育局
"""

OBSERVATIONS = """指标,区域,年份,数值,单位
学前三年毛入园率,示例县,2020,96,%
学前三年毛入园率,示例县,2023,98.5,%
高中阶段毛入学率,示例县,2020,95,%
高中阶段毛入学率,示例县,2022,94.5,%
高中阶段毛入学率,示例县,2023,94,%
高中阶段毛入学率,示范县,2023,96.4,%
公办幼儿园在园幼儿占比,示例县,2020,40,%
公办幼儿园在园幼儿占比,示例县,2023,44,%
"""


@dataclass(frozen=True)
class SamplePlan:
    plan_id: int
    indicators: dict[str, int]  # dictionary name → id

    def id_of(self, name: str) -> int:
        return self.indicators[name]


def build_sample_plan(engine: Engine) -> SamplePlan:
    load_regions(engine)
    load_indicators(engine)
    [result] = ingest_documents(engine, [read_text(PLAN_TEXT, source="测试县规划.txt", region="示例县")],
                                extractor=extract_document)
    confirm_targets(engine, result.plan_id, actor=None)  # a planner reviewed the plan: 全部确认
    import_observations(engine, OBSERVATIONS.encode("utf-8"), name="监测数据.csv")
    with unit_of_work(engine) as session:
        ids = dict(session.execute(select(Indicator.name, Indicator.id)).all())
    return SamplePlan(result.plan_id, ids)
