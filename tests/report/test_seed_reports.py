"""The real seed plans through ingest → import → report, read as a 规划科 writer would:
Ruian's 十四五 plan (seed 000) with our 2021–2023 data (tests/samples/ruian_observations.csv)
and the 洞头 action plan (seed 003, a yearly table) as of 2025 with values we made up.

Skipped when ``../shared`` is not beside the checkout."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from eduplan.extract.pipeline import extract_document
from eduplan.report import render
from eduplan.report.context import ReportOptions
from eduplan.report.layout import text_width
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.evaluation.reports import build_report_context
from eduplan.services.exchange.documents import read_all
from eduplan.services.monitoring.observations import import_observations
from eduplan.services.plans.ingest import ingest_documents
from eduplan.store.db import make_engine
from eduplan.store.migrate import upgrade
from tests.conftest import SAMPLES, seed_path
from tests.report.docx_reading import open_docx, section_text
from tests.report.forbidden import violations
from tests.report.pdf_pages import LIBREOFFICE, page_texts, to_pdf

# made-up values for three table rows of seed 003 (our numbers, not the plan's)
DATA_003 = """指标,区域,年份,数值,单位
优质幼儿园(一、二级)在园幼儿占比,洞头区,2023,80.5,%
优质幼儿园(一、二级)在园幼儿占比,洞头区,2024,84.2,%
优质幼儿园(一、二级)在园幼儿占比,洞头区,2025,88,%
儿童平均预期受教育年限,洞头区,2023,15.15,年
儿童平均预期受教育年限,洞头区,2024,15.20,年
高等教育毛入学率,洞头区,2023,70.2,%
高等教育毛入学率,洞头区,2024,70.9,%
高等教育毛入学率,洞头区,2025,71.6,%
"""
PARTS = ["一、总体评价", "二、主要成效", "三、重点项目推进和投资完成情况", "四、存在的主要问题", "五、下一步工作建议"]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """Both seeds ingested into one private SQLite database, with their data imported."""
    ruian, dongtou = seed_path("000_"), seed_path("003_")
    folder = tmp_path_factory.mktemp("seeds")
    url = f"sqlite:///{folder / 'seeds.db'}"
    upgrade(url)
    engine = make_engine(url)
    load_regions(engine)
    load_indicators(engine)
    [a] = ingest_documents(engine, read_all([ruian], max_bytes=50_000_000), extractor=extract_document)
    [b] = ingest_documents(engine, read_all([dongtou], max_bytes=50_000_000), extractor=extract_document)
    import_observations(engine, SAMPLES / "ruian_observations.csv")
    csv = folder / "dongtou.csv"
    csv.write_text(DATA_003, encoding="utf-8")
    import_observations(engine, csv)
    yield engine, a.plan_id, b.plan_id
    engine.dispose()


def all_text(doc) -> str:
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    return "\n".join(p.text for p in doc.paragraphs) + "\n" + cells


@pytest.fixture(scope="module")
def ruian(seeds):
    engine, plan_id, _ = seeds
    ctx = build_report_context(engine, plan_id, as_of=2023, include_unreviewed=True,
                               options=ReportOptions(to="瑞安市人民政府", issuer="瑞安市教育局", date="2024年3月1日"))
    return ctx, open_docx(render(ctx, "docx"))


@pytest.fixture(scope="module")
def dongtou(seeds):
    engine, _, plan_id = seeds
    ctx = build_report_context(engine, plan_id, as_of=2025, include_unreviewed=True)
    return ctx, open_docx(render(ctx, "docx"))


def test_ruian_has_the_parts_of_a_mid_term_report(ruian):
    ctx, doc = ruian
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "瑞安市人民政府："
    positions = [texts.index(h) for h in PARTS]
    assert positions == sorted(positions)
    effects = section_text(doc, PARTS[1], PARTS[2])
    for sector in ("学前教育", "义务教育", "普通高中教育", "职业教育", "特殊教育", "终身教育", "教师队伍建设", "教育保障"):
        assert any(x.endswith(f"）{sector}") for x in effects), sector
    assert any("创成全国学前教育普及普惠市" in x for x in effects)  # a 创建 goal, with its sector
    assert any(x.endswith("）体制机制改革") for x in effects)
    assert any(x.endswith("）目标调整建议") for x in section_text(doc, PARTS[4], "附件1　规划目标清单"))
    assert "瑞安市教育局" in texts and "2024年3月1日" in texts


def test_ruian_says_nothing_the_issue_found_wanting(ruian):
    ctx, doc = ruian
    text = all_text(doc)
    assert violations(text) == []
    assert "71项重点任务中有71项未填报进展" in text
    assert text.count("未明确") <= 1  # said once (which unit leads unassigned items), not on every line


def test_ruian_numbers_are_in_the_plans_unit_and_precision(ruian):
    ctx, doc = ruian
    text = all_text(doc)
    assert "由2020年的13.07万人减少到2023年的12.98万人" in text  # 在校生 in 万人, as the plan's table
    assert "109亿元" in text and "9.7亿元" in text  # investment as the plan writes it
    assert not re.search(r"\d{5,}人(?!次)", text)  # no 130700人 where the plan says 13.07万人
    assert "时间进度为60%" in text


def test_ruian_problems_name_lagging_items_with_units_and_not_achieved_ones(ruian):
    ctx, doc = ruian
    problems = "\n".join(section_text(doc, PARTS[3], PARTS[4]))
    for name in ("生均建筑面积", "生均占地面积", "3-5周岁在园幼儿", "九年义务教育在校生"):
        (item,) = [p for p in problems.split("\n") if name in p and "责任单位" in p]
        assert "瑞安市教育局" in item
    assert "高等教育毛入学率" not in problems and "学前三年入园率" not in problems
    assert "学龄人口" in problems  # 在校生 fell: the cause the data shows


def test_dongtou_as_of_2025(dongtou):
    ctx, doc = dongtou
    texts = [p.text for p in doc.paragraphs]
    assert all(text_width(line) >= 4 for line in texts[0].split("\n"))  # no orphan word in the title
    assert violations(all_text(doc)) == []
    problems = "\n".join(section_text(doc, PARTS[3], PARTS[4]))
    assert "优质园在园幼儿覆盖率" in problems or "优质幼儿园" in problems
    assert "区教育局" in problems  # the plan's own lead unit, not a default guessed from the region
    appendix = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号" and t.rows[0].cells[3].text == "规划原文")
    quotes = [r.cells[3].text for r in appendix.rows[1:]]
    assert len(quotes) == len(ctx.targets) and all("\n" not in q for q in quotes)  # a table row quoted on one line


def test_the_default_report_says_what_it_left_out(seeds):
    engine, plan_id, _ = seeds
    ctx = build_report_context(engine, plan_id, as_of=2023)
    assert ctx.targets == () and ctx.review_note and "尚未审核，未纳入本次评估" in ctx.review_note
    doc = open_docx(render(ctx, "docx"))
    text = all_text(doc)
    assert ctx.review_note in text and violations(text) == []
    book = load_workbook(io.BytesIO(render(ctx, "xlsx")))
    assert ctx.review_note in book["汇总"]["A2"].value


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice not installed")
@pytest.mark.parametrize("which", ["ruian", "dongtou"])
def test_supervision_lists_print_one_page_wide(which, request, tmp_path):
    ctx, _ = request.getfixturevalue(which)
    pdf = to_pdf(render(ctx, "xlsx"), "xlsx", tmp_path)
    for t in page_texts(pdf):
        first, last = ("督办事项", "办结情况") if "督办事项" in t else ("编号", "规划原文")
        assert first in t and last in t, t[:200]


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice not installed")
def test_dongtou_appendix_is_compact(dongtou, tmp_path):
    ctx, _ = dongtou
    pdf = to_pdf(render(ctx, "docx"), "docx", tmp_path)
    texts = page_texts(pdf)
    start = next(i for i, t in enumerate(texts) if re.search(r"附件\s*1\s*规划目标清单", t))
    end = next((i for i, t in enumerate(texts) if re.search(r"附件\s*2", t) and i > start), len(texts))
    assert end - start <= 4, f"the target list takes {end - start} pages"
