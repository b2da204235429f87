"""The supervision list (督办清单) as an XLSX workbook (openpyxl) a 督查室 can print.

Rows are the context's ``supervision`` items — only items due or at risk: targets
overdue (到期未完成), lagging (滞后), regressing (倒退) or at risk (进度偏慢), and key tasks
whose due year has come without being done. Sheets:

* 汇总 — every row;
* one sheet per unit — the rows it leads or assists (in the plan's order of units);
* 全部指标 — every evaluated target with its numbers (the report's values as numbers),
  the data annex of the report.

Columns of a 督办 sheet: 序号, 督办事项, 牵头单位, 配合单位, 现状与目标, 差距, 办理时限,
反馈情况 and 办结情况 (the last two left for the units; 办结情况 offers 已办结 / 正在办理 /
未启动). Every sheet prints on A4 landscape, one page wide (fit to width, any number of
pages tall), with the header row repeated on each page, wrapped text and row heights
estimated from the text so nothing is cut off, and page numbers in the footer. Fonts are
宋体 (text) and 黑体 (title and header) with the GB2312 character set, which Excel and WPS
substitute with an installed Chinese font when the named one is missing; LibreOffice maps
them through ``templates/fonts.conf``.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from eduplan.domain import STATUS_LABELS, STATUS_TINTS, Status
from eduplan.report import figures as f
from eduplan.report.context import NO_UNIT, ReportContext, SupervisionItem, TargetLine
from eduplan.report.rows import compact_quote
from eduplan.report.sentences import goal_text

Progress = Callable[[int, int], None]

SUMMARY_SHEET = "汇总"
ALL_SHEET = "全部指标"
SUPERVISION_COLUMNS = (
    ("序号", 5), ("督办事项", 24), ("牵头单位", 13), ("配合单位", 16), ("现状与目标", 30), ("差距", 14),
    ("办理时限", 16), ("反馈情况", 26), ("办结情况", 10),
)
TARGET_COLUMNS = (
    ("编号", 7), ("所属章节", 16), ("所在条目", 22), ("指标", 28), ("指标库名称", 22), ("单位", 8), ("目标", 18),
    ("目标值", 11), ("目标年份", 9), ("基期值", 11), ("基期年份", 9), ("最新值", 11), ("最新年份", 9),
    ("完成程度", 10), ("进度比", 9), ("状态", 14), ("目标年预测值", 12), ("预测能否达标", 12), ("责任单位", 24),
    ("规划原文", 60),
)
HEADER_ROW = 3
BODY_FONT = "宋体"
HEAD_FONT = "黑体"
GB2312 = 134
LINE_POINTS = 14.0  # one line of 10.5 pt text
STATUS_FILLS = {s.label: tint for s, tint in STATUS_TINTS.items()}  # the one palette (domain)
DONE_CHOICES = "已办结,正在办理,未启动"
_THIN = Side(style="thin", color="666666")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _font(size: float = 10.5, *, bold: bool = False, head: bool = False) -> Font:
    return Font(name=HEAD_FONT if head else BODY_FONT, size=size, bold=bold, charset=GB2312)


def cell_lines(text: object, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` characters wide (a CJK character is two
    width units, as Excel counts them), explicit line breaks included."""
    if text is None or text == "":
        return 1
    room = max(width - 1.0, 1.0)
    lines = 0
    for part in str(text).split("\n"):
        used = sum(2.0 if ord(c) > 0x2E80 else 1.05 for c in part)
        lines += max(1, math.ceil(used / room))
    return lines


def render(context: ReportContext, *, on_progress: Progress | None = None) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    units = _by_unit(context.supervision)
    total = len(units) + 2
    note = _note(context) + (f" {context.data_note}" if context.data_note else "")
    _supervision_sheet(summary, f"{context.plan.title}督办清单（截至{context.as_of}年）", note, context.supervision)
    used = {SUMMARY_SHEET, ALL_SHEET}
    for i, (unit, items) in enumerate(units.items(), 2):
        sheet = book.create_sheet(sheet_title(unit, used))
        leads = sum(1 for x in items if unit in (x.lead or x.units[:1]))
        _supervision_sheet(sheet, f"{unit}督办事项（截至{context.as_of}年）",
                           f"共{len(items)}项，其中牵头{leads}项、配合{len(items) - leads}项。请在“反馈情况”栏填写进展，"
                           f"在“办结情况”栏选择办理状态。", items)
        if on_progress:
            on_progress(i, total)
    _targets_sheet(book.create_sheet(ALL_SHEET), context)
    book.properties.title = f"{context.plan.title}督办清单"
    book.properties.creator = "eduplan"
    buffer = io.BytesIO()
    book.save(buffer)
    if on_progress:
        on_progress(total, total)
    return buffer.getvalue()


def sheet_title(name: str, used: set[str], *, empty: str = NO_UNIT) -> str:
    """A valid sheet name not in ``used`` (≤ 31 characters, no []:*?/\\), added to ``used``;
    ``empty`` when nothing of ``name`` is left."""
    base = _BAD_TITLE.sub("", name).strip()[:28] or empty
    title, n = base, 2
    while title in used:
        title, n = f"{base}{n}", n + 1
    used.add(title)
    return title


def _by_unit(items: Sequence[SupervisionItem]) -> dict[str, list[SupervisionItem]]:
    """Unit → the rows it leads or assists, units in the order they first appear."""
    out: dict[str, list[SupervisionItem]] = {}
    for item in items:
        for unit in (*(item.lead or item.units[:1]), *item.assist) or (NO_UNIT,):
            bucket = out.setdefault(unit, [])
            if item not in bucket:
                bucket.append(item)
    return out


