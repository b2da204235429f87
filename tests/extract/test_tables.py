"""Indicator tables from Word files and flattened text: header variants, attribute
columns, result columns in evaluation reports."""

from __future__ import annotations

import docx

from eduplan.extract import extract_document
from eduplan.ingest import read_document, read_text


def _rows(found):
    return {(t.indicator, t.year): (float(t.value), t.unit, t.kind) for t in found}


def test_word_table_with_attribute_column_and_value_headers(tmp_path):
    d = docx.Document()
    d.add_paragraph("某县教育事业发展“十四五”规划")
    d.add_paragraph("一、主要指标")
    rows = [["指标名称", "单位", "2020年基期值", "2025年目标值", "属性"],
            ["学前三年毛入园率", "%", "95.6", "≥98", "预期性"],
            ["义务教育巩固率", "%", "99.2", "99.8", "约束性"],
            ["新增公办学位", "万个", "—", "1.2", "预期性"]]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    path = tmp_path / "plan.docx"
    d.save(path)
    found = extract_document(read_document(path)).targets
    assert _rows(found) == {
        ("学前三年毛入园率", 2020): (95.6, "%", "actual"), ("学前三年毛入园率", 2025): (98, "%", "target"),
        ("义务教育巩固率", 2020): (99.2, "%", "actual"), ("义务教育巩固率", 2025): (99.8, "%", "target"),
        ("新增公办学位", 2025): (12000, "个", "target"),
    }
    ge98 = next(x for x in found if x.year == 2025 and x.indicator == "学前三年毛入园率")
    assert ge98.comparator == ">="


def test_flattened_table_with_attribute_column():
    text = ("某区教育发展规划(2021—2025年)\n\n一、主要指标\n\n指标\n\n2020年\n\n2025年\n\n属性\n\n"
            "普惠性幼儿园覆盖率(%)\n\n88\n\n92\n\n约束性\n\n高中阶段毛入学率(%)\n\n97.5\n\n98.5\n\n预期性\n\n二、主要任务\n")
    found = extract_document(read_text(text)).targets
    assert _rows(found) == {
        ("普惠性幼儿园覆盖率", 2020): (88, "%", "actual"), ("普惠性幼儿园覆盖率", 2025): (92, "%", "target"),
        ("高中阶段毛入学率", 2020): (97.5, "%", "actual"), ("高中阶段毛入学率", 2025): (98.5, "%", "target"),
    }


def test_flattened_table_with_row_numbers_a_unit_column_and_attributes_after_the_years():
    cells = ["序号", "指标", "单位", "2023年", "2026年", "属性",
             "1", "学前三年毛入园率", "%", "96", "98", "预期性",
             "2", "小学生师比", "—", "18.5", "17", "约束性",
             "3", "新增公办学位", "个", "—", "1500", "预期性"]
    text = "某县学前教育三年行动计划(2024—2026年)\n\n一、主要指标\n\n" + "\n".join(cells) + "\n\n二、主要任务\n"
    found = extract_document(read_text(text)).targets
    assert _rows(found) == {  # no 属性 ≥ 1 from the header and the first row number, no 生师比— name
        ("学前三年毛入园率", 2023): (96, "%", "actual"), ("学前三年毛入园率", 2026): (98, "%", "target"),
        ("小学生师比", 2023): (18.5, None, "actual"), ("小学生师比", 2026): (17, None, "target"),
        ("新增公办学位", 2026): (1500, "个", "target"),
    }
    assert next(t for t in found if t.indicator == "小学生师比" and t.year == 2026).comparator == "<="


def test_result_columns_of_an_evaluation_report():
    text = ("某县教育事业发展规划中期评估报告\n\n一、主要指标完成情况\n\n指标\n\n2025年目标\n\n2023年完成值\n\n"
            "学前三年毛入园率(%)\n\n98\n\n97.4\n\n二、存在问题\n")
    found = extract_document(read_text(text)).targets
    assert _rows(found) == {("学前三年毛入园率", 2025): (98, "%", "target"),
                            ("学前三年毛入园率", 2023): (97.4, "%", "actual")}


