"""Guess a document's title, type, period, region and issuing body from its text.

These are guesses a planner can correct (``eduplan ingest --region --type``); they follow
the way bureau documents name themselves: 《瑞安市教育事业发展“十四五”规划》,
《…三年行动方案(2023—2025年)》, 《…2020年工作总结和2021年工作要点》.
"""

from __future__ import annotations

import re


_TITLE_WORDS = re.compile(r"(规划|方案|要点|总结|报告|计划|意见|纲要|通知|通报)")
_NOISE_START = ("索引号", "发布", "来源", "组配", "生成日期", "字体", "热搜", "关怀版", "时间", "•", "·")
_TRANSMIT = re.compile(r"关于印发(.+?)的通知")
_SHARED_FILE = re.compile(r"《(.+?)\.(?:docx?|pdf|wps)")
_PERIOD = re.compile(r"[(（]\s*((?:19|20)\d\d)\s*[-—–~至]+\s*((?:19|20)\d\d)\s*年?\s*[)）]")
_BARE_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-—–~至]+\s*((?:19|20)\d\d)\s*年")
_FIVE_YEAR = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}
_REGION = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,8}?(?:自治州|自治县|省|市|县|区|旗))")
_ISSUER = re.compile(r"(?:发布机构|来源|发文机关)\s*[:：]?\s*([\u4e00-\u9fff]{3,30})")


def pick_title(given: str | None, text: str) -> str:
    """The title a file states (an HTML <title>, DOCX core properties) unless it names no
    document and the text holds a line that does: a page titled after the salutation of a
    transmittal ("州政府各委、办、局:") is the plan the notice forwards."""
    guessed = guess_title(text)
    if not given or len(given) < 4:
        return guessed
    if guessed != given and not _TITLE_WORDS.search(given) and _TITLE_WORDS.search(guessed):
        return guessed
    return given


def guess_title(text: str) -> str:
    head = text[:3000]
    m = _SHARED_FILE.search(head[:400])
    if m:
        return m.group(1).strip()
    for line in head.split("\n"):
        line = line.strip(" •·\t")
        if not (6 <= len(line) <= 80) or line.startswith(_NOISE_START):
            continue
        if _TITLE_WORDS.search(line) and not line.endswith(("。", ",", ":")):
            inner = _TRANSMIT.search(line)
            if inner:
                return inner.group(1).strip("《》")
            return line
    first = next((ln.strip() for ln in head.split("\n") if ln.strip()), "")
    return first[:60]


def guess_period(title: str, text: str) -> tuple[int, int] | None:
    m = _PERIOD.search(title) or _BARE_PERIOD.search(title)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 15:
            return a, b
    for name, span in _FIVE_YEAR.items():
        if name in title:
            return span
    years = [int(y) for y in re.findall(r"((?:19|20)\d\d)年度?(?:工作)?(?:要点|总结|计划|安排)", title)]
    if years:
        return years[-1], years[-1]
    if re.search(r"五年规划", title) or "五年" in title:
        for name, span in _FIVE_YEAR.items():
            if name in text[:3000]:
                return span
    m = _PERIOD.search(text[:5000])
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 15:
            return a, b
    for name, span in _FIVE_YEAR.items():
        if name in text[:1500]:
            return span
    # no period named: the deadline the text uses most (到2025年 …) ends a plan of the usual five years
    deadlines = re.findall(r"(?:到|至)\s*((?:19|20)\d\d)\s*年", text)
    if deadlines:
        end = max(sorted(set(deadlines)), key=deadlines.count)  # ties: the earliest (sorted, not hash order)
        return int(end) - 4, int(end)
    return None


def guess_region(title: str) -> str | None:
    m = _REGION.match(title)
    if m:
        name = m.group(1)
        if not name.startswith(("关于", "教育")):
            return name
    return None


def guess_issuer(text: str) -> str | None:
    m = _ISSUER.search(text[:3000])
    return m.group(1) if m else None
