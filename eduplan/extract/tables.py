"""Tables: what their columns mean, and the figures of each row.

Rectangular grids (``grids.py``: Word/HTML/PDF tables, TAB, pipes, one cell per line ending
in " |") are read by their header: time columns (2025年目标, 十三五期间, 基期值), measure
columns (招生数(人)), text columns whose header says what their figures are (工作任务,
完成情况). Two more layouts are read here, because only a year header tells where their
rows end:

* flattened tables in plain text, where every cell is its own line (web pages copied
  to text). Those are found by their header — two or more year cells in a row (2020,
  2025 / 2023 … 2027) after short header cells (单位, 指标, 序号) — and read cell by
  cell; an empty cell shows as one more blank line, which places values in the right
  year column;
* space-separated lines (PDFs without ruled tables) under a header line with years.

Each value becomes a candidate with its column's year and header kind as time cue; the
resolver (``timing.py``) decides: a year before the plan's first year holds results (the
baseline), later columns hold commitments, a header word (基期, 目标, 完成值) wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from eduplan.extract.numbers import normalise_decimal, parse_number, plausible
from eduplan.extract.records import TargetRecord
from eduplan.extract.ruleset import load_rules
from eduplan.extract.grids import Cell, RawGrid, raw_grids
from eduplan.extract.timing import TimeCue
from eduplan.extract.units import is_unit, split_unit
from eduplan.ingest.document import Document

# a year column header: 2020, 2025年, 2020年基期值, 2025年目标, 基期值(2020年), 2023年完成值
_YEAR_CELL = re.compile(r"^([\u4e00-\u9fff]{0,4})[(（]?((?:19|20)\d\d)\s*年?(?:底|末)?[)）]?\s*([\u4e00-\u9fff]{0,4})[(（]?[\u4e00-\u9fff]{0,3}[)）]?$")
# header words that say a column holds results, or commitments
_T = load_rules().tables  # the vocabulary of headers and cells: rules/tables.yaml
_ACTUAL_HEADER = tuple(_T.result_header_words)
_TARGET_HEADER = tuple(_T.target_header_words)
_ATTRIBUTE_CELLS = frozenset(_T.attribute_cells)
_HEADER_WORDS = tuple(_T.flat_header_words)
_CATEGORY_HEADERS = frozenset(_T.category_headers)
_DEADLINE_HEADERS = frozenset(_T.deadline_headers)
_TRAILING_HEADERS = frozenset(_T.attribute_headers) | {"备注", "说明"}
_NO_UNIT_CELLS = frozenset({"—", "-", "/", "——", "－", "无"})
_NUMERIC = re.compile(r"^[≥≤><]?\s*[-+]?\d+(?:\.\d+)?\s*%?\s*(?:以上|以下|以内|左右)?")
_VALUE = re.compile(r"(?P<cmp>[≥≤><])?\s*(?P<sign>[-−])?(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*(?P<after>以上|以下|以内|左右)?")
# a column of changes beside a column of counts: 比上年增长(%), 增长%, 增减(%), 同比
_CHANGE_HEADER = re.compile(r"^(?:比上年|较上年|同比)?(?:增长|增减|增幅|增速)")
_SUB_VALUE = re.compile(r"[(（](?P<label>[\u4e00-\u9fff]{1,6})(?P<num>\d+(?:\.\d+)?)[)）]")
_NAME_UNIT = re.compile(r"[(（]\s*(?P<unit>%|[\u4e00-\u9fff/%·]{1,5})\s*[)）]?\s*$")
_EMPTY = frozenset(_T.empty_cells)


@dataclass(slots=True)
class GridCell:
    text: str
    start: int
    end: int
    skipped: int = 0  # empty cells just before this one (flattened tables)


@dataclass(slots=True)
class Grid:
    header_start: int
    end: int
    years: list[int]
    has_unit: bool
    has_number: bool
    rows: list[list[GridCell]] = field(default_factory=list)
    kinds: list[str | None] = field(default_factory=list)  # per year column, from its header


@dataclass(slots=True)
class TableReading:
    """What the tables of a document give: candidates, the spans the table reading took
    (inline extraction skips them) and the text cells whose column says what their figures
    are (工作任务 commits, 完成情况 reports) — those are read inline with that kind."""

    records: list[TargetRecord] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    # (start, end, kind, the row's deadline, where the row starts)
    text_kinds: list[tuple[int, int, str | None, int | None, int]] = field(default_factory=list)
    grids: list[RawGrid] = field(default_factory=list)


def table_targets(doc: Document) -> TableReading:
    """Candidates from every table of the document, in every layout."""
    reading = TableReading()
    grids = raw_grids(doc, list(doc.repeats))
    for grid in grids:
        _read_raw(grid, doc.text, reading)
    reading.grids = grids
    skip = [(t.start, t.end) for t in doc.tables] + list(doc.repeats) + [(g.start, g.end) for g in grids]
    for grid in find_flat_tables(doc.text, skip=skip) + find_spaced_tables(doc.text, skip=skip):
        reading.records.extend(_grid_targets(grid, doc.text))
        reading.spans.append((grid.header_start, grid.end))
    return reading


# --- rectangular grids: what the columns mean --------------------------------------------
_NUMBER_HEADERS = tuple(_T.number_headers)
_UNIT_HEADERS = tuple(_T.unit_headers)
_ATTRIBUTE_HEADERS = tuple(_T.attribute_headers)
_LABEL_HEADERS = tuple(_T.label_headers)
_FIVE_YEAR_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_FIVE_YEAR = re.compile(r"(十[一二三四五]五)")
_BASE_WORDS = tuple(_T.base_words)
_GOAL_WORDS = tuple(_T.goal_words)
_COMMIT_COLUMN = tuple(_T.commit_columns)
_RESULT_COLUMN = tuple(_T.result_columns)
_NAME_STAGE_UNIT = re.compile(r"[(（]\s*(?P<stage>[\u4e00-\u9fff]{2,6})\s*[,，、;；]\s*(?P<unit>%|[\u4e00-\u9fff/%·]{1,5})\s*[)）]\s*$")
MEASURE_UNIT = re.compile(r"[(（]\s*(?P<unit>%|[\u4e00-\u9fff/%·]{1,5})\s*[)）]\s*$")


def time_header(cell: str) -> TimeCue | None:
    """What a column header says about time: 2020 / 2025年目标 / 基期值(2020年) / 十三五期间 /
    十三五末 / 基期 / 目标值. None for a header that is no time column."""
    t = re.sub(r"\s+", "", cell)
    if not t:
        return None
    kind = _column_kind(t)
    year = _year_of(t)
    if year is not None:
        return TimeCue(year=year, kind=kind)
    m = _FIVE_YEAR.search(t)
    if m and len(t) <= 10:
        return TimeCue(year=_FIVE_YEAR_END[m.group(1)], kind=kind)
    if len(t) <= 6 and any(w in t for w in _BASE_WORDS):
        return TimeCue(kind="actual", role="base")
    if len(t) <= 6 and any(w in t for w in _GOAL_WORDS):
        return TimeCue(kind="target", role="goal")
    return None


def _role(cell: str) -> str:
    t = re.sub(r"\s+", "", cell)
    if t in _NUMBER_HEADERS:
        return "number"
    if t in _UNIT_HEADERS:
        return "unit"
    if t in _ATTRIBUTE_HEADERS:
        return "attribute"
    if time_header(t) is not None:
        return "time"
    if t in _LABEL_HEADERS or t.endswith("名称"):
        return "label"
    return "other"


def _read_raw(grid: RawGrid, text: str, reading: TableReading) -> None:
    roles = [_role(c.text) for c in grid.header]
    labels = [k for k, r in enumerate(roles) if r == "label"]
    # 类别 | 指标 | …: the category column groups the rows, the other one names them
    category_col = next((k for k in labels if _is_category(grid.header[k].text)), None) if len(labels) > 1 else None
    label_col = next((k for k in labels if k != category_col), None)
    if label_col is None:
        label_col = next((k for k, r in enumerate(roles) if r == "other"), 0)
    unit_col = next((k for k, r in enumerate(roles) if r == "unit"), None)
    # 建设年限 / 完成时限: each row's own deadline, for the figures of that row
    deadline_col = next((k for k, c in enumerate(grid.header) if _is_deadline(c.text)), None)
    time_cols = [k for k, r in enumerate(roles) if r == "time"]
    reading.spans.append((grid.header[0].start, grid.header[-1].end))
    caption_year = _year_in_text(grid.caption)
    group = ""
    for row in grid.rows:
        if category_col is not None and not row[category_col].empty:
            group = row[category_col].text  # carried down the rows a merged cell spans
        name_cell = row[label_col]
        name = GridCell(name_cell.text, name_cell.start, name_cell.end)
        if time_cols:
            cells = [(time_header(grid.header[k].text), row[k]) for k in time_cols]
            values = [(cue, GridCell(c.text, c.start, c.end)) for cue, c in cells
                      if c.text.strip() not in _EMPTY and _NUMERIC.match(c.text.strip())]
            if not values and not any(not c.empty and c.text.strip() not in _EMPTY for _, c in cells):
                if not name_cell.empty:
                    group = name_cell.text
                continue
            if values:
                unit = row[unit_col].text.strip() if unit_col is not None else None
                reading.records.extend(row_candidates(text, name, group, unit or None, values))
                reading.spans.extend((c.start, c.end) for _, c in values)
                continue
            # 年度目标 | 完成情况 in words ("新增学位2700个"): the cells are read inline below,
            # each with the kind its column gives
        row_year = _last_year(row[deadline_col].text) if deadline_col is not None else None
        counted = None  # the measure of the last count column, for a change column after it
        for k, cell in enumerate(row):
            if k in (label_col, deadline_col) or roles[k] in ("number", "unit", "attribute") or cell.empty:
                continue
            header = grid.header[k].text.strip()
            if _CHANGE_HEADER.match(header) and counted:
                header = f"{counted}增幅(%)"  # 招生数(万人) | 比上年增长(%) → 招生数增幅
            elif _is_value_cell(cell.text):
                m = MEASURE_UNIT.search(header)
                counted = header[: m.start()].strip() if m else header
            if _is_value_cell(cell.text):
                reading.records.extend(_measure_candidates(text, name, header, cell, row_year or caption_year))
                reading.spans.append((cell.start, cell.end))
            else:
                kind = _column_text_kind(header)
                if kind or row_year:
                    reading.text_kinds.append((cell.start, cell.end, kind, row_year, row[0].start))
        kind = _column_text_kind(grid.header[label_col].text)
        if (kind or row_year) and not name_cell.empty:
            reading.text_kinds.append((name_cell.start, name_cell.end, kind, row_year, row[0].start))


def _is_deadline(header: str) -> bool:
    return re.sub(r"\s+", "", header) in _DEADLINE_HEADERS


def _last_year(cell: str) -> int | None:
    """2021—2022年 → 2022, 2023年底 → 2023: when a row's work is due."""
    years = re.findall(r"(?:19|20)\d\d", cell)
    return int(years[-1]) if years else None


