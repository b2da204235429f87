"""What a figure means — commitment or result, and which year — in every genre, decided
by one resolver (extract/timing.py). All documents are our own."""

from __future__ import annotations

from eduplan.extract import extract_document
from eduplan.ingest import read_text
from tests.extract.helpers import named, targets


def facts(text: str, **kw) -> dict[str, tuple]:
    doc = read_text(text, **kw)
    found = extract_document(doc).targets
    for t in found:
        assert doc.text[t.start:t.end] == t.quote
    return {t.indicator: (float(t.value) if t.value is not None else None, t.unit, t.year, t.kind, t.comparator)
            for t in found}


BULLETIN = """示范县2022年国民经济和社会发展统计公报

八、教育
全县现有普通中学12所,在校学生15230人,比上年减少412人;小学31所,在校学生24610人,较上年增加186人。
幼儿园43所,在园幼儿11200人。学前三年毛入园率98.6%,比上年提高0.4个百分点。小学专任教师1520人,增长了2.1%。
"""


def test_every_figure_of_a_bulletin_is_a_result_of_its_year():
    got = facts(BULLETIN)
    assert got["普通中学"] == (12, "所", 2022, "actual", "=")
    assert got["学前三年毛入园率"] == (98.6, "%", 2022, "actual", "=")
    assert got["学前三年毛入园率比上年提高"] == (0.4, "个百分点", 2022, "actual", "=")
    assert got["小学专任教师增幅"] == (2.1, "%", 2022, "actual", "=")
    changes = {k: v for k, v in got.items() if "比上年" in k and v[1] == "人"}
    assert sorted(v[0] for v in changes.values()) == [186, 412]
    assert all(v[3] == "actual" and v[2] == 2022 for v in got.values())


def test_school_year_statistics_take_the_autumn_year():
    got = facts("示范市2021/2022学年初教育统计基本情况\n\n一、学校情况\n全市共有幼儿园210所,较去年增加8所。")
    assert got["幼儿园"] == (210, "所", 2021, "actual", "=")
    assert got["幼儿园比上年增加"] == (8, "所", 2021, "actual", "=")


SUMMARY = """示范县教育局2023年工作总结和2024年工作思路

一、2023年工作回顾
全年新建公办幼儿园4所,新增学位1260个,公办园在园幼儿占比达62.5%。另有3所学校的改扩建工程也将在年底前完工。

二、2024年工作思路
新建幼儿园2所,普惠性幼儿园覆盖率达到95%。
"""


def test_a_summary_reports_its_year_and_plans_the_next():
    got = facts(SUMMARY)
    assert got["新建公办幼儿园"][2:4] == (2023, "actual")
    assert got["公办园在园幼儿占比"] == (62.5, "%", 2023, "actual", "=")
    assert got["普惠性幼儿园覆盖率"] == (95, "%", 2024, "target", ">=")
    assert got["新建幼儿园"][2:4] == (2024, "target")
    done_later = [v for k, v in got.items() if v[0] == 3]
    assert done_later and done_later[0][3] == "target"  # 也将在年底前完工


GOV_REPORT = """2024年示范市人民政府工作报告

一、2023年工作回顾
过去一年,新增中小学学位8500个,学前三年毛入园率提高到98.2%。
过去五年,义务教育巩固率由96.4%提高到99.1%。

二、2024年工作安排
今年将新增学位6000个,高中阶段毛入学率达到97%。
"""


def test_a_government_report_reviews_last_year_and_plans_this_one():
    got = facts(GOV_REPORT)
    assert got["新增中小学学位"][2:4] == (2023, "actual")
    assert got["学前三年毛入园率"][2:4] == (2023, "actual")
    found = extract_document(read_text(GOV_REPORT)).targets
    consolidation = sorted((float(t.value), t.unit, t.year, t.kind) for t in found if t.indicator == "义务教育巩固率")
    assert consolidation == [(96.4, "%", 2018, "actual"), (99.1, "%", 2023, "actual")]
    assert got["高中阶段毛入学率"][2:4] == (2024, "target")
    assert got["新增学位"][2:4] == (2024, "target")


