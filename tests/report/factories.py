"""A small stored plan with every status, tasks and projects, written directly to the
database (no extraction), so report tests do not move when extraction rules change.

As of 2023 (τ = 0.6 for a 2020 baseline and a 2025 target):

=====================  ==========  ====================  ===========================
target                 goal        data                  status
=====================  ==========  ====================  ===========================
学前三年毛入园率         ≥98% 2025   92 → 95.6 (P .6)      on_track (R 1.0)
普惠性幼儿园覆盖率       ≥90% 2025   80 → 82 (P .2)        lagging (R .33)
义务教育巩固率           ≥97% 2025   96 → 97.5             achieved
高中阶段毛入学率         ≥95% 2025   92 → 91               regressing
劳动年龄人口平均受教育年限  ≥12年 2025  11 → 11.5 (P .5)     at_risk (R .83)
新增学位                 ≥3000个     none                  no_data
儿童青少年近视率          降低        52 → 50               on_track
=====================  ==========  ====================  ===========================

Tasks: 1.扩大普惠资源 due 2022, in progress 40% (overdue as of 2023); 2.推进集团化办学 due
2023, done; 3.加强教师队伍 due 2025, not started. Projects: 城东幼儿园 (5000万元, 3000万元
done, 540 seats, 270 done) and 第二中学迁建 (nothing reported).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine, select

from eduplan.store.db import unit_of_work
from eduplan.store.models import (
    Indicator,
    Observation,
    Plan,
    Project,
    Region,
    ResponsibleUnit,
    Section,
    Target,
    Task,
)

PLAN_TITLE = "测试县教育事业发展“十四五”规划"
TEXT = (
    "测试县教育事业发展“十四五”规划\n"
    "一、发展目标\n"
    "到2025年，学前三年毛入园率达到98%以上，义务教育巩固率达到97%，高中阶段毛入学率达到95%，"
    "劳动年龄人口平均受教育年限达到12年。\n"
    "二、主要任务\n（一）学前教育\n"
    "1.扩大普惠资源。普惠性幼儿园覆盖率达到90%，新增学位3000个。（责任单位：县教育局、县发改局）\n"
    "2.推进集团化办学。（责任单位：县教育局）\n"
    "3.加强教师队伍。儿童青少年近视率逐年降低。（责任单位：县人社局）\n"
    "三、重大项目\n城东幼儿园新建工程，总投资5000万元，新增学位540个。第二中学迁建工程。\n"
)

# name, unit, kind, direction, precision
INDICATORS = [
    ("学前三年毛入园率", "%", "level", "up", 1),
    ("普惠性幼儿园覆盖率", "%", "level", "up", 1),
    ("义务教育巩固率", "%", "level", "up", 1),
    ("高中阶段毛入学率", "%", "level", "up", 1),
    ("劳动年龄人口平均受教育年限", "年", "level", "up", 1),
    ("新增学位数", "个", "cumulative", "up", 0),
    ("儿童青少年近视率", "%", "level", "down", 1),
]
# indicator, wording, comparator, value, baseline value, section key, units, observations {year: value}
TARGETS = [
    ("学前三年毛入园率", "学前三年毛入园率", ">=", "98", "92", "goals", (), {2021: 93, 2022: 94.5, 2023: 95.6}),
    ("普惠性幼儿园覆盖率", "普惠性幼儿园覆盖率", ">=", "90", "80", "task1", ("县教育局", "县发改局"),
     {2021: 80.5, 2022: 81.2, 2023: 82}),
    ("义务教育巩固率", "义务教育巩固率", ">=", "97", "96", "goals", (), {2021: 96.5, 2023: 97.5}),
    ("高中阶段毛入学率", "高中阶段毛入学率", ">=", "95", "92", "goals", (), {2021: 91.8, 2022: 91.5, 2023: 91}),
    ("劳动年龄人口平均受教育年限", "劳动年龄人口平均受教育年限", ">=", "12", "11", "goals", (),
     {2021: 11.2, 2022: 11.3, 2023: 11.5}),
    ("新增学位数", "新增学位", ">=", "3000", None, "task1", ("县教育局", "县发改局"), {}),
    ("儿童青少年近视率", "儿童青少年近视率", "decrease", None, "52", "task3", ("县人社局",), {2021: 51.5, 2023: 50}),
]


def make_report_plan(engine: Engine) -> int:
    """Store the plan above with its observations; return the plan id."""
    with unit_of_work(engine) as session:
        province = Region(code="990000", name="测试省", level="province")
        session.add(province)
        session.flush()
        city = Region(code="990100", name="测试市", level="city", parent_id=province.id)
        session.add(city)
        session.flush()
        county = Region(code="990101", name="测试县", level="county", parent_id=city.id)
        session.add(county)
        indicators = {}
        for name, unit, kind, direction, precision in INDICATORS:
            indicators[name] = Indicator(name=name, unit=unit, kind=kind, direction=direction, precision=precision,
                                         max_value=Decimal(100) if unit == "%" else None)
            session.add(indicators[name])
        plan = Plan(title=PLAN_TITLE, issuer="测试县教育局", region_name="测试县", doc_type="plan", period_start=2021,
                    period_end=2025, base_year=2020, source_name="测试县规划.txt", sha256="f" * 64, text=TEXT)
        session.add(plan)
        session.flush()
        plan.region_id = county.id
        sections = {}
        for key, parent, level, number, title in (
            ("goals", None, 1, "一、", "发展目标"), ("tasks", None, 1, "二、", "主要任务"),
            ("preschool", "tasks", 2, "（一）", "学前教育"), ("task1", "preschool", 3, "1.", "扩大普惠资源"),
            ("task2", "preschool", 3, "2.", "推进集团化办学"), ("task3", "preschool", 3, "3.", "加强教师队伍"),
            ("projects", None, 1, "三、", "重大项目"),
        ):
            start = TEXT.index(number + title)
            row = Section(plan_id=plan.id, parent_id=sections[parent].id if parent else None, position=len(sections),
                          level=level, number=number, title=title, start=start, end=start + len(title) + 2)
            session.add(row)
            session.flush()
            sections[key] = row
        units = {}
        for name in ("县教育局", "县发改局", "县人社局"):  # a unit user may have created one already
            units[name] = session.scalar(select(ResponsibleUnit).where(ResponsibleUnit.name == name)) \
                or ResponsibleUnit(name=name)
            session.add(units[name])
        for indicator, wording, comparator, value, baseline, section, owners, observed in TARGETS:
            start = TEXT.index(wording)
            target = Target(plan_id=plan.id, section_id=sections[section].id, indicator=indicators[indicator],
                            region_id=county.id, indicator_name=wording, comparator=comparator,
                            value=Decimal(value) if value else None, unit=indicators[indicator].unit, year=2025,
                            kind="target", baseline_year=2020 if baseline else None,
                            baseline_value=Decimal(baseline) if baseline else None,
                            quote=TEXT[start:TEXT.index("。", start) + 1], start=start, end=TEXT.index("。", start) + 1,
                            review_state="confirmed")
            target.units = [units[u] for u in owners]
            session.add(target)
            session.flush()
            for year, number in observed.items():
                session.add(Observation(indicator_id=target.indicator_id, region_id=county.id, year=year,
                                        value=Decimal(str(number)), unit=indicators[indicator].unit, source="统计年报"))
        for number, title, section, due, status, progress, owners in (
            ("1.", "扩大普惠资源", "task1", 2022, "in_progress", 40, ("县教育局", "县发改局")),
            ("2.", "推进集团化办学", "task2", 2023, "done", 100, ("县教育局",)),
            ("3.", "加强教师队伍", "task3", 2025, "not_started", 0, ("县人社局",)),
        ):
            start = TEXT.index(number + title)
            task = Task(plan_id=plan.id, section_id=sections[section].id, number=number, title=title,
                        text=TEXT[start:TEXT.index("\n", start)], start=start, end=TEXT.index("\n", start),
                        due_year=due, status=status, progress=progress)
            task.units = [units[u] for u in owners]
            session.add(task)
        for name, investment, done, seats, seats_done, year in (
            ("城东幼儿园新建工程", "50000000", "30000000", 540, 270, 2024),
            ("第二中学迁建工程", None, None, None, None, 2025),
        ):
            start = TEXT.index(name)
            session.add(Project(plan_id=plan.id, section_id=sections["projects"].id, name=name, level="学前教育",
                                stage="新建", investment=Decimal(investment) if investment else None,
                                investment_done=Decimal(done) if done else None, seats=seats, seats_done=seats_done,
                                year=year, quote=TEXT[start:TEXT.index("。", start) + 1], start=start,
                                end=TEXT.index("。", start) + 1))
        session.flush()
        return plan.id
