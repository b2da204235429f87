"""Read monitoring data files (CSV, XLSX or a plan export's JSON) into raw rows, nothing
checked yet.

Three layouts are understood:

* **long** — one observation per row, columns indicator, region, year, value, unit, source,
  note, basis, or their Chinese headers 指标, 区域, 年份, 数值/值, 单位, 来源, 备注, 口径
  (填报口径 of an additive indicator: 当年新增 or 累计);
* **wide** — the fill-in workbook of ``services.exchange.templates``: one row per indicator, one
  column per year (``2023`` or ``2023年``); each filled year cell is one observation;
* **export** — the ``observations`` array of ``eduplan export --format json``, one entry a row.

Row numbers are those the user sees in Excel or a text editor (header = row 1). Each value
carries the label of its column for error messages (the header text for CSV, the column
letter and header for XLSX, with the sheet name when a workbook has several data sheets).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zipfile import BadZipFile

from eduplan.errors import InputError
from eduplan.services.exchange.plan_json import load_export_json
from eduplan.services.exchange.quantities import fold

FIELDS = ("indicator", "region", "year", "value", "unit", "source", "note", "basis")
HEADERS = {
    "indicator": ("indicator", "指标", "指标名称"),
    "region": ("region", "区域", "地区", "行政区域", "区县"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "数值", "值", "监测值", "实际值"),
    "unit": ("unit", "单位", "计量单位"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "备注", "说明"),
    "basis": ("basis", "口径", "填报口径", "数据口径", "统计口径"),
}
FIELD_LABELS = {"indicator": "指标", "region": "区域", "year": "年份", "value": "数值", "unit": "单位",
                "source": "来源", "note": "备注", "basis": "填报口径"}
_BY_HEADER = {h.lower(): f for f, names in HEADERS.items() for h in names}
_YEAR_HEADER = re.compile(r"^(\d{4})年?$")
META_SHEET = "_eduplan"  # hidden sheet of the fill-in workbook: plan id


@dataclass(slots=True)
class RawRow:
    row: int
    values: dict[str, object]
    labels: dict[str, str]  # field → column label for error messages (shared per layout)
    sheet: str | None = None

    def label(self, name: str) -> str:
        return self.labels.get(name) or FIELD_LABELS[name]


@dataclass(slots=True)
class DataFile:
    name: str
    rows: list[RawRow] = field(default_factory=list)
    plan_id: int | None = None  # from a fill-in workbook
    wide: bool = False


def read_data_file(source: Path | bytes | DataFile, *, name: str | None = None) -> DataFile:
    """Raw rows of a .csv or .xlsx file (path, or bytes with ``name`` giving the suffix);
    a ``DataFile`` read already (by the upload worker) comes back as it is."""
    if isinstance(source, DataFile):
        return source
    name = name or (source.name if isinstance(source, Path) else "data.csv")
    data = source.read_bytes() if isinstance(source, Path) else source
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return _read_csv(data, name)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, name)
    if suffix == ".json":  # the observations of a plan export (eduplan export --format json)
        return _read_export(data, name)
    raise InputError(f"不支持的文件类型：{suffix or name}", location=name, hint="请使用 .csv 或 .xlsx 文件")


def _read_export(data: bytes, name: str) -> DataFile:
    """The ``observations`` array of a plan export: each entry one raw row with the fields
    of the long layout, so it is checked and stored exactly as a CSV row; row numbers
    count the entries from 1."""
    entries = load_export_json(data, name).get("observations")
    if not isinstance(entries, list):
        raise InputError("导出文件中没有 observations（监测数据）数组", location=name)
    labels = {f: f"{FIELD_LABELS[f]}（{f}）" for f in FIELDS}
    out = DataFile(name)
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise InputError(f"第{number}条监测数据不是对象", location=name)
        out.rows.append(RawRow(number, {f: entry.get(f) for f in FIELDS}, labels))
    return out


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别文件编码", location=name, hint="请另存为 UTF-8 编码的 CSV")  # pragma: no cover


def _header_map(header: list[object]) -> tuple[dict[str, int], dict[int, int]]:
    """(field → column index, column index → year) of a header row."""
    fields: dict[str, int] = {}
    years: dict[int, int] = {}
    for i, cell in enumerate(header):
        if cell is None:
            continue
        if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
            text = str(int(cell))
        else:
            text = fold(str(cell))
        key = _BY_HEADER.get(text.lower())
        if key and key not in fields:
            fields[key] = i
            continue
        m = _YEAR_HEADER.match(text)
        if m:
            years[i] = int(m.group(1))
    return fields, years


def _missing(fields: dict[str, int], wide: bool) -> list[str]:
    need = ("indicator",) if wide else ("indicator", "year", "value")
    return [FIELD_LABELS[f] for f in need if f not in fields]


def _read_csv(data: bytes, name: str) -> DataFile:
    reader = csv.reader(io.StringIO(_decode(data, name)))
    header = next(reader, None)
    if not header:
        raise InputError("文件是空的", location=name)
    fields, years = _header_map(header)
    wide = "value" not in fields and bool(years)
    missing = _missing(fields, wide)
    if missing:
        raise InputError(f"缺少列：{'、'.join(missing)}", location=name, hint=_HEADER_HINT)
    out = DataFile(name, wide=wide)
    labels = {f: header[i].strip() for f, i in fields.items()}
    year_labels = {i: {**labels, "value": header[i].strip(), "year": header[i].strip()} for i in years}
    for number, cells in enumerate(reader, 2):
        if not any(c.strip() for c in cells):
            continue
        _emit(out, number, cells, fields, years, labels, year_labels, None)
    return out


def _emit(out: DataFile, number: int, cells: list, fields: dict[str, int], years: dict[int, int],
          labels: dict[str, str], year_labels: dict[int, dict[str, str]], sheet: str | None) -> None:
    width = len(cells)
    values = {f: (cells[i] if i < width else None) for f, i in fields.items()}
    if not out.wide:
        out.rows.append(RawRow(number, values, labels, sheet))
        return
    for i, year in years.items():
        cell = cells[i] if i < width else None
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        out.rows.append(RawRow(number, {**values, "year": year, "value": cell}, year_labels[i], sheet))


def _read_xlsx(data: bytes, name: str) -> DataFile:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError("无法读取 Excel 文件", location=name, hint="请确认文件是 .xlsx 格式且未损坏") from exc
    try:
        out = DataFile(name)
        if META_SHEET in book.sheetnames:
            for key, value, *_ in book[META_SHEET].iter_rows(values_only=True):
                if key == "plan_id" and value is not None:
                    out.plan_id = int(value)
        sheets = []
        for ws in book.worksheets:
            if ws.title == META_SHEET or ws.sheet_state != "visible":
                continue
            rows = ws.iter_rows()
            first = next(rows, None)
            if not first:
                continue
            header = [c.value for c in first]
            fields, years = _header_map(header)
            if "indicator" in fields:
                sheets.append((ws.title, header, fields, years, rows))
        if not sheets:
            raise InputError("找不到表头（第1行应有“指标”列）", location=name, hint=_HEADER_HINT)
        several = len(sheets) > 1
        for title, header, fields, years, rows in sheets:
            wide = "value" not in fields and bool(years)
            missing = _missing(fields, wide)
            if missing:
                raise InputError(f"工作表“{title}”缺少列：{'、'.join(missing)}", location=name, hint=_HEADER_HINT)
            out.wide = out.wide or wide

            def label(i: int, title: str = title, header: list = header) -> str:
                prefix = f"“{title}”" if several else ""
                text = header[i] if header[i] is not None else ""
                return f"{prefix}{get_column_letter(i + 1)}（{text}）"

            labels = {f: label(i) for f, i in fields.items()}
            year_labels = {i: {**labels, "value": label(i), "year": label(i)} for i in years}
            sheet_out = DataFile(name, wide=wide)
            for number, row in enumerate(rows, 2):
                cells = [_cell_value(c) for c in row]
                if not any(c is not None and str(c).strip() for c in cells):
                    continue
                _emit(sheet_out, number, cells, fields, years, labels, year_labels, title)
            out.rows.extend(sheet_out.rows)
        return out
    finally:
        book.close()


def _cell_value(cell) -> object:
    """Cell value; a number formatted as a percentage (0.985 shown as 98.5%) becomes "98.5%"."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", None) or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return f"{(Decimal(repr(value)) * 100).normalize():f}%"
    return value


_HEADER_HINT = ("第1行为表头：指标、区域、年份、数值、单位、来源、备注（或 indicator, region, year, value, unit, "
                "source, note）；填报模板按年份分列")