PROGRESS = """示范县2024年十件民生实事进展情况

截至9月底,普惠性幼儿园覆盖率的全年目标是90%,实际已完成92.4%。
新建公办幼儿园的任务数是6所,目前已建成4所,任务完成率为66.7%。
"""


def test_a_progress_notice_tells_tasks_from_results_by_cue_words():
    doc = read_text(PROGRESS)
    found = sorted(extract_document(doc).targets, key=lambda t: t.start)
    got = [(float(t.value), t.year, t.kind) for t in found]
    assert got == [(90, 2024, "target"), (92.4, 2024, "actual"), (6, 2024, "target"), (4, 2024, "actual"),
                   (66.7, 2024, "actual")]


PLAN = """示范县教育事业发展“十四五”规划(2021—2025年)

一、发展基础
“十三五”期间,全县学前三年毛入园率从91.2%提高到97.4%,新增学位9800个。“十二五”末全县有中小学52所。

二、主要目标
到2023年,普惠性幼儿园覆盖率达到90%;到2025年达到92%。小学校际差异系数控制在0.35以内,初中校际差异系数0.3。
"""


def test_a_plan_dates_its_history_and_its_milestones():
    doc = read_text(PLAN)
    found = extract_document(doc).targets
    by = {(t.indicator, t.year): (float(t.value), t.kind, t.comparator) for t in found}
    assert by[("学前三年毛入园率", 2015)] == (91.2, "actual", "=")
    assert by[("学前三年毛入园率", 2020)] == (97.4, "actual", "=")
    assert by[("新增学位", 2020)][1] == "actual"
    assert ("中小学", 2015) in by and by[("中小学", 2015)][1] == "actual"
    assert by[("普惠性幼儿园覆盖率", 2023)] == (90, "target", ">=")
    assert by[("普惠性幼儿园覆盖率", 2025)] == (92, "target", ">=")
    assert by[("小学校际差异系数", 2025)] == (0.35, "target", "<=")
    assert by[("初中校际差异系数", 2025)] == (0.3, "target", "<=")  # less is better


def test_a_four_digit_count_is_no_year():
    got = facts("示范县2022年教育统计公报\n\n全县在校学生2026人,特殊教育学校专任教师21人。")
    assert got["在校学生"][2] == 2022 and got["特殊教育学校专任教师"][2] == 2022


PLAN_NEWS = """示范市第三期学前教育行动计划出台 三年新增学位一万个

本报讯 记者从示范市教育局获悉,全市目前共有幼儿园312所,其中公办168所、民办144所,在园幼儿52400人。
第二期计划中规划新建、改扩建45所幼儿园,目前已建成38所,剩余7个项目正在建设中。
市教育局规划于2024—2026年内全市新建、改扩建60所幼儿园,其中新建24所、改扩建36所。

2024年3月18日
"""


def test_a_plan_news_item_reports_the_present_in_its_own_year():
    """目前 speaks of the year the text was written (its date line), not the plan's base year;
    a range before a commitment dates it by its last year; parts after 其中 share their whole's."""
    found = extract_document(read_text(PLAN_NEWS)).targets
    got = {float(t.value): (t.indicator, t.unit, t.year, t.kind, t.comparator) for t in found}
    assert got[312] == ("幼儿园", "所", 2024, "actual", "=")
    assert got[168] == ("公办幼儿园", "所", 2024, "actual", "=")
    assert got[52400] == ("在园幼儿", "人", 2024, "actual", "=")
    assert got[38][2:] == (2024, "actual", "=")
    assert got[7][0].startswith("项目") and got[7][2:4] == (2024, "actual")
    assert {got[v][2:4] for v in (60, 24, 36)} == {(2026, "target")}
    assert got[24][0] == "新建幼儿园"


def test_a_progress_notice_treats_what_was_listed_as_the_task():
    text = ("示范市2023年为民办实事项目上半年进展情况\n\n"
            "全市2023年共有26所公办幼儿园建设项目被列入为民办实事项目,其中新建10所、改扩建16所。"
            "上半年已竣工9所,另有17所正在施工。")
    got = facts(text)
    tasks = {v for v in got.values() if v[0] in (26, 10, 16)}
    assert tasks == {(26, "所", 2023, "target", ">="), (10, "所", 2023, "target", ">="), (16, "所", 2023, "target", ">=")}
    assert {v[2:4] for v in got.values() if v[0] == 9} == {(2023, "actual")}


