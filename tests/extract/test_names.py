"""Indicator names are complete: subject plus what is counted — never a clause fragment,
a bare change or a bare place (extract/names.py)."""

from __future__ import annotations

import pytest

from eduplan.extract.names import fragment
from eduplan.extract.ruleset import load_rules
from tests.extract.helpers import named, targets

RULES = load_rules()


@pytest.mark.parametrize(("name", "why"), [
    ("比上年减少", "change_without_subject"), ("增幅", "change_without_subject"), ("含教学点", "aside"),
    ("全市", "place"), ("东城区", "place"), ("逐步实现市", "cut_after_verb"), ("指标中", "dangling"),
    ("正在积极", "under_way"),
])
def test_fragments_are_recognised(name, why):
    assert fragment(name, RULES) == why


@pytest.mark.parametrize("name", ["普通高中在校生数", "初中", "高中阶段毛入学率", "任务完成率", "国家级示范区",
                                  "各级各类学校数比上年减少", "幼儿园数",
                                  "正在办理前期手续"])
def test_complete_names_pass(name):
    assert fragment(name, RULES) is None


def test_fragments_are_repaired_from_the_figure_before():
    got = named("全县小学在校生24610人,增长1.8%;初中29所(包括九年一贯制学校4所)。",
                head="示范县2022年教育统计公报\n\n")
    assert "小学在校生增幅" in got and got["小学在校生增幅"][:2] == (1.8, "%")
    assert "九年一贯制学校" in got


def test_chinese_numerals_that_count():
    got = named("到2025年,每个乡镇至少建成一所公办中心幼儿园,聘请十多位专家,培育五、六位特级教师,"
                "力争2个以上学科进入排名前30%。坚持三个优先,建设一批优质学校。")
    values = sorted((v[0], v[1]) for v in got.values())
    assert values == [(1, "所"), (2, "个"), (5, "位"), (10, "位")]
    assert any("排名前30%" in k for k in got)


def test_a_count_of_example_projects_is_named_by_its_verb():
    """开工建设A、B等8个项目: the names before 等 are examples, the count is of projects
    under the verb — and 项目前期 holds no 目前 (a result cue)."""
    text = ("示范市教育局2024年工作总结和2025年工作要点\n\n一、2024年工作回顾\n全年新建幼儿园3所。\n\n"
            "二、2025年工作要点\n市本级推进东湖学校、西山小学等6个项目前期,继续加快建设南城中学、北郊幼儿园等5个项目,"
            "开工建设滨江小学、城北初中(一期)等4个项目,完成实验小学扩建、职教中心实训楼等3个项目。\n")
    from eduplan.extract import extract_document
    from eduplan.ingest import read_text

    got = {(float(t.value), t.unit): (t.indicator, t.year, t.kind) for t in extract_document(read_text(text)).targets}
    assert got[(6, "个")] == ("市本级推进项目前期", 2025, "target")
    assert got[(5, "个")] == ("继续加快建设项目", 2025, "target")
    assert got[(4, "个")] == ("开工建设项目", 2025, "target")
    assert got[(3, "个")] == ("完成项目", 2025, "target")
    assert got[(3, "所")] == ("新建幼儿园", 2024, "actual")


def test_one_value_for_several_subjects_keeps_each_subject_whole():
    got = named("全县学龄儿童入学率、九年义务教育完成率和义务教育普及程度均为100%。")
    assert {k for k, v in got.items() if v[0] == 100} == {"学龄儿童入学率", "九年义务教育完成率", "义务教育普及程度"}
    got = named("到2025年,全县普惠性幼儿园数、在园幼儿数分别占总数90%以上。")
    assert [k for k, v in got.items() if v[0] == 90][0] == "普惠性幼儿园数占总数"


def test_a_comparison_without_subject_borrows_the_figure_before():
    got = named("2023年全县学前三年毛入园率达到98.2%,分别高出全国、全省7.1个百分点、2.3个百分点。",
                head="示范县2023年教育事业统计公报\n\n")
    assert got["学前三年毛入园率高出全国"][0] == 7.1
    assert got["学前三年毛入园率高出全省"][0] == 2.3


