"""PDF layout of long plans: titles, contents lines, wrapped cells and tables over a page break."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from eduplan.ingest import read_document
from eduplan.ingest.pdf import _cell_text, _wraps


def line(text, x1, size=11.0, x0=90.0):
    step = (x1 - x0) / max(len(text), 1)
    chars = [{"x0": x0 + i * step, "x1": x0 + (i + 1) * step, "size": size} for i in range(len(text))]
    return {"text": text, "x1": x1, "chars": chars}


def test_a_line_break_inside_a_cell_is_no_space_in_chinese():
    assert _cell_text("青禾县第三\n高级中学") == "青禾县第三高级中学"
    assert _cell_text("总投资（万\n元）") == "总投资（万元）"
    assert _cell_text("2021—\n2023年") == "2021—2023年"
    assert _cell_text("Grade\n3 pupils") == "Grade 3 pupils"
    assert _cell_text(None) == ""


def test_which_lines_continue_a_paragraph():
    right = 520.0
    # a ragged line whose next word "5%。" did not fit
    assert _wraps(line("学前教育经费占财政性教育经费的比例不低于", 494.0), line("5%。", 118.0), right)
    assert _wraps(line("按照职责分工在项目审批资金保障用地供给", 515.0), line("编制配备等方面给予支持。", 300.0), right)
    assert not _wraps(line("规划期为五年。", 515.0), line("下一段", 200.0), right)
    # a title in a larger font is not joined to the issuer below it
    assert not _wraps(line("青禾县教育事业发展“十四五”规划", 510.0, size=26), line("青禾县人民政府", 167.0), right)
    # contents lines are one entry each, with or without their page number
    assert not _wraps(line("第三章 推进学前教育普惠优质发展……………………8", 516.0), line("第四章 推动义务教育", 516.0), right)
    assert not _wraps(line("第五章 促进普通高中多样化有特色发展…………", 506.0), line("第六章 增强职业教育", 506.0), right)


@pytest.mark.skipif(not shutil.which("libreoffice") and not shutil.which("soffice"),
                    reason="LibreOffice is needed to make a test PDF")
def test_a_table_over_a_page_break_is_one_table(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("示范县教育事业发展规划", style="Title")
    d.add_paragraph("示范县人民政府")
    for i in range(30):
        d.add_paragraph(f"第{i + 1}段说明文字，用来把表格推到页面底部附近。")
    names = ["学前三年毛入园率", "公办幼儿园在园幼儿占比", "义务教育巩固率", "高中阶段毛入学率"] * 6
    table = d.add_table(rows=len(names) + 1, cols=4)
    table.style = "Table Grid"
    for c, v in enumerate(["指标", "单位", "2020年", "2025年"]):
        table.cell(0, c).text = v
    for r, name in enumerate(names, 1):
        for c, v in enumerate([name, "%", str(90 + r / 10), "98"]):
            table.cell(r, c).text = v
    src = tmp_path / "long.docx"
    d.save(src)
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    doc = read_document(tmp_path / "long.pdf")
    assert doc.text.startswith("示范县教育事业发展规划\n示范县人民政府\n")
    [table] = doc.tables
    assert len(table.rows) == len(names) + 1
    assert [c.text for c in table.rows[0]] == ["指标", "单位", "2020年", "2025年"]
    assert "指标\t单位" not in doc.text.replace(doc.text[table.start:table.end], "")  # no header copy in the text
