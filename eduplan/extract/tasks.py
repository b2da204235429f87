"""Key tasks (重点任务) and their responsible units (责任单位).

A task is a numbered item or a —— lead paragraph in a chapter of tasks or measures
(主要任务, 重点任务, 工作要点, 重要举措, 保障措施), or any item that names its responsible
units. Chapters of background, principles and goals hold no tasks. Units come from a
closing "(责任单位:市教育局、财政局)"; an abbreviated unit inherits the level of the
first one (财政局 → 市财政局), as the document means it.
"""

from __future__ import annotations

import re

from eduplan.extract.records import TaskRecord
from eduplan.ingest.document import Document, Section

_TASK_CHAPTER = re.compile(r"任务|举措|措施|要点|重点工作|行动|工程|保障")
_NOT_TASK_CHAPTER = re.compile(r"背景|基础|成就|成绩|形势|总结|指导思想|基本原则|总体要求|发展目标|主要目标|工作目标|存在|问题|展望")
_UNITS_LABEL = re.compile(r"(?:责任单位|牵头单位|责任部门|主责单位|牵头部门|配合单位|实施单位)\s*[:：]")
_LEVEL_PREFIX = re.compile(r"^(省|市|区|县|镇|乡)(?=[\u4e00-\u9fff]{2,})")
_AGENCY = re.compile(r"(局|委|办|厅|中心|部|署|院|会)$")


def extract_tasks(doc: Document) -> list[TaskRecord]:
    by_id = {s.id: s for s in doc.sections}
    children: dict[int, list[Section]] = {}
    for s in doc.sections:
        if s.parent is not None:
            children.setdefault(s.parent, []).append(s)
    out: list[TaskRecord] = []
    for s in doc.sections:
        if s.kind not in ("heading", "lead") or s.parent is None:
            continue
        if any(c.kind in ("heading", "lead") for c in children.get(s.id, [])):
            continue  # not a leaf: its children are the tasks
        body = doc.text[s.start:s.end].strip()
        units = responsible_units(body)
        if not units and not _in_task_chapter(s, by_id):
            continue
        out.append(TaskRecord(number=s.number, title=s.title, text=body, responsible_units=units,
                              start=s.start, end=s.start + len(body), section=s.id))
    return out


def _in_task_chapter(s: Section, by_id: dict[int, Section]) -> bool:
    chain = []
    node: Section | None = s
    while node is not None:
        chain.append(node)
        node = by_id.get(node.parent) if node.parent is not None else None
    ancestors = chain[1:]
    if any(_NOT_TASK_CHAPTER.search(a.title) for a in ancestors):
        return False
    return any(_TASK_CHAPTER.search(a.title) for a in ancestors)


def responsible_units(text: str) -> list[str]:
    """All units named after 责任单位/牵头单位 labels, in order, without duplicates."""
    units: list[str] = []
    for m in _UNITS_LABEL.finditer(text):
        body = _until_close(text, m.end())
        for name in _split_units(body):
            if name not in units:
                units.append(name)
    return _expand_levels(units)


def _until_close(text: str, i: int) -> str:
    """Text from i up to the parenthesis that closes the label's aside (or the line end)."""
    depth = 0
    j = i
    while j < len(text) and text[j] != "\n":
        ch = text[j]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth == 0:
                break
            depth -= 1
        elif ch in "。" or (ch in ";；" and depth == 0 and _UNITS_LABEL.match(text, j + 1)):
            break
        j += 1
    return text[i:j]


def _split_units(body: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in body:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、,，;；":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    out = []
    for p in parts:
        p = re.sub(r"[(（](?:牵头|配合|负责)[)）]|^(?:牵头|配合)[:：]?", "", p.strip()).strip()
        if 2 <= len(p) <= 30:
            out.append(p)
    return out


def _expand_levels(units: list[str]) -> list[str]:
    """市教育局、财政局 → 市教育局、市财政局."""
    level = None
    for u in units:
        m = _LEVEL_PREFIX.match(u)
        if m and _AGENCY.search(u):
            level = m.group(1)
            break
    if level is None:
        return units
    out = []
    for u in units:
        if not _LEVEL_PREFIX.match(u) and _AGENCY.search(u) and not u.startswith(("各", "相关", "有关")) \
                and len(u) <= 8 and not re.match(r"^[\u4e00-\u9fff]{2,}(?:市|县|区)", u):
            u = level + u
        out.append(u)
    return out
