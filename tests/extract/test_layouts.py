"""Tables in every layout read through one grid interface (extract/grids.py): TAB rows,
pipes, one cell per line ending in " |", Word tables; time, measure, text and project
columns. Every table here is our own."""

from __future__ import annotations

import docx

from eduplan.extract import extract_document
from eduplan.ingest import read_document, read_text

# 46 indicators, some lower-is-better: (name, unit, 十三五期间 value, 2025 target)
INDICATORS = [
    ("学前三年毛入园率", "%", "96.5", "98"), ("普惠性幼儿园覆盖率", "%", "88.2", "92"),
    ("公办园在园幼儿占比", "%", "48.6", "60"), ("二级以上幼儿园在园幼儿占比", "%", "70.1", "85"),
    ("幼儿园专任教师持证率", "%", "93", "98"), ("义务教育巩固率", "%", "99.6", "99.8"),
    ("小学校际差异系数", "", "0.36", "0.30"), ("初中校际差异系数", "", "0.28", "0.25"),
    ("义务教育标准化学校比例", "%", "92", "100"), ("随迁子女在公办学校就读比例", "%", "85", "90"),
    ("中小学生近视率", "%", "52.1", "47"), ("中小学生肥胖率", "%", "12.4", "10"),
    ("学生体质健康优良率", "%", "52", "60"), ("初中辍学率", "%", "0.3", "0.1"),
    ("小学生师比", "", "17.6", "16.5"), ("初中生师比", "", "12.9", "12.5"),
    ("普通高中生师比", "", "13.2", "12.5"), ("高中阶段毛入学率", "%", "97.1", "98.5"),
    ("普通高中在校生", "万人", "2.1", "2.4"), ("中职在校生", "万人", "1.3", "1.5"),
    ("中职学校双师型教师比例", "%", "68", "80"), ("高职院校数", "所", "2", "3"),
    ("高等教育毛入学率", "%", "62", "70"), ("从业人员继续教育", "万人次", "16", "20"),
    ("社区学校数", "所", "12", "18"), ("老年学校覆盖率", "%", "70", "100"),
    ("残疾儿童义务教育入学率", "%", "95", "98"), ("特殊教育学校数", "所", "2", "3"),
    ("专任教师中研究生学历比例", "%", "6.5", "12"), ("县级以上骨干教师占比", "%", "18", "25"),
    ("教师培训学时", "学时", "72", "90"), ("中小学校长职级制覆盖率", "%", "60", "100"),
    ("生均占地面积", "平方米", "25.8", "28"), ("生均建筑面积", "平方米", "12.4", "14"),
    ("新增学位", "万个", "1.2", "3"), ("教育经费投入", "亿元", "38.6", "52"),
    ("智慧校园覆盖率", "%", "65", "100"), ("网络学习空间人人通比例", "%", "80", "100"),
    ("劳动年龄人口平均受教育年限", "年", "13.6", "14.3"), ("新增劳动力平均受教育年限", "年", "15.1", "15.6"),
    ("学校安全事故发生率", "‰", "0.5", "0.3"), ("校外培训机构数", "家", "464", "200"),
    ("家长学校覆盖率", "%", "85", "100"), ("心理健康教师配备率", "%", "70", "100"),
    ("学生资助覆盖率", "%", "100", "100"), ("城乡教共体覆盖率", "%", "90", "100"),
]
LOWER = {"小学校际差异系数", "初中校际差异系数", "中小学生近视率", "中小学生肥胖率", "初中辍学率", "小学生师比",
         "初中生师比", "普通高中生师比", "学校安全事故发生率"}


def _plan(table: str) -> str:
    return (f"示范市教育事业发展“十四五”规划\n\n一、发展目标\n\n表1 主要发展指标\n{table}\n\n"
            "二、主要任务\n\n(一)扩大优质资源。新建幼儿园5所。\n")


def test_a_46_row_tab_table_under_period_and_target_headers():
    rows = ["序号\t指标\t单位\t十三五期间\t2025目标\t属性"]
    rows += [f"{i}\t{n}\t{u}\t{a}\t{b}\t{'约束性' if i % 3 else '预期性'}" for i, (n, u, a, b) in enumerate(INDICATORS, 1)]
    doc = read_text(_plan("\n".join(rows)))
    found = [t for t in extract_document(doc).targets if t.indicator in {n for n, *_ in INDICATORS}]
    baselines = {t.indicator: t for t in found if t.kind == "actual"}
    targets = {t.indicator: t for t in found if t.kind == "target"}
    assert len(baselines) == 46 and len(targets) == 46
    assert {t.year for t in baselines.values()} == {2020} and {t.year for t in targets.values()} == {2025}
    for name in LOWER:
        assert targets[name].comparator == "<=", name
    assert {targets[n].comparator for n in targets if n not in LOWER} == {">="}
    assert all(t.comparator == "=" for t in baselines.values())
    assert (float(targets["普通高中在校生"].value), targets["普通高中在校生"].unit) == (24000, "人")
    assert (float(targets["教育经费投入"].value), targets["教育经费投入"].unit) == (5200000000, "元")
    assert targets["小学校际差异系数"].unit is None and float(targets["小学校际差异系数"].value) == 0.3
    assert targets["义务教育巩固率"].baseline == {"year": 2020, "value": baselines["义务教育巩固率"].value}
    # row numbers never become values; every quote is the text it came from
    assert not [t for t in extract_document(doc).targets if t.unit in ("天", "元") and t.value in range(1, 47)]
    assert all(doc.text[t.start:t.end] == t.quote for t in found)


