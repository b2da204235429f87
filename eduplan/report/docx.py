"""The mid-term evaluation report as DOCX (python-docx), laid out as a 公文.

Page and type are set in ``docx_style``. Tables use the "Table Grid" style with 10.5 pt
text, column widths from their text (``layout``: they add up to the 156 mm text width
and never break a figure), a header row repeated on every page and rows that do not
break across pages; charts are PNGs at most 150 mm wide, their caption kept on the same
page. The title is broken into balanced lines. Only python-docx APIs are used (plus the
PAGE field, the repeat-header and can't-split flags, well-formed elements of the
schema), so Word and LibreOffice open the file without a repair prompt.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from eduplan.report import docx_style as style
from eduplan.report.context import ReportContext
from eduplan.report.outline import Block, outline

Progress = Callable[[int, int], None]
FIGURE_WIDTH = Mm(150)


def render(context: ReportContext, *, on_progress: Progress | None = None) -> bytes:
    doc = Document()
    style.set_up(doc)
    props = doc.core_properties
    props.title, props.author, props.subject = context.title, "eduplan", context.plan.title
    props.keywords, props.comments = "中期评估", f"截至{context.as_of}年"
    blocks = outline(context)
    writer = _Writer(doc)
    for i, block in enumerate(blocks, 1):
        writer.write(block)
        if on_progress:
            on_progress(i, len(blocks))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        styles = doc.styles
        self.styles = {name: styles[name] for name in (style.TITLE_STYLE, style.TABLE_STYLE, style.TABLE_HEAD_STYLE,
                                                       style.CAPTION_STYLE, style.FIGURE_STYLE, style.DATE_STYLE,
                                                       style.ADDRESSEE_STYLE, "Heading 1", "Heading 2", "Normal")}

    def write(self, block: Block) -> None:
        getattr(self, f"_{block.kind}")(block)

    def _add(self, text: str, style_name: str) -> Paragraph:
        """A paragraph in the named style. The style id goes straight into the paragraph
        properties: ``add_paragraph(style=...)`` looks the default style up anew on every
        call, which cost a second on a 200-target report."""
        p = self.doc.add_paragraph(text)
        if style_name != "Normal":
            p._p.get_or_add_pPr().style = self.styles[style_name].style_id
        return p

    def _title(self, block: Block) -> None:
        p = self._add("", style.TITLE_STYLE)
        for i, line in enumerate(block.lines or (block.text,)):
            run = p.add_run(line)
            if i < len(block.lines) - 1:
                run.add_break()

    def _addressee(self, block: Block) -> None:
        self._add(block.text, style.ADDRESSEE_STYLE)

    def _heading(self, block: Block) -> None:
        self._add(block.text, f"Heading {block.level}")

    def _paragraph(self, block: Block) -> None:
        p = self._add("", "Normal")
        if block.lead:
            p.add_run(block.lead).bold = True
        lines = block.text.split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
        if block.name == "annex" and len(lines) > 1:  # 附件：1.… / 2.… aligned under the first item
            p.paragraph_format.left_indent = Pt(80)  # 附件： is five characters of 三号 with the indent
            p.paragraph_format.first_line_indent = Pt(-48)

    def _signature(self, block: Block) -> None:
        for i, line in enumerate(block.lines or (block.text,)):
            p = self._add(line, style.DATE_STYLE)
            if i:
                p.paragraph_format.space_before = 0

    def _page_break(self, block: Block) -> None:
        self.doc.add_page_break()

    def _chart(self, block: Block) -> None:
        assert block.draw is not None
        png = block.draw("png")
        if png is None:
            return
        p = self._add("", style.FIGURE_STYLE)  # keeps with the next paragraph: its caption
        p.add_run().add_picture(io.BytesIO(png), width=FIGURE_WIDTH)
        caption = self._add(block.caption, style.CAPTION_STYLE)
        caption.paragraph_format.keep_with_next = False

    def _table(self, block: Block) -> None:
        self._add(block.caption, style.CAPTION_STYLE)
        table = self.doc.add_table(rows=len(block.rows) + 1, cols=len(block.columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Mm(w) for w in block.widths] if block.widths else None
        if widths:
            for column, width in zip(table.columns, widths):
                column.width = width
        head, body = self.styles[style.TABLE_HEAD_STYLE].style_id, self.styles[style.TABLE_STYLE].style_id
        for r, (row, values) in enumerate(zip(table.rows, [block.columns, *block.rows])):
            _keep_row(row)
            cells = row.cells
            for c, (cell, value) in enumerate(zip(cells, values)):
                paragraph = cell.paragraphs[0]
                paragraph._p.get_or_add_pPr().style = head if r == 0 else body
                paragraph.add_run(value)
                if widths:
                    cell.width = widths[c]
        _repeat_header(table.rows[0])


def _keep_row(row) -> None:
    """A row is never split across two pages."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _repeat_header(row) -> None:
    """Repeat the first row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
