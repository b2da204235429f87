"""Tables in every layout, as one rectangular grid of cells with offsets.

A table reaches us in many shapes: rows of cells from a Word, HTML or PDF reader; lines
of TAB-separated cells (a table pasted from Word or Excel); lines of cells between pipes
("a | b | c |", a web page flattened by a copy tool); one cell per line ending in " |".
Each layout reader here returns ``RawGrid``s: rows of ``Cell``s of equal length (an empty
cell has empty text), the header rows merged into one header, and the caption line above
the table. ``tables.py`` reads what the columns mean. (Tables whose cells are bare lines
without any delimiter, and space-separated PDF lines, are read in ``tables.py`` itself,
because only their year header tells where a row ends.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eduplan.ingest.document import Document

_NUMBER = re.compile(r"^[≥≤><]?\s*[-+]?\d+(?:,\d{3})*(?:\.\d+)?\s*%?\s*(?:以上|以下|以内|左右)?$")
_YEAR = re.compile(r"^(?:19|20)\d\d\s*年?$")
_YEARISH = re.compile(r"(?:19|20)\d\d")
_RULE = re.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")  # | --- | --- | (Markdown)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int
    end: int

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def numeric(self) -> bool:
        return bool(_NUMBER.match(self.text.strip())) and not _YEAR.match(self.text.strip())


@dataclass(slots=True)
class RawGrid:
    start: int
    end: int
    header: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""  # the short line above the table (表1 …, 全县2021年各类教育发展情况)
    layout: str = ""  # block | tab | pipe | bar


def raw_grids(doc: Document, skip: list[tuple[int, int]]) -> list[RawGrid]:
    """Every grid of the document: reader-known tables, then delimited text layouts."""
    grids = [g for g in (_from_block(doc.text, b.rows, b.start, b.end) for b in doc.tables) if g]
    covered = [(t.start, t.end) for t in doc.tables] + list(skip)
    grids.extend(_delimited(doc.text, covered))
    return grids


def _from_block(text: str, rows, start: int, end: int) -> RawGrid | None:
    cells = [[Cell(c.text, c.start, c.end) for c in row] for row in rows]
    return _assemble(text, cells, start, end, "block")


# --- delimited text --------------------------------------------------------------------
def _lines(text: str) -> list[tuple[str, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


def _split(line: str, offset: int, sep: str, *, outer: bool = True) -> list[Cell]:
    """Cells of one delimited line with their offsets (outer pipes dropped). Without
    ``outer`` (the table's first line has no leading bar) a leading bar closes an empty
    first cell: "| 普惠性幼儿园覆盖率 | % | …" under "类别 | 指标 | 单位 | …"."""
    cells: list[Cell] = []
    body_start = 0
    body_end = len(line)
    if sep == "|":
        stripped = line.rstrip()
        body_end = len(stripped) - 1 if stripped.endswith("|") else len(stripped)
        lead = len(line) - len(line.lstrip())
        body_start = lead + 1 if line[lead:lead + 1] == "|" and outer else lead
    pos = body_start
    for piece in line[body_start:body_end].split(sep):
        raw_start = pos
        left = len(piece) - len(piece.lstrip())
        value = piece.strip()
        cells.append(Cell(value, offset + raw_start + left, offset + raw_start + left + len(value)))
        pos += len(piece) + 1
    return cells


def _kind(line: str) -> str | None:
    """How a line is delimited: "tab", "pipe" (cells between bars), "bar" (one cell + " |")."""
    s = line.strip()
    if not s:
        return None
    if "\t" in s:
        return "tab"
    bars = s.count("|")
    if bars >= 2 or (bars == 1 and not s.endswith("|")):
        return "pipe"
    if bars == 1 and s.endswith("|") and len(s) <= 60:
        return "bar"
    return None


def _delimited(text: str, covered: list[tuple[int, int]]) -> list[RawGrid]:
    lines = _lines(text)
    grids: list[RawGrid] = []
    i = 0
    while i < len(lines):
        kind = _kind(lines[i][0])
        if kind is None or any(a <= lines[i][1] < b for a, b in covered):
            i += 1
            continue
        j = i
        while j < len(lines) and _kind(lines[j][0]) == kind:
            j += 1
        run = lines[i:j]
        caption = _caption(lines, i)
        if kind == "bar":
            grid = _bar_grid(text, run)
        elif len(run) >= 2:
            sep = "\t" if kind == "tab" else "|"
            outer = run[0][0].lstrip().startswith("|")
            rows = [_split(line, off, sep, outer=outer) for line, off in run if not _RULE.match(line.strip())]
            grid = _assemble(text, rows, run[0][1], run[-1][1] + len(run[-1][0]), kind)
        else:
            grid = None
        if grid is not None:
            grid.caption = caption
            grids.append(grid)
        i = max(j, i + 1)
    return grids


def _caption(lines: list[tuple[str, int]], i: int) -> str:
    """The nearest non-empty line above a table, when it is short enough to be a caption."""
    k = i - 1
    while k >= 0 and not lines[k][0].strip():
        k -= 1
    if k >= 0 and len(lines[k][0].strip()) <= 40 and not lines[k][0].strip().endswith("。"):
        return lines[k][0].strip()
    return ""


def _bar_grid(text: str, run: list[tuple[str, int]]) -> RawGrid | None:
    """One cell per line: the header runs up to the label of the first row, which is the
    cell before the first number; rows then hold as many cells as the header."""
    cells = [_split(line, off, "|")[0] for line, off in run]
    first = next((k for k, c in enumerate(cells) if c.numeric), None)
    if first is None or first < 3:
        return None
    width = first - 1
    header, body = cells[:width], cells[width:]
    rows = [body[k:k + width] for k in range(0, len(body), width)]
    rows = [r + [Cell("", r[-1].end, r[-1].end)] * (width - len(r)) for r in rows if r]
    return _assemble(text, [header] + rows, run[0][1], run[-1][1] + len(run[-1][0]), "bar")


# --- header rows -------------------------------------------------------------------------
def _assemble(text: str, rows: list[list[Cell]], start: int, end: int, layout: str) -> RawGrid | None:
    """Square the rows and merge the header rows (the rows before the first with a number)."""
    rows = [r for r in rows if any(not c.empty for c in r)]
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)
    first_data = next((k for k, r in enumerate(rows) if any(c.numeric for c in r)), None)
    if first_data is None or first_data == 0 or first_data > 3:
        return None
    top = rows[0] + [Cell("", rows[0][-1].end, rows[0][-1].end)] * (width - len(rows[0]))
    rows = [r if len(r) == width or k < first_data else _aligned(r, top) for k, r in enumerate(rows)]
    rows = [r + [Cell("", r[-1].end, r[-1].end)] * (width - len(r)) for r in rows]
    header = _merge_header(rows[:first_data])
    return RawGrid(start, end, header, rows[first_data:], layout=layout)


def _aligned(row: list[Cell], header: list[Cell]) -> list[Cell]:
    """A row short of cells lost them at its start (a merged 类别 cell whose text stands in an
    earlier row, leading tabs trimmed) or at its end (an empty 属性): the side where its
    numbers, units and attributes fall under headers that hold such cells."""
    missing = len(header) - len(row)
    front = [Cell("", row[0].start, row[0].start)] * missing + row
    back = row + [Cell("", row[-1].end, row[-1].end)] * missing
    return front if _fit(front, header) > _fit(back, header) else back


def _fit(row: list[Cell], header: list[Cell]) -> int:
    """How many of the row's cells sit under a header of their sort."""
    score = 0
    for cell, head in zip(row, header):
        h = head.text.replace(" ", "")
        if cell.empty:
            continue
        if cell.numeric:
            score += bool(_YEARISH.search(h) or any(w in h for w in ("值", "目标", "基期", "现状", "数")))
        elif cell.text in ("预期性", "约束性"):
            score += "属性" in h or "性质" in h
        elif len(cell.text) <= 4 and not re.search(r"[\u4e00-\u9fff]{3}", cell.text):
            score += "单位" in h  # %, 万人, 个
        else:
            score += not (_YEARISH.search(h) or "单位" in h or "属性" in h)
    return score


def _merge_header(rows: list[list[Cell]]) -> list[Cell]:
    """Several header rows → one. A lower row that ends in m empty cells lost its first m
    cells to cells spanning both rows (项目名称 over two rows): it is shifted right by m.
    A column's header is the lowest non-empty cell, with the cell above as a prefix when
    the upper one spans several columns (2025年 over 目标 | 完成)."""
    merged = list(rows[0])
    for row in rows[1:]:
        trailing = 0
        for c in reversed(row):
            if not c.empty:
                break
            trailing += 1
        lead = len(row) - trailing
        if 0 < trailing < len(row) and all(not c.empty for c in merged[:trailing]):
            row = merged[:trailing] + row[:lead]
        for k, c in enumerate(row):
            if c.empty:
                continue
            above = merged[k]
            if not above.empty and above.text != c.text and _spans(rows[0], k):
                merged[k] = Cell(above.text + c.text, c.start, c.end)
            else:
                merged[k] = c
    return merged


def _spans(row: list[Cell], k: int) -> bool:
    """True when the header cell above column k covers several columns (empty neighbours)."""
    return k + 1 < len(row) and row[k + 1].empty and not row[k].empty and k > 0