def _is_category(header: str) -> bool:
    return re.sub(r"\s+", "", header) in _CATEGORY_HEADERS


def _is_attribute(cell: str) -> bool:
    return cell.strip() in _ATTRIBUTE_CELLS


def _is_value_cell(cell: str) -> bool:
    t = cell.strip()
    return bool(_NUMERIC.match(t)) and not _looks_like_name(t) and bool(re.fullmatch(r"[≥≤><]?\s*[-+]?[\d.,]+\s*%?\s*(?:以上|以下|以内|左右)?", t))


def _measure_candidates(text: str, name_cell: GridCell, header: str, cell: Cell,
                        caption_year: int | None) -> list[TargetRecord]:
    """A cell at row × measure column (招生数(人) of 普通高中 → 普通高中招生数, 人)."""
    m = MEASURE_UNIT.search(header)
    measure = header[: m.start()].strip() if m else header
    unit_text = m.group("unit") if m else None
    label = re.sub(r"[。;;,，]+$", "", name_cell.text.strip())
    kind = "actual" if any(w in measure for w in _RESULT_COLUMN) else None
    cue = TimeCue(year=caption_year, kind=kind) if caption_year else (TimeCue(kind=kind) if kind else None)
    out = []
    for _label, value, pct, cmp in _cell_values(cell.text):
        unit, factor = _unit_of(unit_text, pct, measure)
        if value is None or not plausible(abs(value) * factor):
            continue
        out.append(TargetRecord(
            indicator=f"{label}{measure}", comparator=cmp, value=normalise_decimal(value * factor), unit=unit,
            year=caption_year, kind="", quote=text[name_cell.start:cell.end], start=name_cell.start, end=cell.end,
            confidence=0.85, cue=cue, at=cell.start,
        ))
    return out