def test_milestone_columns_and_units_in_the_label():
    table = "指标\t2020年\t2023年\t2025年\n学前三年毛入园率(%)\t95.1\t97\t98\n生均公用经费(元)\t800\t900\t1000"
    found = {(t.indicator, t.year): (float(t.value), t.unit, t.kind) for t in extract_document(read_text(_plan(table))).targets}
    assert found[("学前三年毛入园率", 2020)] == (95.1, "%", "actual")
    assert found[("学前三年毛入园率", 2023)] == (97, "%", "target")
    assert found[("学前三年毛入园率", 2025)] == (98, "%", "target")
    assert found[("生均公用经费", 2025)] == (1000, "元", "target")


def test_base_and_goal_columns_without_years():
    table = "| 指标 | 基期值 | 目标值 |\n| --- | --- | --- |\n| 普惠性幼儿园覆盖率(%) | 86 | 92 |\n| 初中生师比 | 13 | 12.5 |"
    found = {(t.indicator, t.kind): (float(t.value), t.year, t.comparator)
             for t in extract_document(read_text(_plan(table))).targets}
    assert found[("普惠性幼儿园覆盖率", "actual")] == (86, 2020, "=")
    assert found[("普惠性幼儿园覆盖率", "target")] == (92, 2025, ">=")
    assert found[("初中生师比", "target")] == (12.5, 2025, "<=")


BULLETIN_TABLE = """示范县2023年国民经济和社会发展统计公报

九、教育
全县2023年各类教育发展情况
学段 |
招生数(人) |
在校生数(人) |
毕业生数(人) |
普通高中 |
3120 |
9050 |
2870 |
小学 |
5410 |
31200 |
5230 |
"""


def test_one_cell_per_line_table_with_measure_columns():
    found = {t.indicator: (float(t.value), t.unit, t.year, t.kind) for t in extract_document(read_text(BULLETIN_TABLE)).targets}
    assert found["普通高中招生数"] == (3120, "人", 2023, "actual")
    assert found["普通高中在校生数"] == (9050, "人", 2023, "actual")
    assert found["小学毕业生数"] == (5230, "人", 2023, "actual")
    assert len(found) == 6


PROGRESS_TABLE = """示范县2024年民生实事项目完成情况公示
项目名称 | 项目类别 | | | |
工作任务 | 实际完成情况 | 完成进度(%) | 备注 | |
新建公办幼儿园3所。 | 新建公办幼儿园3所 | 已建成2所,1所主体完工。 | 80 | |
增加义务教育学位。 | 增加学位1200个 | 已完成。 | 100 | |
"""


def test_a_pipe_table_with_a_shifted_header_tells_tasks_from_results():
    doc = read_text(PROGRESS_TABLE)
    found = extract_document(doc).targets
    got = sorted((float(t.value), t.unit, t.kind, t.year) for t in found)
    assert (3, "所", "target", 2024) in got  # 工作任务 commits
    assert (2, "所", "actual", 2024) in got  # 实际完成情况 reports
    assert (1200, "个", "target", 2024) in got
    assert (80, "%", "actual", 2024) in got and (100, "%", "actual", 2024) in got
    rates = [t for t in found if t.unit == "%"]
    assert all(t.indicator.endswith("完成进度") for t in rates)


def test_a_word_table_of_projects(tmp_path):
    d = docx.Document()
    d.add_paragraph("示范县教育基础设施建设三年行动计划(2023—2025年)")
    d.add_paragraph("一、重点建设项目")
    rows = [["序号", "项目名称", "建设内容", "总投资(万元)", "新增学位(个)", "建设年限"],
            ["1", "城东幼儿园新建工程", "新建12个班", "6800", "360", "2023-2024"],
            ["2", "实验中学扩建工程", "新建教学楼1幢", "1.2亿元", "900", "2024-2025"]]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    path = tmp_path / "projects.docx"
    d.save(path)
    ex = extract_document(read_document(path))
    projects = {p.name: p for p in ex.projects}
    assert float(projects["城东幼儿园新建工程"].investment) == 68000000
    assert projects["城东幼儿园新建工程"].seats == 360 and projects["城东幼儿园新建工程"].year == 2024
    assert float(projects["实验中学扩建工程"].investment) == 120000000
    assert not [x for x in ex.targets if x.value is not None and float(x.value) in (1, 2) and x.unit is None]