def test_a_yearly_series_gives_one_figure_per_year():
    text = ("示范省学前教育三年行动计划(2024—2026年)\n\n"
            "分年度任务\n\n"
            "公办幼儿园建设:2024年完成120所 2025年150所 2026年180所\n\n"
            "全省新增学位任务为:2024年1.2万个,2025年完成1.5万个,2026年完成2万个。\n\n"
            "民办幼儿园扶持:三年均要完成60所\n")
    found = extract_document(read_text(text)).targets
    series = sorted((t.year, float(t.value)) for t in found if t.unit == "所" and t.value != 60)
    assert series == [(2024, 120), (2025, 150), (2026, 180)]
    assert {t.indicator for t in found if t.unit == "所" and t.value != 60} == {"公办幼儿园建设"}
    seats = sorted((t.year, float(t.value), t.kind) for t in found if t.unit == "个")
    assert seats == [(2024, 12000, "target"), (2025, 15000, "target"), (2026, 20000, "target")]
    assert all("新增学位" in t.indicator for t in found if t.unit == "个")
    # a clause cut after its modal verb takes the label its line opens with
    assert [t.indicator for t in found if t.value == 60] == ["民办幼儿园扶持"]


def test_a_start_value_takes_the_start_year_of_the_change_before_it():
    """…从2015年的X增加到2020年的Y;毛入园率从A提高到B: A is of 2015, not of 2020."""
    text = ("示范省“十四五”教育事业发展规划\n\n第一章 发展基础\n"
            "全省幼儿园在园人数从2015年的86.2万人增加到2020年的101.5万人;学前三年毛入园率从78%提高到91.6%。\n\n"
            "第二章 主要目标\n到2025年,学前三年毛入园率达到95%。\n")
    found = extract_document(read_text(text)).targets
    rates = sorted((t.year, float(t.value), t.kind) for t in found if t.unit == "%")
    assert rates == [(2015, 78, "actual"), (2020, 91.6, "actual"), (2025, 95, "target")]


def test_a_years_spending_in_a_bulletin_is_a_result_and_a_projects_budget_a_commitment():
    got = named("全年教育经费总投入28.6亿元,同比增长7.3%。城南小学项目总投资1.2亿元,已完成投资5000万元。",
                head="示范县2023年教育事业发展统计公报\n\n")
    assert got["教育经费总投入"] == (2860000000, "元", 2023, "actual", "=")
    assert got["城南小学项目总投资"][3] == "target"


def test_a_share_of_the_plan_reports_progress_and_a_years_task_commits():
    got = named("二、实施食堂改造工程,年度任务为改造食堂25个。截至目前,已完成投资1.6亿元,占年度计划的67.5%;"
                "已改造18个,完成年度任务的72%。", head="示范县2024年民生实事项目推进情况\n\n")
    kinds = {name: v[3] for name, v in got.items()}
    assert kinds["年度任务为改造食堂"] == "target"  # 年度 keeps its 年
    assert [v[3] for v in got.values() if v[1] == "%"] == ["actual", "actual"]


def test_a_direction_said_again_with_a_number_is_one_numeric_target():
    found = targets("逐步提高随迁子女在公办学校就读比例,到2025年争取达到95%。")
    assert [(t.indicator, t.comparator, float(t.value)) for t in found] == [("随迁子女在公办学校就读比例", ">=", 95)]


def test_a_figure_said_to_be_done_after_it_is_a_result_even_in_a_plan():
    found = sorted((t.start, t.indicator, t.kind, t.year, float(t.value)) for t in targets(
        "2020年,全县新建幼儿园12所,乡镇公办中心幼儿园全覆盖的目标得以实现。到2025年,新建幼儿园10所。"))
    assert [f[1:] for f in found] == [("新建幼儿园", "actual", 2020, 12), ("乡镇公办中心幼儿园覆盖率", "actual", 2020, 100),
                                     ("新建幼儿园", "target", 2025, 10)]