def _column_text_kind(header: str) -> str | None:
    """A text column's header says whether the figures in it commit or report."""
    h = re.sub(r"\s+", "", header)
    if any(w in h for w in _RESULT_COLUMN):
        return "actual"
    if any(w in h for w in _COMMIT_COLUMN):
        return "target"
    return None


def _year_in_text(caption: str) -> int | None:
    m = re.search(r"((?:19|20)\d\d)\s*(?:年|学年)", caption)
    return int(m.group(1)) if m else None


# --- tables as space-separated lines (PDFs without ruled tables) ----------------------------
_TOKEN = re.compile(r"\S+")


def find_spaced_tables(text: str, skip: list[tuple[int, int]] | None = None) -> list[Grid]:
    """Tables whose rows are lines of space-separated cells: a header line with two or more
    year cells (指标 单位 2020年 2025年 属性), then one line per indicator."""
    grids: list[Grid] = []
    pos = 0
    lines = text.split("\n")
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        tokens = [(m.group(), offsets[i] + m.start(), offsets[i] + m.end()) for m in _TOKEN.finditer(lines[i])]
        years = [_year_of(t) for t, _, _ in tokens]
        if (len(tokens) >= 3 and sum(y is not None for y in years) >= 2
                and all(y is not None or t in _HEADER_WORDS for (t, _, _), y in zip(tokens, years))
                and not any(a <= offsets[i] < b for a, b in (skip or []))):
            cols = [y for y in years if y is not None]
            # 类别 指标 单位 …: a row's first word is its category when a name follows it
            category = len(tokens) > 1 and tokens[0][0] in _CATEGORY_HEADERS and tokens[1][0] in _LABEL_HEADERS
            grid = Grid(offsets[i], offsets[i] + len(lines[i]), cols, any(t in ("单位", "计量单位") for t, _, _ in tokens),
                        "序号" in [t for t, _, _ in tokens],
                        kinds=[_column_kind(t) for (t, _, _), y in zip(tokens, years) if y is not None])
            j = i + 1
            while j < len(lines):
                row = [(m.group(), offsets[j] + m.start(), offsets[j] + m.end()) for m in _TOKEN.finditer(lines[j])]
                if not row:
                    j += 1
                    continue
                if len(lines[j]) > 80 or "。" in lines[j] or _is_heading(row[0][0]):
                    break
                cells = _spaced_row(row)
                if cells is None:
                    break
                k = 1 if grid.has_number and cells[0].text.isdigit() else 0
                if category and " " in cells[k].text:
                    # 学前教育 学前三年毛入园率 → the group row 学前教育, then the row itself
                    name = cells[k]
                    head, _, rest = name.text.partition(" ")
                    grid.rows.append([GridCell(head, name.start, name.start + len(head))])
                    cells[k] = GridCell(rest.strip(), name.end - len(rest.strip()), name.end)
                grid.rows.append(cells)
                grid.end = offsets[j] + len(lines[j])
                j += 1
            if grid.rows:
                grids.append(grid)
            i = j
            continue
        i += 1
    return grids