def test_period_falls_back_to_the_usual_deadline():
    doc = read_text("某县教育工作意见\n\n到2027年,学前三年毛入园率达到99%。到2027年,建成10所学校。")
    assert doc.period == (2023, 2027)


def test_space_separated_table_from_a_pdf_without_rules():
    text = ("某市教育发展规划(2021—2025年)\n\n一、主要指标\n\n指标 单位 2020年 2025年 属性\n学前教育\n"
            "学前三年毛入园率 % 95.6 98 预期性\n在园幼儿数 万人 12.3 13.1 预期性\n"
            "劳动年龄人口平均受教育年限 年 11.2 11.8 预期性\n\n二、主要任务\n\n内容。")
    doc = read_text(text)
    found = extract_document(doc).targets
    assert _rows(found) == {
        ("学前三年毛入园率", 2020): (95.6, "%", "actual"), ("学前三年毛入园率", 2025): (98, "%", "target"),
        ("学前教育在园幼儿数", 2020): (123000, "人", "actual"), ("学前教育在园幼儿数", 2025): (131000, "人", "target"),
        ("劳动年龄人口平均受教育年限", 2020): (11.2, "年", "actual"),
        ("劳动年龄人口平均受教育年限", 2025): (11.8, "年", "target"),
    }
    assert all(doc.text[t.start:t.end] == t.quote for t in found)


def test_a_category_column_groups_rows_and_a_row_short_of_its_merged_category_cell_keeps_its_columns():
    head = "某市教育事业发展“十四五”规划\n\n一、主要指标\n\n表1 主要指标\n"
    tab = ("类别\t指标\t单位\t2020年\t2025年\t属性\n学前教育\t学前三年毛入园率\t%\t92\t96\t预期性\n"
           "\t普惠性幼儿园覆盖率\t%\t85\t90\t约束性\n义务教育\t大班额比例\t%\t5\t2\t约束性\n"
           "义务教育\t义务教育巩固率\t%\t98\t99\n")
    pipe = tab.replace("\t", " | ")
    for body in (tab, pipe):
        found = extract_document(read_text(head + body)).targets
        assert _rows(found) == {
            ("学前三年毛入园率", 2020): (92, "%", "actual"), ("学前三年毛入园率", 2025): (96, "%", "target"),
            ("普惠性幼儿园覆盖率", 2020): (85, "%", "actual"), ("普惠性幼儿园覆盖率", 2025): (90, "%", "target"),
            ("义务教育大班额比例", 2020): (5, "%", "actual"), ("义务教育大班额比例", 2025): (2, "%", "target"),
            ("义务教育巩固率", 2020): (98, "%", "actual"), ("义务教育巩固率", 2025): (99, "%", "target"),
        }
        assert next(t for t in found if t.indicator == "义务教育大班额比例" and t.year == 2025).comparator == "<="


def test_a_rows_own_deadline_column_dates_its_figures_and_a_planned_budget_is_a_size():
    text = ("某县教育事业发展“十四五”规划\n\n专栏1 重点建设项目\n序号\t项目名称\t新增学位(个)\t总投资(万元)\t建设年限\n"
            "1\t城南小学\t1620\t15500\t2021—2022年\n2\t城北幼儿园\t360\t4800\t2023年\n\n附件 重点任务分工\n"
            "序号\t重点任务\t牵头单位\t完成时限\n1\t组建城乡教育共同体20个\t县教育局\t2022年\n")
    found = {(t.indicator, t.year): (float(t.value), t.comparator, t.kind) for t in extract_document(read_text(text)).targets}
    assert found[("城南小学新增学位", 2022)] == (1620, ">=", "target")
    assert found[("城南小学总投资", 2022)] == (155000000, "=", "target")
    assert found[("城北幼儿园总投资", 2023)] == (48000000, "=", "target")
    assert found[("组建城乡教育共同体", 2022)] == (20, ">=", "target")


