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
        x0, t_top, x1, t_bottom = table.bbox
        if t_top > top:
            parts.append(_join_lines(page.crop((0, top, page.width, t_top)).extract_text() or ""))
        rows = [[" ".join((c or "").split()) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            tables.append(rows)
            parts.append(TABLE_MARK)
        top = t_bottom
    if top < page.height:
        parts.append(_join_lines(page.crop((0, top, page.width, page.height)).extract_text() or ""))


def _join_lines(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip() and not _PAGE_NUMBER.match(ln)]
    if not lines:
        return ""
    full = sorted(len(ln) for ln in lines)[int(len(lines) * 0.8)] if len(lines) > 3 else max(map(len, lines))
    out: list[str] = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        if len(prev) >= full - 2 and not prev.endswith(_ENDS_SENTENCE):
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)
