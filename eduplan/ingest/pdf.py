"""PDF reader for PDFs with a text layer (pdfplumber); scanned PDFs are refused.

Text between tables is read from the parts of each page around the tables pdfplumber
finds (characters whose middle is outside a table), so a table's cells come out as rows instead of
a jumble of lines. Lines that a PDF broke inside a paragraph are joined again (never a
contents line, nor a title above text in a smaller font); page numbers (- 3 -) are dropped. A table broken by a page break is read
as one table, and a line break inside a cell puts no space into Chinese words.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from eduplan.errors import InputError
from eduplan.ingest.readers_base import TABLE_MARK, RawText

_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$")
_ENDS_SENTENCE = tuple("。:;!?)”》")
# the dotted leader of a contents line, with or without its page number: one entry a line
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.%‰]+[。,;:、)”]*")
_LEADER = re.compile(r"(?:[.…·]{4,}|…{2,})\s*\d{0,3}$")


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
            parts.append(_paragraphs(_region(page, top, t_top)))
        rows = [[_cell_text(c) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        if rows and _continues(parts, tables, rows, t_top, page):
            tables[-1].extend(rows[1:] if rows[0] == tables[-1][0] else rows)
        elif rows:
            tables.append(rows)
            parts.append(TABLE_MARK)
        top = t_bottom
    if top < page.height:
        parts.append(_paragraphs(_region(page, top, page.height)))


def _region(page, top: float, bottom: float):
    """The characters whose middle lies between ``top`` and ``bottom``: a text line's box
    reaches a little into the table border above or below it, so cropping would lose or
    repeat it."""
    return page.filter(lambda o: o.get("object_type") != "char" or top <= (o["top"] + o["bottom"]) / 2 < bottom)


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”—…]")


def _cell_text(cell: str | None) -> str:
    """A cell's lines joined: a space only between two Latin words (青禾县第三 / 高级中学, 2021— / 2023年)."""
    out = ""
    for line in (cell or "").split("\n"):
        line = " ".join(line.split())
        if out and line and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def _continues(parts: list[str], tables: list[list[list[str]]], rows: list[list[str]], top: float, page) -> bool:
    """A table at the top of a page with the previous table's columns, and nothing but
    page furniture between them, is that table continued over the page break."""
    if not tables or TABLE_MARK not in parts or len(rows[0]) != len(tables[-1][0]):
        return False
    last_mark = max(i for i, p in enumerate(parts) if p == TABLE_MARK)
    if any(p.strip() for p in parts[last_mark + 1:]):
        return False
    above = _region(page, 0, top).extract_text_lines()
    return all(_PAGE_NUMBER.match(ln["text"]) for ln in above)


def _paragraphs(region) -> str:
    """Lines of a page region, re-joined where the PDF wrapped a paragraph (``_wraps``)."""
    lines = [ln for ln in region.extract_text_lines() if ln["text"].strip() and not _PAGE_NUMBER.match(ln["text"])]
    if not lines:
        return ""
    right = max(ln["x1"] for ln in lines)
    out: list[str] = []
    prev = None
    for ln in lines:
        text = ln["text"].strip()
        if prev is not None and _wraps(prev, ln, right):
            out[-1] += text
        else:
            out.append(text)
        prev = ln
    return "\n".join(out)


def _wraps(line, nxt, right: float) -> bool:
    """True when ``nxt`` continues ``line``: same font size, no sentence end or contents
    leader, and ``line`` stops within two characters of the margin, plus the width of the
    unbreakable run that opens ``nxt`` (5%。 does not fit at a line end, so it moves down)."""
    text = line["text"].strip()
    if text.endswith(_ENDS_SENTENCE) or _LEADER.search(text) or abs(_size(line) - _size(nxt)) > 0.5:
        return False
    head = _UNBREAKABLE.match(nxt["text"].strip())
    chars = nxt.get("chars", [])
    lead = chars[len(head.group()) - 1]["x1"] - chars[0]["x0"] if head and len(chars) >= len(head.group()) else 0
    return line["x1"] + lead >= right - 2 * _size(line)


def _size(line) -> float:
    return max((c.get("size", 10) for c in line.get("chars", [])[:3]), default=10)