def test_a_table_in_spaced_columns_with_a_category_column_is_no_table_of_contents():
    text = ("某市教育事业发展“十四五”规划\n\n一、主要指标\n\n类别      指标                单位    2020年    2025年\n"
            "学前教育  学前三年毛入园率    %       92        96\n          普惠性幼儿园覆盖率  %       85        90\n"
            "义务教育  义务教育巩固率      %       98        99\n\n二、主要任务\n")
    found = extract_document(read_text(text)).targets
    assert _rows(found) == {
        ("学前三年毛入园率", 2020): (92, "%", "actual"), ("学前三年毛入园率", 2025): (96, "%", "target"),
        ("普惠性幼儿园覆盖率", 2020): (85, "%", "actual"), ("普惠性幼儿园覆盖率", 2025): (90, "%", "target"),
        ("义务教育巩固率", 2020): (98, "%", "actual"), ("义务教育巩固率", 2025): (99, "%", "target"),
    }


def test_a_goal_and_result_table_in_words_reads_each_column_with_its_kind_and_names_results_after_goals():
    text = ("示范市教育局关于2023年教育民生实事项目完成情况的报告\n\n一、总体完成情况\n"
            "项目名称 | 年度目标 | 完成情况 | 完成率 |\n"
            "新建改扩建幼儿园 | 新建改扩建公办幼儿园12所,新增学位2700个 | 建成12所,新增学位2880个 | 106.7% |\n"
            "中小学食堂提升改造 | 改造提升学校食堂40个 | 完成改造42个 | 105% |\n")
    found = {(t.indicator, t.kind): (float(t.value), t.unit, t.year) for t in extract_document(read_text(text)).targets}
    assert found[("新建改扩建公办幼儿园", "target")] == (12, "所", 2023)
    assert found[("新建改扩建公办幼儿园", "actual")] == (12, "所", 2023)
    assert found[("新增学位", "target")] == (2700, "个", 2023) and found[("新增学位", "actual")] == (2880, "个", 2023)
    assert found[("改造提升学校食堂", "actual")] == (42, "个", 2023)
    assert found[("新建改扩建幼儿园完成率", "actual")] == (106.7, "%", 2023)


def test_a_stage_and_a_unit_in_the_name_cell_and_unitless_values_listed_with_fenbie():
    text = ("某县义务教育优质均衡发展实施方案\n\n一、工作目标\n到2025年,小学、初中校际差异系数分别控制在0.50以内和0.45以内。\n"
            "| 序号 | 评估指标 | 国家标准 | 2022年现状 | 2025年目标 |\n"
            "| 1 | 生均教学及辅助用房面积(小学,平方米) | ≥4.5 | 4.71 | ≥4.8 |\n")
    found = {(t.indicator, t.year): (float(t.value), t.unit, t.comparator) for t in extract_document(read_text(text)).targets}
    assert found[("小学校际差异系数", 2025)] == (0.5, None, "<=")
    assert found[("初中校际差异系数", 2025)] == (0.45, None, "<=")
    assert found[("小学生均教学及辅助用房面积", 2022)] == (4.71, "平方米", "=")
    assert found[("小学生均教学及辅助用房面积", 2025)] == (4.8, "平方米", ">=")


def test_a_change_column_after_a_count_column_names_its_count_and_keeps_its_sign():
    text = ("某市2023年国民经济和社会发展统计公报\n\n十、教育\n"
            "指标 | 招生数(万人) | 比上年增长(%) | 在校生数(万人) | 比上年增长(%) |\n"
            "普通小学 | 6.03 | -8.4 | 37.25 | -2.1 |\n")
    found = {t.indicator: (float(t.value), t.unit, t.year, t.kind) for t in extract_document(read_text(text)).targets}
    assert found["普通小学招生数增幅"] == (-8.4, "%", 2023, "actual")
    assert found["普通小学在校生数增幅"] == (-2.1, "%", 2023, "actual")
    assert found["普通小学在校生数"] == (372500, "人", 2023, "actual")
