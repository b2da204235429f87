"""The third end-to-end plan, built at test time: a city's 十四五 plan as a Word file
(headings are plain paragraphs with written numbers, the indicators a real Word table)
and its monitoring data as an Excel workbook. All text is our own writing."""

from __future__ import annotations

from pathlib import Path

CITY = "泉州市"
TITLE = "泉州市教育事业发展“十四五”规划"

PARAGRAPHS_BEFORE_TABLE = [
    TITLE,
    "一、发展基础",
    "“十三五”以来，全市教育事业稳步发展。2020年，全市幼儿园专任教师持证率为88%。",
    "二、主要目标",
    "到2025年，全市教育现代化水平明显提升，主要发展指标见表1。",
    "表1 泉州市“十四五”教育事业发展主要指标",
]
# 序号, 指标, 单位, 2020年, 2025年, 属性; a row of one cell is a group row merged across the table
TABLE = [
    ["序号", "指标", "单位", "2020年", "2025年", "属性"],
    ["学前教育"],
    ["1", "学前三年毛入园率", "%", "92", "96", "预期性"],
    ["2", "普惠性幼儿园覆盖率", "%", "84", "90", "约束性"],
    ["义务教育"],
    ["3", "义务教育巩固率", "%", "98.6", "99.2", "约束性"],
    ["4", "义务教育大班额比例", "%", "6", "≤2", "约束性"],
    ["高中阶段教育"],
    ["5", "高中阶段毛入学率", "%", "93", "97", "预期性"],
    ["特殊教育"],
    ["6", "残疾儿童少年义务教育入学率", "%", "94", "97", "预期性"],
]


def with_category_column(table: list[list[str]]) -> list[list[str]]:
    """The same table as many plans lay it out: a 类别 column in place of 序号 and group rows."""
    rows, group = [["类别", *table[0][1:]]], ""
    for row in table[1:]:
        if len(row) == 1:
            group = row[0]
        else:
            rows.append([group, *row[1:]])
    return rows


PARAGRAPHS_AFTER_TABLE = [
    "三、主要任务",
    "（一）扩大优质教育资源供给",
    "“十四五”期间，全市累计新增中小学学位6万个，新建改扩建中小学校30所。",
    "到2025年，全市义务教育入学率保持100%，劳动年龄人口平均受教育年限达到11.2年。",
    "（二）建设高素质专业化教师队伍",
    "到2023年，全市幼儿园专任教师持证率达到93%，到2025年达到97%。",
    "（三）推进教育改革",
    "力争2022年建成省级教育现代化市。",
    "四、保障措施",
    "“十四五”期间，全市一般公共预算教育支出年均增长6%以上。"
    "市财政每年安排教育基础设施建设资金不低于5亿元。",
    "2021—2025年，市级财政分别安排学位建设补助资金1.2亿元、1.5亿元、1.8亿元、1.5亿元、1亿元。",
]

# 指标, 区域, 年份, 数值, 单位, 来源, 填报口径
DATA_HEADER = ["指标", "区域", "年份", "数值", "单位", "来源", "填报口径"]
DATA = [
    ("学前三年毛入园率", 2021, 93, "%", "教育统计"),
    ("学前三年毛入园率", 2022, 93.8, "%", "教育统计"),
    ("学前三年毛入园率", 2023, 94.6, "%", "教育统计"),
    ("普惠性幼儿园覆盖率", 2022, 85, "%", "教育统计"),
    ("普惠性幼儿园覆盖率", 2023, 86, "%", "教育统计"),
    ("义务教育巩固率", 2021, 98.7, "%", "教育统计"),
    ("义务教育巩固率", 2022, 98.5, "%", "教育统计"),
    ("义务教育巩固率", 2023, 98.4, "%", "教育统计"),
    ("义务教育大班额比例", 2021, 5.5, "%", "基教处"),
    ("义务教育大班额比例", 2022, 5.0, "%", "基教处"),
    ("义务教育大班额比例", 2023, 4.4, "%", "基教处"),
    ("高中阶段毛入学率", 2022, 95.5, "%", "教育统计"),
    ("高中阶段毛入学率", 2023, 97.2, "%", "教育统计"),
    ("残疾儿童少年义务教育入学率", 2022, 94.8, "%", "残联"),
    ("残疾儿童少年义务教育入学率", 2023, 95.2, "%", "残联"),
    ("义务教育入学率", 2021, 100, "%", "教育统计"),
    ("义务教育入学率", 2022, 100, "%", "教育统计"),
    ("义务教育入学率", 2023, 100, "%", "教育统计"),
    ("幼儿园专任教师持证率", 2022, 91, "%", "人事处"),
    ("幼儿园专任教师持证率", 2023, 93.5, "%", "人事处"),
    ("一般公共预算教育支出年均增长率", 2021, 4.0, "%", "财政局"),
    ("一般公共预算教育支出年均增长率", 2022, 3.2, "%", "财政局"),
    ("一般公共预算教育支出年均增长率", 2023, 4.3, "%", "财政局"),
    ("教育基础设施建设资金", 2021, 5.2, "亿元", "财政局"),
    ("教育基础设施建设资金", 2022, 5.5, "亿元", "财政局"),
    ("教育基础设施建设资金", 2023, 4.8, "亿元", "财政局"),
    ("学位建设补助资金", 2021, 1.2, "亿元", "财政局"),
    ("学位建设补助资金", 2022, 1.6, "亿元", "财政局"),
    ("学位建设补助资金", 2023, 1.8, "亿元", "财政局"),
    ("新增中小学学位", 2021, 12000, "个", "发展规划处", "新增"),
    ("新增中小学学位", 2022, 15000, "个", "发展规划处", "新增"),
    ("新增中小学学位", 2023, 11000, "个", "发展规划处", "新增"),
    ("新建改扩建中小学校", 2021, 5, "所", "发展规划处", "累计"),
    ("新建改扩建中小学校", 2022, 11, "所", "发展规划处", "累计"),
    ("新建改扩建中小学校", 2023, 15, "所", "发展规划处", "累计"),
    ("省级教育现代化市", 2022, "否", "", "督导室"),
    ("省级教育现代化市", 2023, "否", "", "督导室"),
]


def write_plan_docx(path: Path, table: list[list[str]] = TABLE) -> Path:
    import docx

    document = docx.Document()
    for text in PARAGRAPHS_BEFORE_TABLE:
        document.add_paragraph(text)
    width = len(table[0])
    grid = document.add_table(rows=len(table), cols=width)
    grid.style = "Table Grid"
    for r, row in enumerate(table):
        if len(row) == 1:  # a group row: one cell merged across the table
            merged = grid.cell(r, 0).merge(grid.cell(r, width - 1))
            merged.text = row[0]
            continue
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    for text in PARAGRAPHS_AFTER_TABLE:
        document.add_paragraph(text)
    document.save(path)
    return path


def write_data_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "监测数据"
    sheet.append(DATA_HEADER)
    for indicator, year, value, unit, source, *basis in DATA:
        sheet.append([indicator, CITY, year, value, unit, source, basis[0] if basis else None])
    book.save(path)
    return path
