"""Key tasks with their responsible units, and construction projects, on our own text."""

from __future__ import annotations

from eduplan.extract import extract_document
from eduplan.extract.tasks import responsible_units
from eduplan.ingest import read_text

WORK_POINTS = """某市教育局2024年工作要点

一、推进学前教育普惠发展

1.扩大普惠资源

目标任务:新建公办幼儿园6所,公办园在园幼儿占比达到58%。

工作措施:实施学前教育扩容工程,完善成本分担机制。(责任单位:市教育局、发改委、财政局)

2.提升保教质量

目标任务:省一级幼儿园新增3所。

工作措施:开展保教质量评估。(牵头单位:市教育局;配合单位:市卫健委)

二、加强教师队伍建设

3.补充教师

目标任务:招聘教师300名。

工作措施:落实编制保障。(责任单位:市委编办,市教育局、人社局、各县(市、区)教育局)
"""


def test_goal_and_measure_pairs_are_one_task_each():
    doc = read_text(WORK_POINTS)
    ex = extract_document(doc)
    assert [(t.number, t.title) for t in ex.tasks] == [("1.", "扩大普惠资源"), ("2.", "提升保教质量"), ("3.", "补充教师")]
    first = ex.tasks[0]
    assert "目标任务" in first.text and "工作措施" in first.text
    assert first.responsible_units == ["市教育局", "市发改委", "市财政局"]
    assert ex.tasks[1].responsible_units == ["市教育局", "市卫健委"]
    assert ex.tasks[2].responsible_units == ["市委编办", "市教育局", "市人社局", "各县(市、区)教育局"]
    targets = {(t.indicator, float(t.value), t.year, t.kind) for t in ex.targets}
    assert ("公办园在园幼儿占比", 58, 2024, "target") in targets
    assert any(t.value == 300 and t.unit == "名" and t.year == 2024 for t in ex.targets)


def test_units_keep_nested_parentheses_and_drop_role_words():
    assert responsible_units("(责任单位:区教育局(牵头)、区财政局、各镇(街道))") == ["区教育局", "区财政局", "各镇(街道)"]
    assert responsible_units("没有责任单位的段落。") == []


def test_projects_with_investment_seats_land_and_years():
    text = ("某县教育发展规划(2021—2025年)\n\n四、重点项目\n\n“十四五”期间谋划教育建设项目12个,总投资8.6亿元,"
            "总建筑面积15万平方米,新增学位6000个,需用地180亩。其中:县第一小学迁建工程,总投资2.1亿元,新增学位1800个,"
            "2022年开工,2024年建成。\n")
    ex = extract_document(read_text(text))
    total = next(p for p in ex.projects if p.count == 12)
    assert (float(total.investment), float(total.floor_area), total.seats, float(total.land)) == (860000000, 150000, 6000, 180)
    school = next(p for p in ex.projects if "第一小学" in p.name)
    assert (float(school.investment), school.seats, school.year, school.level) == (210000000, 1800, 2024, "义务教育")
