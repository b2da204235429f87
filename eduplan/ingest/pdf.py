"""PDF reader for PDFs with a text layer (pdfplumber); scanned PDFs are refused.

Text between tables is read by cropping each page around the tables pdfplumber finds,
so a table's cells come out as rows instead of a jumble of lines. Lines that a PDF broke
inside a paragraph are joined again; page numbers (- 3 -) are dropped.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from eduplan.errors import InputError
from eduplan.ingest.readers_base import TABLE_MARK, RawText

_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$")
_ENDS_SENTENCE = tuple("。:;!?)”》")


def read_pdf(path: Path, data: bytes) -> RawText:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    parts: list[str] = []
    tables: list[list[list[str]]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                _read_page(page, parts, tables)
    except (PDFSyntaxError, ValueError, KeyError) as exc:
        raise InputError("无法打开 PDF 文件（文件已损坏）", location=path.name, hint="请重新导出 PDF") from exc
    text = "\n".join(parts)
    if len(re.sub(r"\s|" + TABLE_MARK, "", text)) < 20:
        raise InputError(
            "PDF 没有文字层（可能是扫描件），无法读取文字",
            location=path.name,
            hint="请提供原始 Word 文件，或先用 OCR 软件转换为带文字的 PDF",
        )
    return RawText(text=text, tables=tables)


def _read_page(page, parts: list[str], tables: list[list[list[str]]]) -> None:
    found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    top = 0.0
    for table in found:
        _x0, t_top, _x1, t_bottom = table.bbox
        if t_top > top:
            parts.append(_paragraphs(page.crop((0, top, page.width, t_top))))
        rows = [[" ".join((c or "").split()) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            tables.append(rows)
            parts.append(TABLE_MARK)
        top = t_bottom
    if top < page.height:
        parts.append(_paragraphs(page.crop((0, top, page.width, page.height))))


def _paragraphs(region) -> str:
    """Lines of a page region, re-joined where the PDF wrapped a paragraph.

    A line that reaches the right margin (within two characters) and does not end a
    sentence continues on the next line.
    """
    lines = [ln for ln in region.extract_text_lines() if ln["text"].strip() and not _PAGE_NUMBER.match(ln["text"])]
    if not lines:
        return ""
    right = max(ln["x1"] for ln in lines)
    out: list[str] = []
    joins = False
    for ln in lines:
        text = ln["text"].strip()
        if joins and out:
            out[-1] += text
        else:
            out.append(text)
        size = max((c.get("size", 10) for c in ln.get("chars", [])[:3]), default=10)
        joins = ln["x1"] >= right - 2 * size and not text.endswith(_ENDS_SENTENCE)
    return "\n".join(out)
