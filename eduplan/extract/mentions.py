"""Find quantities in running text: a number, an optional magnitude and a unit.

A *mention* is the span of one quantity (3万个, 98.7%, 全覆盖, 两轮) with its value in
base units. Most numbers in a plan are quantities; the filters here drop the rest:
dates and years, ordinals (第三轮), names with digits (5G, 1+X), ages (3-5周岁), numbers
inside titles and quoted names, Chinese-numeral idioms (一批, 四个意识), and numbers that
only set a scope (3000人以上的村, 1000人规模的学校).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from eduplan.extract.numbers import CN_DIGITS, normalise_decimal, parse_number, plausible
from eduplan.extract.ruleset import RuleSet

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = f"[{CN_DIGITS}]+"
_YEARLIKE = re.compile(r"(?:19|20)\d\d$")
_FULL_WORD_BEFORE = "健完安齐保周成"
# sizes that make "N以上的X" a scope (3000人以上的村, 1万平方米以上的学校); counts (200个以上) do not
_SIZE_UNITS = {"人", "名", "平方米", "亩", "元"}
# a count earlier in the same clause (2个以上学科进入排名前30%)
_COUNT_BEFORE = re.compile(r"\d+\s*(?:个|所|项|名|人|家|门|支)(?:以上)?[^,;。,]*$")


@dataclass(slots=True)
class Mention:
    start: int  # first character of the number
    end: int  # after the unit (and 以上/以内 when present)
    value: Decimal | None
    unit: str | None
    number_end: int  # after the unit, before 以上
    upper: Decimal | None = None  # the upper bound of a range (3-5所)
    approx: bool = False  # 余, 多, 约
    chinese: bool = False
    special: str = ""  # "full" for 全覆盖, "half" for 一半, "percent_cn" for 百分之…


_RANKED = re.compile(r"(?:进入|位居|位列|保持|稳居|跻身|位于|名列)\S{0,3}前$")  # before a rank written in Chinese numerals

class MentionFinder:
    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._not_counts_of = tuple(rules.units.not_counts_of)
        self._verbs = tuple(rules.lexicon.bare_verbs) + tuple(rules.lexicon.noun_end) + ("建成", "充实", "参加", "参与")
        units = "|".join(re.escape(u) for u in rules.unit_words)
        mags = "".join(rules.magnitudes)
        num = f"(?:{_AR}|{_CN})"
        self.pattern = re.compile(
            rf"(?P<num>{num})(?:\s*[-—–~～至到]\s*(?P<upper>{num}))?"
            rf"(?P<approx1>[余多])?(?P<mag>[{mags}])?(?P<approx2>[余多])?[ ]?(?P<unit>元/[\u4e00-\u9fff·]{{1,4}}|{units})"
        )
        self.percent_cn = re.compile(rf"百分之(?P<num>{_CN}(?:点{_CN})?)")
        self.full = re.compile(r"全覆盖|全部覆盖")
        self.half = re.compile(r"(?:(?<=超过)|(?<=达到)|(?<=占到)|(?<=达)|(?<=占))一半|一半(?=以上)")
        self._chinese_commit = tuple(rules.lexicon.chinese_count_verbs)
        # 五、六位 / 三至五所: a range written in Chinese numerals
        self.cn_range = re.compile(rf"(?P<num>[一二两三四五六七八九])[、至到-](?P<upper>[二两三四五六七八九十])(?P<unit>{units})")
        self.over = re.compile(rf"(?:突破|破)(?P<num>百|千|万|百万|千万|亿)(?:大关)?(?P<unit>{units})?")
        verbs = "|".join(re.escape(w) for w, _ in rules.before_words)
        # 差异系数小学控制在0.5以内、初中控制在0.45以内: a stage may stand between the word and
        # the verb, and the next stages of the list take the same unit
        stages = "|".join(re.escape(w) for w in sorted({w for g in rules.lexicon.parallel_subjects for w in g},
                                                       key=len, reverse=True))
        self.bare = re.compile(
            "(?P<word>" + "|".join(re.escape(w) for w in rules.implicit_units) + rf")(?:{stages})?(?:分别)?(?:{verbs})?"
            rf"(?P<num>{_AR})(?P<mag>万)?(?![\d.%:：])(?P<after>以上|以下|以内|左右)?"
        )
        self.bare_next = re.compile(rf"\s*(?:[、,，](?=\s*(?:{stages}))|和|及|与)\s*(?:{stages})?(?:{verbs})?(?P<num>{_AR})"
                                    r"(?![\d.%:：万])(?:以上|以下|以内|左右)?")

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        out: list[Mention] = []
        for m in self.pattern.finditer(text, start, end):
            mention = self._from_match(text, m)
            if mention is not None:
                out.append(mention)
        for m in self.percent_cn.finditer(text, start, end):
            value = parse_number(m.group("num").replace("点", "."))
            if value is not None:
                out.append(Mention(m.start(), m.end(), value, "%", m.end(), special="percent_cn"))
        for m in self.full.finditer(text, start, end):
            if text[m.start() - 1:m.start()] in _FULL_WORD_BEFORE:
                continue  # 健全覆盖城乡: 全 belongs to the word before
            if text[m.start() - 1:m.start()] == "、" and text[m.end():m.end() + 1] == "、":
                continue  # 全天候、全参与、全覆盖、零距离: a slogan list
            if self._describes_a_system(text, m.end()):
                continue  # 全覆盖的学生资助体系: a kind of system, no figure
            out.append(Mention(m.start(), m.end(), Decimal(100), "%", m.end(), special="full"))
        for m in self.cn_range.finditer(text, start, end):
            low, high = parse_number(m.group("num")), parse_number(m.group("upper"))
            if low is not None and high is not None and high > low and m.group("unit") not in self.rules.not_before:
                out.append(Mention(m.start(), m.end(), low, m.group("unit"), m.end(), upper=high, chinese=True))
        for m in self.over.finditer(text, start, end):
            value = parse_number(m.group("num")) if m.group("num") not in ("百万", "千万") else \
                Decimal({"百万": 1000000, "千万": 10000000}[m.group("num")])
            unit = m.group("unit") or ""
            if value is not None and unit:
                out.append(Mention(m.start("num"), m.end(), value, unit, m.end(), chinese=True, special="over"))
        for m in self.half.finditer(text, start, end):
            out.append(Mention(m.start(), m.end(), Decimal(50), "%", m.end(), special="half"))
        taken = sorted((o.start, o.end) for o in out)
        for m in self.bare.finditer(text, start, end):
            value = parse_number(m.group("num"))
            if value is None or _covered(taken, m.start("num")):
                continue
            if m.group("mag"):
                value *= 10000
            unit = self.rules.implicit_units[m.group("word")] or None  # "" for an index (差异系数0.35)
            number_end = m.end("mag") if m.group("mag") else m.end("num")
            out.append(Mention(m.start("num"), m.end(), normalise_decimal(value), unit, number_end, special="implicit"))
            pos = m.end()
            while not m.group("mag") and (nxt := self.bare_next.match(text, pos, end)):
                value = parse_number(nxt.group("num"))
                if value is None or _covered(taken, nxt.start("num")):
                    break
                out.append(Mention(nxt.start("num"), nxt.end(), normalise_decimal(value), unit, nxt.end("num"),
                                   special="implicit"))
                pos = nxt.end()
        out = [m for m in out if plausible(m.value)]
        out.sort(key=lambda x: x.start)
        return _drop_overlaps(out)

    def _from_match(self, text: str, m: re.Match) -> Mention | None:
        num, unit = m.group("num"), m.group("unit")
        chinese = not num[0].isdigit()
        s, e = m.start(), m.end()
        before = text[max(0, s - 6):s]
        after = text[e:e + 8]
        if unit in self.rules.not_before and text.startswith(self.rules.not_before[unit], e):
            return None
        if unit != "%" and text.startswith(self._not_counts_of, e):
            return None  # 从5个方面推进: the outline of a text
        if chinese:
            big = any(c in num for c in "万亿") and len(num) > 1 or bool(m.group("mag"))
            approx = bool(m.group("approx1") or m.group("approx2"))
            # 进入全市前三名 / 位居前三位: a place in a ranking is a figure like 前3名
            ranked = unit in ("名", "位") and _RANKED.search(before) is not None
            committed = before.endswith(self._chinese_commit) or ranked
            # 三个优先 / 一批 are names; 十多位专家, 至少一所, 新建两所 are quantities
            if unit not in self.rules.chinese_ok and not big and not approx and not committed:
                return None
            if num == "一" and not committed and not re.search(r"(每年|一年|每学期|至少|年均)\S{0,3}$", before):
                return None
            if before.endswith(("第", "几")) or num in ("零", "〇"):
                return None
            if text[e:e + 1] and text[e:e + 1] in CN_DIGITS:  # 十九届二中全会
                return None
        if before.endswith(("第", "前第")) or (before and before[-1] in "+＋/·.") or (before and before[-1].isascii()
                                                                                   and before[-1].isalpha()):
            return None
        if after.startswith(("+", "＋")) or (after[:1].isascii() and after[:1].isalpha() and unit != "%"):
            return None
        if unit == "年":
            if _YEARLIKE.match(num) or after.startswith(("内", "来", "间", "以来", "级", "度", "起")) or (
                "." not in num and "年限" not in text[max(0, s - 25):s]
            ):
                return None
        if _YEARLIKE.match(num) and unit in ("年", "届", "级"):
            return None
        if unit in ("人", "个") and after.startswith(("岁", "周岁")):
            return None
        if after.startswith(("周岁", "岁", "月", "日", "号")):
            return None
        if text[s - 1:s] == "(" and text[e:e + 1] == ")" and unit != "%":
            return None  # 首批(9个): an aside, not a statement
        if text[s - 1:s] == "(" and re.match(r"及?以[上下]\)", text[e:e + 4]):
            return None  # 大班额(56人及以上)班级数: the scope of a name
        if text[s - 1:s] == "前" and unit == "%" and "\u4e00" <= text[e:e + 1] <= "\u9fff":
            return None  # 前5%优秀人才
        if text[s - 1:s] == "前" and unit == "%" and _COUNT_BEFORE.search(text[max(0, s - 24):s]):
            return None  # 2个以上学科进入排名前30%: the rank names what the count counts
        if unit != "%" and self._is_scope(text, s, e, unit):
            return None
        if self._inside_name(text, s):
            return None
        value = parse_number(num)
        if value is None:
            return None
        mag = m.group("mag")
        if mag:
            value *= self.rules.magnitudes[mag]
        upper = None
        if m.group("upper"):
            upper = parse_number(m.group("upper"))
            if upper is not None and mag:
                upper *= self.rules.magnitudes[mag]
            if upper is not None and upper <= value:
                return None  # 2022-2023: not a range of quantities
        unit = {"百分点": "个百分点", "万人次": "人次"}.get(unit, unit)
        if m.group("unit") == "万人次":
            value *= 10000
        stop = e
        for word, _cmp in self.rules.after_words:
            if text.startswith(word, e):
                stop = e + len(word)
                break
        return Mention(s, stop, normalise_decimal(value), unit, e,
                       upper=normalise_decimal(upper) if upper is not None else None,
                       approx=bool(m.group("approx1") or m.group("approx2")), chinese=chinese)

    def _is_scope(self, text: str, s: int, e: int, unit: str) -> bool:
        """3000人以上的村, 56人以上大班额, 1000人规模的学校, 前5%优秀人才: a scope, not a value."""
        after = text[e:e + 8]
        lex = self.rules.lexicon
        if after.startswith(tuple(lex.scope_after)):
            return True
        m = re.match(r"(?:以上|以下)\)?(的)?", after)
        if m and m.end() > 0 and re.match(r"以上|以下", after) and unit in _SIZE_UNITS:
            rest = after[m.end():]
            if m.group(1) and rest[:1] and "\u4e00" <= rest[:1] <= "\u9fff":
                return True  # …以上的村
            if rest[:1] and "\u4e00" <= rest[:1] <= "\u9fff" and not rest.startswith(self._verbs) \
                    and not self._counts_people(text, e + m.end(), unit):
                return True  # …以上大班额
        if text[s - 1:s] == "前" and text[e:e + 1] not in ("名", "位", ",", "。", "") \
                and not re.search(r"(?:开学|开园|年底|月底|年末|之|暑假|寒假|汛期|底)前$", text[max(0, s - 4):s]):
            return True  # 前5%优秀人才 (a rank); not 秋季开学前15所 (a deadline)
        return text[max(0, s - 4):s].endswith(tuple(lex.scope_before))

    def _describes_a_system(self, text: str, end: int) -> bool:
        """"全覆盖的" + a noun ending in 体系/机制/网络…: the word describes the noun."""
        run = re.match(r"的([\u4e00-\u9fff]{2,12})", text[end:end + 13])
        return bool(run) and run.group(1).endswith(tuple(self.rules.lexicon.system_nouns))

    def _counts_people(self, text: str, start: int, unit: str) -> bool:
        """培养4000名以上农民和企业职工: after a person unit, a noun naming people (its run of
        characters, or a part of it before 和/、, ends in a person word) is what is counted."""
        if unit not in ("人", "名", "位"):
            return False
        run = re.match(r"[\u4e00-\u9fff]{1,20}", text[start:start + 20])
        if not run:
            return False
        endings = tuple(self.rules.lexicon.person_endings)
        return any(part.endswith(endings) for part in re.split(r"[和及与、]", run.group()) if len(part) >= 2)

    @staticmethod
    def _inside_name(text: str, s: int) -> bool:
        """Inside 《…》 or a short quoted name “…” on the same line."""
        for open_, close in (("《", "》"), ("“", "”"), ("\"", "\"")):
            left = text.rfind(open_, max(0, s - 30), s)
            if left < 0:
                continue
            if open_ == close:
                if text.count(open_, max(0, s - 30), s) % 2 == 0:
                    continue
            elif text.rfind(close, left, s) >= 0:
                continue
            right = text.find(close, s, s + 30)
            if right >= 0 and "\n" not in text[left:right]:
                return True
        return False


def _covered(spans: list[tuple[int, int]], pos: int) -> bool:
    import bisect

    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _drop_overlaps(items: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in items:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out
