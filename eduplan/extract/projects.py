"""Construction projects (建设项目): counts, investment, floor area, seats, land, years.

Project statements sit in sentences about building schools: "谋划教育基建项目共计128个…总
建筑面积约185万平方米，总投资109亿元，需用地指标960亩", or one named project, "第二中学迁建
工程，总投资4.2亿元，新增学位2400个，2022年开工". Each such clause group becomes one
project record; a series of yearly investment (2022-2025年…分别为…) becomes one record
per year.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from eduplan.extract.grids import RawGrid
from eduplan.extract.mentions import Mention
from eduplan.extract.numbers import normalise_decimal
from eduplan.extract.tables import MEASURE_UNIT
from eduplan.extract.units import split_unit
from eduplan.extract.records import ProjectRecord, TargetRecord
from eduplan.extract.ruleset import load_rules
from eduplan.ingest.document import Document

_PROJECT_WORD = re.compile(r"项目|工程")
_BUILDING_WORD = re.compile(r"建设|新建|迁建|改扩建|扩建|改建|基建|校舍|学位|投资|建筑面积|用地|开工|竣工|投用")
_NAMED = re.compile(r"([\u4e00-\u9fff0-9()（）]{2,30}?(?:新建|迁建|改扩建|扩建|改建|建设|提升)?(?:工程|项目))")
_STAGE = [("续建", "续建"), ("前期", "前期"), ("在建", "在建"), ("竣工", "竣工"), ("投用", "投用"), ("开工", "开工"),
          ("迁建", "迁建"), ("改扩建", "改扩建"), ("扩建", "扩建"), ("新建", "新建")]
_LEVEL = [("幼儿园", "学前教育"), ("学前", "学前教育"), ("小学", "义务教育"), ("初中", "义务教育"), ("义务教育", "义务教育"),
          ("高中", "高中教育"), ("中学", "中学"), ("职业", "职业教育"), ("中职", "职业教育"), ("职校", "职业教育"),
          ("特殊教育", "特殊教育"), ("特教", "特殊教育"), ("高校", "高等教育"), ("大学", "高等教育"), ("学院", "高等教育")]
_YEAR_EVENT = re.compile(r"((?:19|20)\d\d)年(?:底|前)?(?:开工|建成|竣工|投用|投入使用|完工|完成)")


def extract_projects(doc: Document, mentions: list[Mention], targets: list[TargetRecord],
                     grids: list[RawGrid] = ()) -> list[ProjectRecord]:
    text = doc.text
    tables = [(g.start, g.end) for g in grids]
    out: list[ProjectRecord] = []
    m_starts = [m.start for m in mentions]
    targets = sorted(targets, key=lambda t: t.start)
    t_starts = [t.start for t in targets]
    for start, end in _clause_groups(text):
        if any(a <= start < b for a, b in doc.repeats) or any(a <= start < b for a, b in tables):
            continue
        chunk = text[start:end]
        if not (_PROJECT_WORD.search(chunk) and _BUILDING_WORD.search(chunk)):
            continue
        inside = mentions[bisect.bisect_left(m_starts, start):bisect.bisect_left(m_starts, end)]
        if not inside:
            continue
        record = _project(text, start, end, inside)
        if record is not None:
            near = targets[bisect.bisect_left(t_starts, start):bisect.bisect_left(t_starts, end)]
            out.extend(_yearly(record, near, start, end))
    for grid in grids:
        out.extend(table_projects(grid, text))
    out.sort(key=lambda p: p.start)
    return out


def _clause_groups(text: str):
    """Sentences, and within a sentence the parts separated by ;"""
    start = 0
    for m in re.finditer(r"[。;\n]", text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _project(text: str, start: int, end: int, mentions: list[Mention]) -> ProjectRecord | None:
    chunk = text[start:end]
    investment = floor_area = land = None
    seats = count = None
    for m in mentions:
        before = text[max(start, m.start - 12):m.start]
        if m.unit == "元" and re.search(r"投资|资金|投入|经费", before) and investment is None:
            investment = m.value
        elif m.unit == "平方米" and re.search(r"面积", before) and floor_area is None:
            floor_area = m.value
        elif m.unit == "亩" and land is None:
            land = m.value
        elif m.unit == "个" and re.search(r"学位", before + text[m.end:m.end + 2]) and seats is None:
            seats = int(m.value) if m.value is not None else None
        elif m.unit in ("个", "所") and re.search(r"项目|工程", before + text[m.end:m.end + 4]) and count is None:
            count = int(m.value) if m.value is not None else None
    if investment is None and floor_area is None and land is None and seats is None and count is None:
        return None
    named = _NAMED.search(chunk)
    name = named.group(1) if named else chunk[:30]
    name = re.sub(r"^(?:其中|全县|全市|全区|我市|我县|我区|十四五期间|“十四五”期间|,)+", "", name).strip(",: ")
    year = None
    ev = _YEAR_EVENT.findall(chunk)
    if ev:
        year = int(ev[-1])
    stage = next((label for word, label in _STAGE if word in chunk), None)
    level = next((label for word, label in _LEVEL if word in name), None)
    return ProjectRecord(name=name or "教育建设项目", quote=chunk, start=start, end=end, level=level, stage=stage,
                         count=count, investment=investment, floor_area=floor_area, seats=seats, land=land, year=year)


def _yearly(record: ProjectRecord, targets: list[TargetRecord], start: int, end: int) -> list[ProjectRecord]:
    """Add one record per year for a yearly investment series inside the same clause group."""
    series = [t for t in targets if start <= t.start < end and t.unit == "元" and t.year
              and re.search(r"资金|投资|投入", t.indicator)]
    by_name: dict[str, list[TargetRecord]] = {}
    for t in series:
        by_name.setdefault(t.indicator, []).append(t)
    series = max(by_name.values(), key=len, default=[])
    if len({t.year for t in series}) < 2:
        return [record]
    out = [record]
    for t in series:
        out.append(ProjectRecord(name=f"{record.name}（{t.year}年度投资）", quote=t.quote, start=t.start, end=t.end,
                                 level=record.level, stage=record.stage, investment=Decimal(t.value), year=t.year))
    return out


# --- project tables ------------------------------------------------------------------
_PROJECT_NAME = tuple(load_rules().tables.project_name_headers)
_MONEY_WORDS = tuple(load_rules().tables.project_money_words)
_MONEY = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<mag>亿|万)?元?")


def table_projects(grid: RawGrid, text: str) -> list[ProjectRecord]:
    """A project list (序号 | 项目名称 | 建设内容 | 总投资(万元) | 建设年限): one project per row;
    its row number is never a value."""
    headers = [re.sub(r"\s+", "", c.text) for c in grid.header]
    name_col = next((k for k, h in enumerate(headers) if h in _PROJECT_NAME or h.endswith("项目名称")), None)
    money_col = next((k for k, h in enumerate(headers) if any(w in h for w in _MONEY_WORDS)), None)
    if name_col is None or money_col is None:
        return []
    unit = MEASURE_UNIT.search(headers[money_col])
    factor = split_unit(unit.group("unit"))[0] if unit and split_unit(unit.group("unit"))[1] == "元" else 10000
    seat_col = next((k for k, h in enumerate(headers) if "学位" in h), None)
    area_col = next((k for k, h in enumerate(headers) if "面积" in h), None)
    land_col = next((k for k, h in enumerate(headers) if "用地" in h or "占地" in h), None)
    year_col = next((k for k, h in enumerate(headers) if re.search(r"年限|年度|年份|工期|起止|开竣工", h)), None)
    out: list[ProjectRecord] = []
    for row in grid.rows:
        name = row[name_col].text.strip()
        if not name:
            continue
        investment = _money(row[money_col].text, factor)
        year = None
        if year_col is not None:
            years = re.findall(r"(?:19|20)\d\d", row[year_col].text)
            year = int(years[-1]) if years else None
        out.append(ProjectRecord(
            name=name, quote=text[row[0].start:row[-1].end], start=row[0].start, end=row[-1].end,
            investment=investment, seats=_int_cell(row[seat_col].text) if seat_col is not None else None,
            floor_area=_number_cell(row[area_col].text) if area_col is not None else None,
            land=_number_cell(row[land_col].text) if land_col is not None else None, year=year,
            stage=next((label for word, label in _STAGE if word in name), None),
            level=next((label for word, label in _LEVEL if word in name), None),
        ))
    return out


def _money(cell: str, factor: int) -> Decimal | None:
    m = _MONEY.search(cell.replace(",", ""))
    if not m:
        return None
    value = Decimal(m.group("num"))
    mag = {"亿": 100000000, "万": 10000}.get(m.group("mag") or "", None)
    return normalise_decimal(value * (mag or factor))


def _number_cell(cell: str) -> Decimal | None:
    m = re.search(r"\d+(?:\.\d+)?", cell.replace(",", ""))
    return normalise_decimal(Decimal(m.group())) if m else None


def _int_cell(cell: str) -> int | None:
    value = _number_cell(cell)
    return int(value) if value is not None else None


