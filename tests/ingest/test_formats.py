"""Word, web page and PDF readers keep paragraphs, tables and offsets."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from eduplan.ingest import read_document


LONG = ("坚持以公办幼儿园为主体，鼓励发展普惠性民办幼儿园，科学规划幼儿园布局，加快新建、改扩建一批公办幼儿园，"
        "持续扩大普惠性学前教育资源供给，到2025年新增学位3600个。")


def make_docx(path, *, long_paragraph=False):
    import docx

    d = docx.Document()
    d.add_paragraph("示范县教育发展三年行动计划")
    d.add_paragraph("一、工作目标")
    d.add_paragraph("到2025年，学前三年入园率达到98%以上。")
    table = d.add_table(rows=3, cols=4)
    table.style = "Table Grid"  # bordered, as bureau tables are
    for r, row in enumerate([["指标", "单位", "2022年", "2025年"], ["学前三年入园率", "%", "95.1", "98"],
                             ["义务教育巩固率", "%", "99.5", "100"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("二、主要任务")
    d.add_paragraph("（一）扩大学前资源")
    if long_paragraph:
        d.add_paragraph(LONG)
    d.save(path)


def test_docx_paragraphs_and_tables(tmp_path):
    path = tmp_path / "plan.docx"
    make_docx(path)
    doc = read_document(path)
    assert doc.title == "示范县教育发展三年行动计划"
    assert "到2025年,学前三年入园率达到98%以上。" in doc.text  # full-width comma normalised
    [table] = doc.tables
    assert [c.text for c in table.rows[1]] == ["学前三年入园率", "%", "95.1", "98"]
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start:cell.end] == cell.text
    assert [(s.level, s.title) for s in doc.sections] == [(1, "工作目标"), (1, "主要任务"), (2, "扩大学前资源")]
    # the table sits inside 工作目标, and holds no headings of its own
    assert doc.sections[0].start < table.start < doc.sections[0].end


def test_docx_merged_cells_are_read_once(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("规划")
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "学前教育"
    for c, v in enumerate(["入园率", "%", "98"]):
        t.cell(1, c).text = v
    path = tmp_path / "merged.docx"
    d.save(path)
    [table] = read_document(path).tables
    assert [[c.text for c in row] for row in table.rows] == [["学前教育"], ["入园率", "%", "98"]]


HTML = """<html><head><title>某市教育局关于印发2024年工作要点的通知</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻动态</a> <a href="/gk">信息公开</a></div>
<div class="article">
<h1>某市教育局2024年工作要点</h1>
<p>2024年是实施“十四五”规划的关键之年。为推动教育高质量发展，现提出以下工作要点。</p>
<p>一、推进学前教育普及普惠</p>
<p>到2024年底，全市学前三年毛入园率达到98.5%，公办幼儿园在园幼儿占比达到60%以上。新建幼儿园5所，新增学位1800个。</p>
<p>二、推进义务教育优质均衡</p>
<p>义务教育巩固率保持在100%。创建省现代化学校10所，城乡教共体实现全覆盖。</p>
<table><tr><th>指标</th><th>2023年</th><th>2024年</th></tr><tr><td>毛入园率(%)</td><td>97.9</td><td>98.5</td></tr></table>
</div>
<div class="footer">版权所有 某市教育局 | 网站地图 | 联系我们 | 备案号 浙ICP备12345678号</div>
</body></html>"""


def test_html_article_without_navigation(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read_document(path)
    assert "学前三年毛入园率达到98.5%" in doc.text
    assert "网站地图" not in doc.text and "新闻动态" not in doc.text
    assert doc.title == "某市教育局2024年工作要点"
    assert [s.title for s in doc.sections] == ["推进学前教育普及普惠", "推进义务教育优质均衡"]
    [table] = doc.tables
    assert [c.text for c in table.rows[-1]] == ["毛入园率(%)", "97.9", "98.5"]


def test_html_in_gbk(tmp_path):
    path = tmp_path / "gbk.html"
    path.write_bytes(HTML.replace("<head>", '<head><meta charset="gbk">').encode("gbk"))
    assert "公办幼儿园在园幼儿占比" in read_document(path).text


@pytest.mark.skipif(not shutil.which("libreoffice") and not shutil.which("soffice"),
                    reason="LibreOffice (Debian libreoffice-writer-nogui) is needed to make a test PDF")
def test_pdf_with_text_layer(tmp_path):
    src = tmp_path / "plan.docx"
    make_docx(src, long_paragraph=True)
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    doc = read_document(tmp_path / "plan.pdf")
    assert "学前三年入园率达到98%以上" in doc.text
    assert [s.title for s in doc.sections][:2] == ["工作目标", "主要任务"]
    [table] = doc.tables
    assert [c.text for c in table.rows[2]] == ["义务教育巩固率", "%", "99.5", "100"]
    # the paragraph wrapped over several PDF lines comes back as one line
    assert LONG.replace("，", ",").replace("、", "、") in doc.text


def test_word_automatic_heading_numbers_are_written_into_the_text(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("示范县教育发展规划")

    def heading(text, level):
        p = d.add_paragraph(text, style=f"Heading {level}")
        num = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level - 1))
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), "1")
        num.append(ilvl)
        num.append(num_id)
        p._p.get_or_add_pPr().append(num)

    heading("发展目标", 1)
    heading("总体目标", 2)
    d.add_paragraph("到2025年，入园率达到98%。")
    heading("具体目标", 2)
    heading("主要任务", 1)
    heading("扩大资源", 2)
    d.add_paragraph("已写编号的标题不变：", style="Normal")
    d.add_paragraph("三、保障措施", style="Heading 1")
    path = tmp_path / "auto.docx"
    d.save(path)
    doc = read_document(path)
    assert [(s.level, s.number, s.title) for s in doc.sections] == [
        (1, "一、", "发展目标"), (2, "(一)", "总体目标"), (2, "(二)", "具体目标"),
        (1, "二、", "主要任务"), (2, "(一)", "扩大资源"), (1, "三、", "保障措施")]


def test_docx_box_of_one_cell_is_read_as_paragraphs(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("示范县教育事业发展规划")
    d.add_paragraph("第一章  推进学前教育发展")
    box = d.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.cell(0, 0).text = "专栏1  学前教育提升工程"
    box.cell(0, 0).add_paragraph("1.公办幼儿园建设。新建幼儿园8所。")
    box.cell(0, 0).add_paragraph("2.保教质量提升。创建省级优质幼儿园12所。")
    path = tmp_path / "box.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.tables == []
    assert "专栏1  学前教育提升工程\n1.公办幼儿园建设。新建幼儿园8所。\n2.保教质量提升" in doc.text
    assert [s.title for s in doc.sections] == ["推进学前教育发展", "公办幼儿园建设", "保教质量提升"]
