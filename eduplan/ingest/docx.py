"""Word .docx reader: paragraphs and tables in body order (python-docx); a one-cell table
(a 专栏 box) is read as the paragraphs it frames."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from eduplan.errors import InputError
from eduplan.ingest.readers_base import TABLE_MARK, RawText


def read_docx(path: Path, data: bytes) -> RawText:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _old_word(path)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            "无法打开 Word 文件（文件已损坏或不是 .docx 格式）",
            location=path.name,
            hint="请用 Word 或 WPS 打开后另存为 .docx",
        ) from exc
    parts: list[str] = []
    tables: list[list[list[str]]] = []
    numbering = _HeadingNumbers()
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            box = _box_lines(block)
            if box is not None:
                parts.extend(box)
                continue
            rows = _table_rows(block)
            if rows:
                tables.append(rows)
                parts.append(TABLE_MARK)
        else:
            parts.append(numbering.text_of(block))
    title = (document.core_properties.title or "").strip() or None
    return RawText(text="\n".join(parts), tables=tables, title=title)


_WRITTEN_NUMBER = re.compile(r"^\s*(?:第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])")
_LEVEL_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$")
_CN = "一二三四五六七八九十"


class _HeadingNumbers:
    """Word's automatic heading numbers are not in the paragraph text: write them in.

    A heading paragraph (style Heading/标题 1–3) with automatic numbering and no number of
    its own gets the number Word shows in a 公文: 一、 at level 1, (一) at level 2, 1. at
    level 3, counted in document order.
    """

    def __init__(self) -> None:
        self.counts = [0, 0, 0]

    def text_of(self, paragraph) -> str:
        text = paragraph.text
        level = self._level(paragraph)
        if level is None or _WRITTEN_NUMBER.match(text) or not text.strip():
            return text
        self.counts[level - 1] += 1
        for deeper in range(level, 3):
            self.counts[deeper] = 0
        n = self.counts[level - 1]
        if level == 1:
            return f"{_cn(n)}、{text}"
        if level == 2:
            return f"({_cn(n)}){text}"
        return f"{n}.{text}"

    @staticmethod
    def _level(paragraph) -> int | None:
        ppr = paragraph._p.pPr
        style = paragraph.style.name if paragraph.style is not None else ""
        m = _LEVEL_STYLE.match(style or "")
        if not m or int(m.group(1)) > 3:
            return None
        has_numbering = ppr is not None and ppr.numPr is not None
        style_numbering = paragraph.style is not None and paragraph.style.element.pPr is not None \
            and paragraph.style.element.pPr.numPr is not None
        return int(m.group(1)) if has_numbering or style_numbering else None


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    tens, ones = divmod(n, 10)
    return _CN[tens - 1] + "十" + (_CN[ones - 1] if ones else "")


def _box_lines(table) -> list[str] | None:
    """A one-cell table is a box (专栏) drawn around paragraphs: its paragraphs, else None."""
    cells = {id(c._tc): c for row in table.rows for c in row.cells}
    if len(cells) != 1:
        return None
    [cell] = cells.values()
    return [p.text for p in cell.paragraphs]


def _table_rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            key = id(cell._tc)
            if key in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(key)
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(cells)
    return rows


def _old_word(path: Path) -> InputError:
    return InputError(
        "这是旧版 Word 二进制格式（.doc），无法直接读取",
        location=path.name,
        hint="请用 Word 或 WPS 打开后另存为 .docx，或运行 libreoffice --headless --convert-to docx",
    )