def test_a_scope_is_no_figure_and_a_done_part_of_a_task_is_named_as_such():
    text = ("示范市2024年为民办实事项目进展情况\n\n"
            "在列入计划的42个项目学校中,已有30所完工。其中东城区的任务数是12所,目前已完成9所。")
    from eduplan.extract import extract_document
    from eduplan.ingest import read_text

    found = {float(t.value): (t.indicator, t.kind) for t in extract_document(read_text(text)).targets}
    assert 42 not in found  # "among the 42 project schools" sets a scope
    assert found[12][1] == "target" and found[9] == ("东城区已完成数", "actual")


def test_what_is_done_of_a_programme_is_named_after_the_programme():
    text = ("示范市教育局2024年工作总结\n\n一、主要成效\n"
            "投资3200万元的24个学校运动场改造项目,已完成18个;投资600万元的15所农村学校食堂建设,已完成9所。\n")
    from eduplan.extract import extract_document
    from eduplan.ingest import read_text

    doc = read_text(text)
    found = {float(t.value): t for t in extract_document(doc).targets}
    assert (found[18].indicator, found[18].kind, found[18].year) == ("学校运动场改造项目已完成数", "actual", 2024)
    assert found[9].indicator == "农村学校食堂建设已完成数"
    assert found[18].quote == "已完成18个"  # the quote is the figure's own clause, not what follows


def test_a_change_written_before_its_noun_names_the_noun():
    got = named("全市共有民生项目204个,比去年新增30个项目。", head="示范市2023年教育统计公报\n\n")
    assert got["项目比上年增加"] == (30, "个", 2023, "actual", "=")


def test_nouns_written_after_their_count_stay_whole():
    """The noun after a count ends at the joiner before the next count, keeps 中等/高等, and a
    count of people after 以上 is a count (培养300名以上…教师), not a scope (56人以上大班额)."""
    got = named("到2025年,创建3个省级骨干专业和12个市级品牌专业;建成4所左右省中等职业教育高水平学校;"
                "培养300名以上双师双能型骨干教师;全面消除56人以上大班额。")
    assert got["省级骨干专业"] == (3, "个", 2025, "target", ">=")
    assert got["市级品牌专业"] == (12, "个", 2025, "target", ">=")
    assert got["省中等职业教育高水平学校"][:2] == (4, "所")
    assert got["双师双能型骨干教师"][:2] == (300, "名") and got["双师双能型骨干教师"][4] == ">="
    assert not any(v[0] == 56 for v in got.values())


def test_parallel_subjects_and_shares_take_the_measure_of_the_figure_before():
    head = "示范县2023年教育事业发展统计公报\n\n"
    got = named("生均校舍建筑面积小学为8.6平方米,初中为12.3平方米。全县幼儿园97所,其中公办52所、民办45所。"
                "随迁子女在校生1.02万人,占义务教育在校生总数的13.2%。", head=head)
    assert got["生均校舍建筑面积初中"][:2] == (12.3, "平方米")
    assert got["民办幼儿园"][:2] == (45, "所")  # 公办 stands for 民办, never for 幼儿园
    assert got["随迁子女在校生占义务教育在校生比例"] == (13.2, "%", 2023, "actual", "=")


def test_one_value_for_two_rates_gives_two_records_and_a_bare_rate_takes_the_stage_before():
    got = named("全市义务教育入学率、巩固率均为99.9%。初中入学率为99.8%、巩固率为99.6%。",
                head="示范市2023年教育事业发展统计公报\n\n")
    assert got["义务教育入学率"][:2] == got["义务教育巩固率"][:2] == (99.9, "%")  # siblings, not a restatement
    assert got["初中巩固率"] == (99.6, "%", 2023, "actual", "=")


def test_a_share_written_before_what_it_is_of_keeps_what_reaches_it():
    got = named("全县优质教育资源覆盖80%的中小学生。", head="示范县2023年教育工作总结\n\n一、工作成效\n\n")
    assert got["优质教育资源覆盖中小学生"][:2] == (80, "%")


def test_a_verb_ending_an_example_name_does_not_name_the_count():
    got = named("城南小学迁建、城北中学扩建等12个在建项目进展顺利。", head="示范县2023年教育工作总结\n\n一、工作成效\n\n")
    assert "在建项目" in got and got["在建项目"][:2] == (12, "个")


def test_names_from_traditional_characters_are_written_in_simplified_ones():
    got = named("全省在園幼儿將達到450萬人,學前教育經費3.2億元。", head="示范省2012年教育事业发展统计公报\n\n")
    assert got["在园幼儿"][:2] == (4500000, "人")
    assert got["学前教育经费"][:2] == (320000000, "元")