def _spaced_row(tokens: list[tuple[str, int, int]]) -> list[GridCell] | None:
    """[序号] name [unit] value… [属性] → grid cells; None when the line is no table row."""
    cells: list[GridCell] = []
    k = 0
    if len(tokens) > 1 and tokens[0][0].isdigit():
        cells.append(GridCell(*tokens[0]))
        k = 1
    name_end = k
    while name_end < len(tokens) and not (_NUMERIC.match(tokens[name_end][0]) and not _looks_like_name(tokens[name_end][0])) \
            and not (name_end > k and _is_unit_cell(tokens[name_end][0])):
        name_end += 1
    if name_end == k:
        return None
    name = " ".join(t for t, _, _ in tokens[k:name_end])
    cells.append(GridCell(name, tokens[k][1], tokens[name_end - 1][2]))
    for text, start, end in tokens[name_end:]:
        if _is_attribute(text) or text in _EMPTY:
            continue
        cells.append(GridCell(text, start, end))
    return cells


def _year_of(cell: str) -> int | None:
    m = _YEAR_CELL.match(cell.strip())
    return int(m.group(2)) if m else None


def _column_kind(cell: str) -> str | None:
    """"actual" or "target" when the header says so (2023年完成值, 2025年目标), else None."""
    if any(w in cell for w in _ACTUAL_HEADER):
        return "actual"
    if any(w in cell for w in _TARGET_HEADER):
        return "target"
    return None


