"""Read a rendered DOCX back: tables by header, text between headings."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument

from eduplan.report.rows import TARGET_COLUMNS


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def target_rows(doc: DocxDocument) -> dict[str, list[str]]:
    """Target name → the cells of its row in the chapter tables."""
    rows: dict[str, list[str]] = {}
    for table in doc.tables:
        cells = [[c.text for c in row.cells] for row in table.rows]
        if tuple(cells[0]) == TARGET_COLUMNS:
            for row in cells[1:]:
                rows[row[0]] = row
    return rows


def section_text(doc: DocxDocument, start: str, end: str) -> list[str]:
    """Paragraph texts after the heading ``start`` up to the heading ``end``."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.text == start:
            inside = True
            continue
        if p.text == end:
            break
        if inside:
            out.append(p.text)
    return out


def number(cell: str) -> float:
    """The number on the first line of a cell: "95.6\\n2023年" → 95.6, "60%" → 60."""
    return float(cell.split("\n")[0].replace(",", "").rstrip("%").lstrip("≥≤<>="))