def test_money_is_named_without_its_payer():
    got = named("到2025年,市财政每年安排教育基础设施建设资金不低于5亿元;县财政投入1亿元。")
    assert got["教育基础设施建设资金"][:2] == (500000000, "元")
    assert "县财政投入" in got  # a payer with no noun after its verb keeps its name


def test_full_coverage_names_a_coverage_rate_and_describes_no_system():
    got = named("到2025年,课后服务实现义务教育学校全覆盖,全县民办学校均实现党的组织全覆盖,"
                "完善从学前教育到高中阶段教育全覆盖的学生资助体系。")
    assert got["义务教育学校课后服务覆盖率"] == (100, "%", 2025, "target", ">=")
    assert "民办学校党的组织覆盖率" in got
    assert len(got) == 2  # 全覆盖的学生资助体系 is a kind of system, no figure


def test_a_parallel_subject_with_the_words_after_it_takes_the_earlier_name():
    got = named("生均公用经费标准小学每生每年不低于650元,初中每生每年不低于850元;"
                "教育支出占财政支出的比例始终保持在20%以上。")
    assert got["生均公用经费标准初中每生每年"][:2] == (850, "元")
    assert "教育支出占财政支出的比例" in got  # 始终 is no part of the name


def test_an_index_listed_by_stage_keeps_its_unitless_values_and_each_stage_its_name():
    got = named("义务教育阶段学校校际差异系数小学控制在0.5以内、初中控制在0.45以内。"
                "全市中小学专任教师中研究生学历比例达到15%,其中高中达到30%。")
    assert got["义务教育阶段学校校际差异系数小学"] == (0.5, None, 2025, "target", "<=")
    assert got["义务教育阶段学校校际差异系数初中"] == (0.45, None, 2025, "target", "<=")
    assert got["高中专任教师中研究生学历比例"][:2] == (30, "%")  # 中小学 is one word: no 中高中


def test_list_numbers_and_the_preposition_wei_are_no_part_of_a_figure():
    got = named("2.改造提升农村学校食堂20个,为全县中小学配备心理健康教师30名,为1.2万名学生提供营养餐补助。",
                head="示范县2024年十件民生实事项目\n\n")
    assert got["改造提升农村学校食堂"] == (20, "个", 2024, "target", ">=")
    assert got["心理健康教师"][:2] == (30, "名")
    assert [v[4] for v in got.values() if v[0] == 12000] == [">="]  # 为 here is "for", not "is"


def test_stage_lists_share_what_follows_the_stage_and_changes_after_fenbie_keep_their_subjects():
    got = named("小学招生5126人、在校生33870人,分别比上年减少412人和1285人。小学、初中专任教师学历合格率均为100%。"
                "公办、民办幼儿园分别有30所、20所。", head="示范县2023年教育事业发展统计公报\n\n")
    assert got["小学招生比上年减少"][:2] == (412, "人") and got["小学在校生比上年减少"][:2] == (1285, "人")
    assert got["小学专任教师学历合格率"][:2] == (100, "%") and "初中专任教师学历合格率" in got
    assert got["民办幼儿园"][:2] == (20, "所")


def test_a_share_of_a_whole_and_filler_words_are_named_plainly():
    got = named("年度交流人数不低于符合交流条件教师总数的15%;交流轮岗比例仅为81.3%;我们将新增学位3000个。",
                head="示范县2024年教育工作要点\n\n")
    assert got["年度交流人数占符合交流条件教师比例"][:2] == (15, "%")
    assert "交流轮岗比例" in got and "新增学位" in got


def test_asides_that_only_scope_a_name_are_left_out_of_it():
    found = sorted((t.year, t.indicator, float(t.value)) for t in targets(
        "全市义务教育学校(含教学点)大班额(56人及以上)班级数由上年的24个减少到6个。",
        head="示范市2023年教育事业发展统计公报\n\n"))
    assert found == [(2022, "义务教育学校大班额班级数", 24), (2023, "义务教育学校大班额班级数", 6)]


def test_a_count_after_a_deadline_ending_in_qian_is_no_rank():
    got = named("确保秋季开学前15所新建学校建成投用,选拔前5%优秀人才。", head="示范市2024年教育工作要点\n\n")
    assert got == {"新建学校": (15, "所", 2024, "target", ">=")}
