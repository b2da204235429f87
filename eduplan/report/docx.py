"""The mid-term evaluation report as DOCX (python-docx), laid out as a 公文.

Page and type are set in ``docx_style``. Tables use the "Table Grid" style with 10.5 pt
text and a header row repeated on every page; charts are PNGs 150 mm wide. Only
python-docx APIs are used (plus the PAGE field and the repeat-header flag, two
well-formed elements of the schema), so Word and LibreOffice open the file without a
repair prompt.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
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
                                                       "Heading 1", "Heading 2", "Normal")}

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
        self._add(block.text, style.TITLE_STYLE)

    def _heading(self, block: Block) -> None:
        self._add(block.text, f"Heading {block.level}")

    def _paragraph(self, block: Block) -> None:
        p = self._add("", "Normal")
        if block.lead:
            p.add_run(block.lead).bold = True
        p.add_run(block.text)

    def _signature(self, block: Block) -> None:
        self._add(block.text, style.DATE_STYLE)

    def _page_break(self, block: Block) -> None:
        self.doc.add_page_break()

    def _chart(self, block: Block) -> None:
        assert block.draw is not None
        png = block.draw("png")
        if png is None:
            return
        p = self._add("", style.FIGURE_STYLE)
        p.add_run().add_picture(io.BytesIO(png), width=FIGURE_WIDTH)
        self._add(block.caption, style.CAPTION_STYLE)

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
            cells = row.cells
            for c, (cell, value) in enumerate(zip(cells, values)):
                paragraph = cell.paragraphs[0]
                paragraph._p.get_or_add_pPr().style = head if r == 0 else body
                paragraph.add_run(value)
                if widths:
                    cell.width = widths[c]
        _repeat_header(table.rows[0])


def _repeat_header(row) -> None:
    """Repeat the first row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
