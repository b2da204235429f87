"""Web pages as bureaus publish them: articles inside layout tables (the usual government
portal), Word-saved pages, data tables beside paragraphs. Pages are our own."""

from __future__ import annotations

from eduplan.extract import extract_document
from eduplan.ingest import read_document

LAYOUT = """<html><head><meta charset="utf-8">
<title>示范县教育局关于印发示范县教育事业发展“十四五”规划的通知_示范县人民政府门户网站</title></head><body>
<table width="100%"><tr><td class="nav"><a href="/">首页</a> | <a href="/zw">政务公开</a> | <a href="/bs">办事服务</a></td></tr>
<tr><td><table width="1000"><tr>
 <td width="200">栏目导航<br><a href="#">通知公告</a><br><a href="#">规划计划</a><br><a href="#">统计数据</a></td>
 <td>
  <p>一、发展基础</p>
  <p>“十三五”期间,全县学前三年毛入园率达到96.5%,义务教育巩固率达到99.6%。</p>
  <p>二、主要目标</p>
  <p>到2025年,学前三年毛入园率达到98%以上,新建幼儿园5所。</p>
  <table border="1"><tr><td>指标</td><td>2020年</td><td>2025年</td></tr>
   <tr><td>普惠性幼儿园覆盖率(%)</td><td>88</td><td>92</td></tr></table>
  <p>三、主要任务</p>
  <p>(一)扩大学前教育资源。新增学位3000个。</p>
 </td></tr></table></td></tr>
<tr><td class="footer">主办：示范县人民政府　版权所有　联系电话：0577-12345678</td></tr></table>
</body></html>"""

WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8"><title>示范县教育局2024年工作要点</title></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal align=center><span style='font-family:方正小标宋简体'>示范县教育局2024年工作要点<o:p></o:p></span></p>
<p class=MsoNormal><span style='font-family:黑体'>一、总体目标<o:p></o:p></span></p>
<p class=MsoNormal style='text-indent:32.0pt'><span>全年新建公办幼儿园<span lang=EN-US>3</span>所，
新增学位<span lang=EN-US>1500</span>个。<o:p></o:p></span></p>
<p class=MsoNormal><span style='font-family:黑体'>二、重点任务<o:p></o:p></span></p>
<p class=MsoNormal><span>（一）推进学前教育普及普惠。普惠性幼儿园覆盖率达到<span lang=EN-US>93%</span>。<o:p></o:p></span></p>
</div></body></html>"""


def test_an_article_inside_layout_tables(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(LAYOUT, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "示范县教育局关于印发示范县教育事业发展“十四五”规划的通知"
    assert "政务公开" not in doc.text and "版权所有" not in doc.text and "栏目导航" not in doc.text
    assert [s.title for s in doc.sections if s.level == 1] == ["发展基础", "主要目标", "主要任务"]
    [table] = doc.tables
    assert [c.text for c in table.rows[1]] == ["普惠性幼儿园覆盖率(%)", "88", "92"]
    found = {(t.indicator, t.year, t.kind) for t in extract_document(doc).targets}
    assert ("学前三年毛入园率", 2020, "actual") in found and ("学前三年毛入园率", 2025, "target") in found
    assert ("普惠性幼儿园覆盖率", 2025, "target") in found and ("新增学位", 2025, "target") in found


def test_a_word_saved_page_keeps_one_paragraph_per_line(tmp_path):
    path = tmp_path / "word.htm"
    path.write_text(WORD, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "示范县教育局2024年工作要点" and doc.doc_type == "work_points" and doc.reporting_year == 2024
    assert "全年新建公办幼儿园3所,新增学位1500个。" in doc.text  # the source line break inside is no space
    assert [s.title for s in doc.sections] == ["总体目标", "重点任务", "推进学前教育普及普惠"]
    found = {(t.indicator, float(t.value), t.year) for t in extract_document(doc).targets}
    assert ("新建公办幼儿园", 3, 2024) in found and ("普惠性幼儿园覆盖率", 93, 2024) in found


def test_a_page_titled_after_a_salutation_takes_the_plan_it_forwards(tmp_path):
    page = ("<html><head><meta charset='utf-8'><title>各乡镇人民政府、县直各单位:_示范县门户网站</title></head><body>"
            "<div class='article'><p>各乡镇人民政府、县直各单位:</p>"
            "<p>《示范县教育事业发展“十四五”规划》已经县政府同意,现印发给你们,请认真贯彻执行。</p>"
            "<p>示范县教育事业发展“十四五”规划</p>"
            "<p>一、主要目标</p><p>到2025年,学前三年毛入园率达到98%以上。</p></div></body></html>")
    path = tmp_path / "notice.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "示范县教育事业发展“十四五”规划"
    assert doc.doc_type == "plan" and doc.period == (2021, 2025)
    [rate] = [t for t in extract_document(doc).targets if t.unit == "%"]
    assert (rate.year, rate.kind) == (2025, "target")