# --- flattened tables ---------------------------------------------------------------------
def find_flat_tables(text: str, skip: list[tuple[int, int]] | None = None) -> list[Grid]:
    lines = _lines(text)
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _year_of(lines[j][0]) is not None:
            j += 1
        if j - i >= 2 and not any(a <= lines[i][1] < b for a, b in (skip or [])):
            years = [_year_of(lines[k][0]) for k in range(i, j)]
            if len(set(years)) == len(years):
                grid = _read_flat(text, lines, i, j, years)
                if grid is not None and grid.rows:
                    grids.append(grid)
                    i = _index_after(lines, grid.end)
                    continue
        i = max(j, i + 1)
    return grids


def _lines(text: str) -> list[tuple[str, int, int, int]]:
    """Non-empty lines: (text, start, end, blank lines before)."""
    out: list[tuple[str, int, int, int]] = []
    pos = 0
    blanks = 0
    for raw in text.split("\n"):
        if raw.strip():
            out.append((raw.strip(), pos, pos + len(raw), blanks))
            blanks = 0
        else:
            blanks += 1
        pos += len(raw) + 1
    return out


def _index_after(lines: list[tuple[str, int, int, int]], offset: int) -> int:
    for k, line in enumerate(lines):
        if line[1] >= offset:
            return k
    return len(lines)


def _read_flat(text: str, lines, i: int, j: int, years: list[int]) -> Grid | None:
    # header cells before the years: 单位 / 指标 / 序号 (at most four short lines)
    h = i
    while h > 0 and i - h < 4 and lines[h - 1][0] in _HEADER_WORDS:
        h -= 1
    header = [ln[0] for ln in lines[h:i]]
    has_unit = any(c in ("单位", "计量单位") for c in header)
    has_number = "序号" in header
    base_gap = min((lines[k][3] for k in range(i + 1, j)), default=1)
    grid = Grid(lines[h][1], lines[j - 1][2], years, has_unit, has_number,
                kinds=[_column_kind(lines[k][0]) for k in range(i, j)])
    row: list[GridCell] = []
    k = j
    while k < len(lines) and lines[k][0] in _TRAILING_HEADERS:
        grid.end = lines[k][2]  # 属性 / 备注 after the years: header cells, not a row's name
        k += 1
    while k < len(lines):
        cell_text, start, end, blanks = lines[k]
        if len(cell_text) > 40 or "。" in cell_text or cell_text.startswith(("、", "——")) or _is_heading(cell_text):
            break
        skipped = max(0, blanks - base_gap)
        if _is_attribute(cell_text):
            grid.end = end  # 预期性/约束性: the attribute column, not a row
            k += 1
            continue
        is_value = bool(_NUMERIC.match(cell_text)) and not _looks_like_name(cell_text)
        if has_unit and row and _only_label(row) and cell_text in _NO_UNIT_CELLS:
            grid.end = end  # 生师比 has no unit: the unit column's dash
            k += 1
            continue
        if not is_value and not (row and _is_unit_cell(cell_text) and has_unit and _only_label(row)):
            # a new label cell starts a new row, unless it is the row number's name
            if row and not (has_number and len(row) == 1 and row[0].text.isdigit()):
                grid.rows.append(row)
                row = []
        elif has_number and is_value and cell_text.isdigit() and (not row or _row_complete(row, len(years))):
            if row:
                grid.rows.append(row)
            row = []
        row.append(GridCell(cell_text, start, end, skipped))
        grid.end = end
        k += 1
    if row:
        grid.rows.append(row)
    return grid


def _only_label(row: list[GridCell]) -> bool:
    return all(not _NUMERIC.match(c.text) or c.text.isdigit() or _looks_like_name(c.text) for c in row)


def _row_complete(row: list[GridCell], n_years: int) -> bool:
    values = [c for c in row[1:] if _NUMERIC.match(c.text)]
    return len(values) + sum(c.skipped for c in values) >= n_years


def _looks_like_name(cell: str) -> bool:
    """3-5周岁在园幼儿 starts with digits but is a name."""
    m = _NUMERIC.match(cell)
    rest = cell[m.end():] if m else cell
    rest = _SUB_VALUE.sub("", rest).strip()
    return bool(rest) and bool(re.search(r"[\u4e00-\u9fff]{2,}", rest))


def _is_unit_cell(cell: str) -> bool:
    return is_unit(cell)


def _is_heading(cell: str) -> bool:
    return bool(re.match(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节])", cell))


