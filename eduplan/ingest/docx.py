"""Word .docx reader: paragraphs and tables in body order (python-docx)."""

from __future__ import annotations

import io
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
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = _table_rows(block)
            if rows:
                tables.append(rows)
                parts.append(TABLE_MARK)
        else:
            parts.append(block.text)
    title = (document.core_properties.title or "").strip() or None
    return RawText(text="\n".join(parts), tables=tables, title=title)


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
