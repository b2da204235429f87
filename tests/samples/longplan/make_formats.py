"""Write plan.txt as the files a bureau would publish: a Word file and a saved gov web page.

The text is cut into blocks: paragraphs, tables (runs of tab-separated lines) and 专栏
boxes (a line "专栏N …" and the paragraphs after it, up to the next heading or table).
Word and web pages draw a box as a one-cell bordered table; a box holding a table keeps
its caption as a paragraph and the table as a table. Nothing is committed in binary form:
tests call these functions into a temporary directory.

    python tests/samples/longplan/make_formats.py OUT_DIR   # writes plan.docx, plan.html
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
PLAN = HERE / "plan.txt"
_HEADING = re.compile(r"^(第[一二三四五六七八九十]+[章节]|附件$|前  言$|目  录$)")


def blocks(text: str) -> list[tuple[str, object]]:
    """("title"|"h1"|"h2"|"p", str), ("table", rows) or ("box", [lines])."""
    lines = [ln for ln in text.split("\n")]
    out: list[tuple[str, object]] = []
    box: list[str] | None = None
    first = True
    for ln in lines:
        if not ln.strip():
            continue
        if "\t" in ln:
            box = None
            row = ln.split("\t")
            if out and out[-1][0] == "table":
                out[-1][1].append(row)
            else:
                out.append(("table", [row]))
            continue
        if first:
            out.append(("title", ln))
            first = False
            continue
        if ln.startswith("专栏"):
            box = [ln]
            out.append(("box", box))
            continue
        m = _HEADING.match(ln)
        if m:
            box = None
            out.append(("h2" if ln.startswith("第") and m.group(1).endswith("节") else "h1", ln))
            continue
        if box is not None:
            box.append(ln)
        else:
            out.append(("p", ln))
    # a box followed directly by a table is a caption: the table is the box
    fixed: list[tuple[str, object]] = []
    for i, (kind, value) in enumerate(out):
        if kind == "box" and len(value) == 1 and i + 1 < len(out) and out[i + 1][0] == "table":
            fixed.append(("p", value[0]))
        else:
            fixed.append((kind, value))
    return fixed


def write_docx(path: Path, text: str | None = None) -> Path:
    import docx

    d = docx.Document()
    for kind, value in blocks(text if text is not None else PLAN.read_text(encoding="utf-8")):
        if kind == "title":
            d.add_paragraph(value, style="Title")
        elif kind in ("h1", "h2"):
            d.add_paragraph(value, style="Heading 1" if kind == "h1" else "Heading 2")
        elif kind == "p":
            d.add_paragraph(value)
        elif kind == "table":
            width = max(len(r) for r in value)
            table = d.add_table(rows=len(value), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:  # a box: one bordered cell, one paragraph per line
            table = d.add_table(rows=1, cols=1)
            table.style = "Table Grid"
            cell = table.cell(0, 0)
            cell.text = value[0]
            for line in value[1:]:
                cell.add_paragraph(line)
    d.core_properties.title = ""
    d.save(path)
    return path


_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_青禾县人民政府门户网站</title>
<script>var _hmt = _hmt || [];</script><style>.bt{{font-size:22px}}</style></head>
<body>
<div class="top-bar">青禾县人民政府门户网站 | 无障碍浏览 | 长者模式 | 登录 | 注册</div>
<div class="site-head"><img src="/images/logo.png" alt="青禾县人民政府"><span>青禾县人民政府</span></div>
<ul class="main-nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjqh/">走进青禾</a></li></ul>
<table width="1000" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td class="weizhi">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ghjh/">规划计划</a></td></tr>
<tr><td>
<table width="100%" class="xxgk-meta"><tr><td>索引号：11330000MB1234567X/2021-00412</td><td>发布机构：青禾县人民政府</td></tr>
<tr><td>发文日期：2021-12-20</td><td>文号：青政发〔2021〕27号</td></tr></table>
</td></tr>
<tr><td align="center" class="bt">{title}</td></tr>
<tr><td class="fbsj">发布时间：2021-12-24 09:30 来源：县教育局 浏览次数：1,286 【字体：大 中 小】</td></tr>
<tr><td class="zw">
{body}
</td></tr>
<tr><td><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></td></tr>
</table>
<div class="relnews"><p>相关链接</p><ul><li><a href="/a/1.html">青禾县2021年教育工作要点</a></li>
<li><a href="/a/2.html">青禾县“十三五”教育事业发展规划终期评估报告</a></li></ul></div>
<div class="bottom-info">主办单位：青禾县人民政府办公室 联系电话：0571-12345678 网站标识码：3301000012
备案号：浙ICP备12345678号-1 浙公网安备 33010002000123号</div>
</body></html>
"""


def write_html(path: Path, text: str | None = None) -> Path:
    text = text if text is not None else PLAN.read_text(encoding="utf-8")
    parts: list[str] = []
    title = ""
    for kind, value in blocks(text):
        if kind == "title":
            title = value
            parts.append(f'<p align="center"><strong>{html.escape(value)}</strong></p>')
        elif kind in ("h1", "h2"):
            parts.append(f'<p style="text-align:center"><strong>{html.escape(value)}</strong></p>'
                         if kind == "h1" else f'<p style="text-indent:2em"><strong>{html.escape(value)}</strong></p>')
        elif kind == "p":
            parts.append(f'<p style="text-indent:2em">{html.escape(value)}</p>')
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n" for row in value)
            parts.append(f'<table border="1" cellspacing="0" cellpadding="4" align="center">\n{rows}</table>')
        else:
            inner = "".join(f"<p>{html.escape(line)}</p>" for line in value)
            parts.append(f'<table border="1" cellspacing="0" width="90%" align="center"><tr><td>{inner}</td></tr></table>')
    page = _PAGE.format(title=html.escape(title), body="\n".join(parts))
    path.write_text(page, encoding="utf-8")
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    print(write_docx(out / "plan.docx"), write_html(out / "plan.html"))