# --- grid → targets ----------------------------------------------------------------------
def _grid_targets(grid: Grid, text: str) -> list[TargetRecord]:
    """Candidates of every value cell, each with its column's year and header kind as cue."""
    out: list[TargetRecord] = []
    group = ""
    n = len(grid.years)
    for row in grid.rows:
        cells = list(row)
        if grid.has_number and cells and cells[0].text.isdigit():
            cells = cells[1:]
        if not cells:
            continue
        name_cell = cells[0]
        rest = cells[1:]
        unit_text = None
        if rest and not _NUMERIC.match(rest[0].text) and _is_unit_cell(rest[0].text):
            unit_text = rest[0].text
            rest = rest[1:]
        values = [c for c in rest if _NUMERIC.match(c.text) and not _looks_like_name(c.text)]
        if not values:
            group = name_cell.text
            continue
        # place values into year columns: skipped cells move a value right
        col = 0
        placed: list[tuple[int, GridCell]] = []
        for v in values:
            col += v.skipped if grid.has_unit or v.skipped else 0
            if col >= n:
                break
            placed.append((col, v))
            col += 1
        if len(values) < n and all(v.skipped == 0 for v in values):
            # fewer values than years and no gaps: they are the last columns (targets)
            placed = [(n - len(values) + k, v) for k, v in enumerate(values)]
        cues = [(TimeCue(year=grid.years[c], kind=grid.kinds[c] if c < len(grid.kinds) else None), v) for c, v in placed]
        out.extend(row_candidates(text, name_cell, group, unit_text, cues))
    return out


def row_candidates(text: str, name_cell: GridCell, group: str, unit_text: str | None,
                   cells: list[tuple[TimeCue, GridCell]]) -> list[TargetRecord]:
    """The candidates of one indicator row: one per value cell (and per sub-value, 3.06(职高1.29))."""
    out: list[TargetRecord] = []
    name, name_unit = _split_name_unit(name_cell.text)
    unit_text = unit_text or name_unit
    display = name if len(name) > 5 or not group else f"{_group_label(group)}{name}"
    for cue, v in cells:
        for label, value, pct, cmp in _cell_values(v.text):
            unit, factor = _unit_of(unit_text, pct, name)
            if value is None or not plausible(value * factor):
                continue
            value = normalise_decimal(value * factor)
            indicator = display if not label else f"{_group_label(group) if len(name) <= 5 else ''}{label}{name}"
            out.append(TargetRecord(
                indicator=indicator, comparator=cmp, value=value, unit=unit, year=cue.year, kind="",
                quote=text[name_cell.start:v.end], start=name_cell.start, end=v.end, confidence=0.85,
                cue=cue, at=v.start,
            ))
    return out


def _group_label(group: str) -> str:
    return re.sub(r"[(（].*?[)）]", "", group).strip()


def _split_name_unit(name: str) -> tuple[str, str | None]:
    m = _NAME_UNIT.search(name)
    if m and is_unit(m.group("unit")):
        return name[: m.start()].strip(), m.group("unit")
    m = _NAME_STAGE_UNIT.search(name)
    if m and is_unit(m.group("unit")):
        # 生均教学及辅助用房面积(小学,平方米) → 小学生均教学及辅助用房面积, 平方米
        return m.group("stage") + name[: m.start()].strip(), m.group("unit")
    return name.strip(), None


def _unit_of(unit_text: str | None, pct: bool, name: str) -> tuple[str | None, int]:
    if pct:
        return "%", 1
    if unit_text and is_unit(unit_text):
        factor, base = split_unit(unit_text)
        return base, int(factor) if factor == factor.to_integral_value() else factor
    if name.endswith("年限"):
        return "年", 1
    if re.search(r"(率|比例|占比|覆盖面)$", name):
        return "%", 1
    return unit_text, 1


def _cell_values(cell: str) -> list[tuple[str, Decimal | None, bool, str | None]]:
    """'3.06(职高1.29)' → [("", 3.06), ("职高", 1.29)]; '≥98%' → [("", 98, %, ">=")]."""
    out: list[tuple[str, Decimal | None, bool, str | None]] = []
    m = _VALUE.match(cell.strip())
    if not m:
        return out
    cmp = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", None: None}[m.group("cmp")]
    cmp = cmp or {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "=", None: None}[m.group("after")]
    value = parse_number(m.group("num"))
    if value is not None and m.group("sign"):
        value = -value  # -8.4 in a 比上年增长(%) column: a fall
    out.append(("", value, bool(m.group("pct")), cmp))
    for sub in _SUB_VALUE.finditer(cell):
        out.append((sub.group("label"), parse_number(sub.group("num")), False, cmp))
    return out