def _note(ctx: ReportContext) -> str:
    targets = sum(1 for i in ctx.supervision if i.kind == "指标")
    tasks = len(ctx.supervision) - targets
    counts = "、".join(f"{STATUS_LABELS[s]}{ctx.counts.get(s, 0)}项" for s in Status if ctx.counts.get(s, 0))
    extra = "".join(x for x in (ctx.review_note, ctx.unit_note) if x)
    return (f"截至{ctx.as_of}年，需督办事项{len(ctx.supervision)}项：到期未完成、滞后、倒退或进度偏慢的指标{targets}项，"
            f"到期未完成的重点任务{tasks}项。全部{len(ctx.targets)}项指标：{counts or '无'}。{extra}")


def _page_setup(ws: Worksheet, columns: int) -> None:
    """A4 landscape, one page wide, header row on every page, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = BODY_FONT
    ws.print_area = f"A1:{get_column_letter(columns)}{max(ws.max_row, HEADER_ROW + 1)}"


def _head(ws: Worksheet, title: str, note: str, columns: Sequence[tuple[str, int]]) -> None:
    last = get_column_letter(len(columns))
    ws["A1"] = title
    ws["A1"].font = _font(16, head=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = note
    ws["A2"].font = _font()
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A2:{last}2")
    total = sum(w for _, w in columns)
    ws.row_dimensions[2].height = cell_lines(note, total) * LINE_POINTS + 4
    for i, (name, width) in enumerate(columns, 1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=name)
        cell.font = _font(11, head=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[HEADER_ROW].height = max(cell_lines(n, w) for n, w in columns) * LINE_POINTS + 6
    ws.freeze_panes = f"A{HEADER_ROW + 1}"


def _finish(ws: Worksheet, columns: Sequence[tuple[str, int]], rows: int, *, status_col: int | None,
            wrap_cols: Sequence[int], centre_cols: Sequence[int] = ()) -> None:
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(rows, 1)}"
    widths = [w for _, w in columns]
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + rows):
        lines = 1
        for cell in row:
            cell.border = _BORDER
            cell.font = _font()
            wrap = cell.column in wrap_cols
            cell.alignment = Alignment(vertical="center" if cell.column in centre_cols else "top", wrap_text=wrap,
                                       horizontal="center" if cell.column in centre_cols else None)
            if wrap:
                lines = max(lines, cell_lines(cell.value, widths[cell.column - 1]))
        ws.row_dimensions[row[0].row].height = lines * LINE_POINTS + 6
        if status_col is not None:
            status = row[status_col - 1]
            colour = next((c for label, c in STATUS_FILLS.items() if str(status.value or "").startswith(label)), None)
            if colour:
                status.fill = PatternFill("solid", fgColor=colour)
    _page_setup(ws, len(columns))


def _supervision_sheet(ws: Worksheet, title: str, note: str, items: Sequence[SupervisionItem]) -> None:
    _head(ws, title, note, SUPERVISION_COLUMNS)
    for n, item in enumerate(items, 1):
        lead = item.lead or item.units[:1]
        ws.append([n, f"{item.item}\n（{item.status}）", "、".join(lead) or NO_UNIT, "、".join(item.assist) or "—",
                   item.situation or item.goal, item.gap_text or "—", item.due_text or f"{item.deadline}年底前", None,
                   None])
    if not items:
        ws.cell(row=HEADER_ROW + 1, column=2, value="没有需要督办的事项")
    _finish(ws, SUPERVISION_COLUMNS, len(items), status_col=None, wrap_cols=range(2, 10), centre_cols=(1, 9))
    if items:
        choice = DataValidation(type="list", formula1=f'"{DONE_CHOICES}"', allow_blank=True)
        choice.add(f"I{HEADER_ROW + 1}:I{HEADER_ROW + len(items)}")
        ws.add_data_validation(choice)


def _targets_sheet(ws: Worksheet, ctx: ReportContext) -> None:
    _head(ws, f"{ctx.plan.title}全部指标进展（截至{ctx.as_of}年）",
          "完成程度 = (最新值 − 基期值) / (目标值 − 基期值)；进度比 = 完成程度 / 时间进度。数值为入库口径（人、元等基本单位）。",
          TARGET_COLUMNS)
    for t in ctx.targets:
        ws.append(_target_row(t))
        ws.cell(row=ws.max_row, column=14).number_format = "0.0%"
    _finish(ws, TARGET_COLUMNS, len(ctx.targets), status_col=16, wrap_cols=(2, 3, 4, 5, 7, 19, 20))


def _target_row(t: TargetLine) -> list:
    section = f"{(t.section_number or '').strip()}{(t.section_title or '').strip()}"
    meets = None if t.forecast_meets is None else ("可达标" if t.forecast_meets else "难达标")
    goal = goal_text(t)
    return [t.target_id, t.chapter.label, section, t.name, t.indicator, t.unit, goal, t.target, t.target_year,
            t.baseline.value if t.baseline else None, t.baseline.year if t.baseline else None,
            t.latest.value if t.latest else None, t.latest.year if t.latest else None, t.completion,
            _round(t.pace, 4), t.status.label, _round(t.forecast), meets, t.units_label, compact_quote(t.quote, 400)]


def _round(x: float | None, digits: int = 6) -> float | None:
    return None if x is None else round(x, digits)