def test_a_programme_named_plan_and_money_spent_in_a_years_results_are_results():
    got = named("全县农村义务教育学生营养改善计划惠及学生1.9万人。全年完成教育项目投资4.7亿元。",
                head="示范县教育局2023年工作总结\n\n一、工作成效\n\n")
    assert got["农村义务教育学生营养改善计划惠及学生"] == (19000, "人", 2023, "actual", "=")
    assert got["完成教育项目投资"] == (470000000, "元", 2023, "actual", "=")


def test_the_year_after_you_dates_only_the_start_of_a_change():
    found = sorted((t.start, t.year, float(t.value), t.comparator) for t in targets(
        "学科类校外培训机构由2021年的186家压减至14家,压减率92.5%。", head="示范县教育局2023年工作总结\n\n一、工作成效\n\n"))
    assert [f[1:] for f in found] == [(2021, 186, "="), (2023, 14, "="), (2023, 92.5, "=")]


def test_a_work_reports_date_line_and_paragraph_openers_say_which_year_a_figure_is_of():
    head = "政府工作报告(节选)\n——2024年1月16日在示范市第十届人民代表大会第三次会议上\n\n"
    got = named("过去一年,全市教育支出达到48.7亿元,新增学位1.35万个。\n今年,新增学位1.2万个以上。", head=head)
    assert got["教育支出"] == (4870000000, "元", 2023, "actual", "=")
    found = sorted((t.year, t.kind, float(t.value)) for t in targets(
        "过去一年,全市新增学位1.35万个。\n今年,新增学位1.2万个以上。", head=head))
    assert found == [(2023, "actual", 13500), (2024, "target", 12000)]


def test_a_paragraph_of_a_yearly_plan_that_opens_with_the_year_before_reports_results():
    found = sorted((t.year, t.kind, float(t.value)) for t in targets(
        "2024年,全市新增学位1.26万个,学前三年毛入园率达到97.8%。\n全年新增学位1万个,学前三年毛入园率达到98%。",
        head="示范市教育局2025年工作要点\n\n"))
    assert found == [(2024, "actual", 97.8), (2024, "actual", 12600), (2025, "target", 98), (2025, "target", 10000)]


def test_a_task_heading_naming_a_shortfall_commits_and_a_sentences_years_serve_each_fenbie_list():
    head = "某省学前教育发展提升行动计划(2023—2025年)\n\n一、主要目标\n\n"
    found = sorted((t.indicator, t.year, float(t.value)) for t in targets(
        "2023年、2024年、2025年全省学前三年毛入园率分别达到90.5%、91.2%和92%以上,"
        "普惠性幼儿园覆盖率分别达到86%、88%、90%以上。\n(二)补齐农村学前教育短板。残疾儿童学前教育入园率达到80%以上。",
        head=head) if t.unit == "%")
    assert [f for f in found if f[0] == "普惠性幼儿园覆盖率"] == [
        ("普惠性幼儿园覆盖率", 2023, 86), ("普惠性幼儿园覆盖率", 2024, 88), ("普惠性幼儿园覆盖率", 2025, 90)]
    assert ("残疾儿童学前教育入园率", 2025, 80) in found


def test_in_a_report_a_deadline_in_an_earlier_statement_does_not_date_the_next_one():
    head = "示范县教育事业发展“十四五”规划中期评估报告\n\n"
    found = sorted((t.start, t.kind, t.year, float(t.value)) for t in targets(
        "评估数据截至2022年底。高中阶段毛入学率按现有速度到2025年难以达到96%的目标;学生体质健康测试优良率为44.0%。"
        "到2022年底,全县共有幼儿园141所;3至5周岁幼儿入园率为98.8%。", head=head))
    assert [f[1:] for f in found] == [("target", 2025, 96), ("actual", 2022, 44), ("actual", 2022, 141),
                                     ("actual", 2022, 98.8)]


def test_what_a_building_will_hold_once_finished_is_a_commitment_of_its_completion_year():
    got = named("2022年,区第三中学新建工程开工,建成后可提供学位3000个,计划2024年8月建成投用。",
                head="某区年鉴(2023)\n\n")
    assert got["建成后可提供学位"] == (3000, "个", 2024, "target", ">=")
