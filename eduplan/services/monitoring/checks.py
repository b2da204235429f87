"""Check raw monitoring rows against the dictionary, regions and plan period.

A ``Checker`` is built once per import from preloaded data (no query per row) and turns
each ``RawRow`` into a ``CleanRow`` or adds every problem of the row to ``Problems``:

* unknown indicator or region — the closest names are suggested; a name that equals no
  indicator name or alias may still be one of the indicators the plans commit to, when it
  is clearly closest to it (``IndicatorMatcher.loose``: 教育建设资金投入 for the plan's
  教育建设资金分别投入), never when two are close;
* unit mismatch — 万人 → 人, 万元/亿元 → 元, 万人次 → 人次 are converted, anything else rejected;
* impossible values — below 0 (or the indicator's min_value; growth rates may fall), above
  100 for a rate unless the indicator's max_value allows more (高中阶段毛入学率 130);
* a year outside the plan period (base year to end year) when importing for a plan,
  else outside 1949 … next year;
* a non-numeric value ("98.5%", "1,234" and full-width digits are numbers);
* a fraction for a count: an indicator counted in 个, 所, 人 … and reported with no
  decimals (precision 0) takes whole numbers only (88.8 个 is refused);
* duplicates: the same indicator, region and year twice in one file;
* 填报口径 of an additive indicator (新增、累计): the 口径 column (当年新增 / 累计), else a
  name ending in （累计）/（当年新增）, else a note that is only such a word, else the 口径 the
  plan's target sets (the fill-in workbook shows it); a running total below the running
  total of an earlier year (in the file or stored) is an error (``check_totals``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz, process

from eduplan.domain import EntryBasis, IndicatorKind, decimal_text, parse_basis
from eduplan.errors import Problems
from eduplan.services.dictionary.matching import LOOSE_CUTOFF, IndicatorMatcher

PREFER_COMMITTED = 88.0  # a committed indicator beats an exact but uncommitted name only when this close
from eduplan.services.exchange.data_files import RawRow
from eduplan.services.exchange.quantities import clean_unit, convert, fold, parse_flag, parse_value, parse_year

HUNDRED = Decimal(100)
COUNT_UNITS = frozenset({"个", "所", "人", "名", "人次", "间", "座", "张", "套", "台", "项", "家", "班", "次", "处", "位",
                         "户", "件", "册", "本", "辆", "栋", "节"})


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    """What the checker needs to know about one indicator."""

    id: int
    name: str
    unit: str | None
    kind: str
    min_value: Decimal | None
    max_value: Decimal | None
    precision: int = 1

    @property
    def whole_only(self) -> bool:
        """A count: things counted one by one, reported without decimals."""
        return self.unit in COUNT_UNITS and self.precision == 0 and self.kind != IndicatorKind.GROWTH_RATE

    @property
    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        low, high = self.min_value, self.max_value
        if low is None and self.kind != IndicatorKind.GROWTH_RATE:
            low = Decimal(0)
        if high is None and self.unit == "%" and self.kind != IndicatorKind.GROWTH_RATE:
            high = HUNDRED
        return low, high


@dataclass(frozen=True, slots=True)
class CleanRow:
    row: int
    indicator_id: int
    region_id: int
    year: int
    value: Decimal
    unit: str | None
    source: str | None
    note: str | None
    sheet: str | None = None
    column: str = "数值"  # label of the value's column, for later messages
    basis: str | None = None  # 填报口径: "addition", "total" or None (a level)


NO_BASIS = {"—", "-", "–", "/", "无", "不适用"}  # a level's 口径 cell in the fill-in workbook
_BASIS_SUFFIX = re.compile(r"[(（]\s*(累计|累计值|当年|当年新增|当年值)\s*[)）]\s*$")


class RegionIndex:
    """Regions by name, code and unique short name (瑞安 → 瑞安市)."""

    def __init__(self, regions: list[tuple[int, str, str]]) -> None:  # (id, code, name)
        self._names = [name for _, _, name in regions]
        self._by_id = {region_id: name for region_id, _, name in regions}
        self._by_key: dict[str, int | None] = {}
        for region_id, code, name in regions:
            self._by_key[code] = region_id
            self._by_key[name] = region_id
        for region_id, _code, name in regions:
            for suffix in ("自治县", "市", "县", "区", "省"):
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    short = name[: -len(suffix)]
                    if short not in self._by_key:
                        self._by_key[short] = region_id
                    elif self._by_key[short] != region_id and short not in self._names:
                        self._by_key[short] = None  # ambiguous short name
                    break

    def name(self, region_id: int) -> str:
        return self._by_id.get(region_id, str(region_id))

    def find(self, text: str) -> int | None:
        return self._by_key.get(fold(text))

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        found = process.extract(fold(text), self._names, scorer=fuzz.ratio, limit=limit, score_cutoff=40)
        return [name for name, _score, _i in found]


class Checker:
    def __init__(self, *, matcher: IndicatorMatcher, rules: dict[int, IndicatorRule], regions: RegionIndex,
                 years: tuple[int, int], years_reason: str, default_region: int | None = None,
                 bases: dict[int, str] | None = None, binary: frozenset[int] = frozenset(),
                 targeted: IndicatorMatcher | None = None) -> None:
        self.matcher = matcher
        self.targeted = targeted  # the indicators plans commit to: a forgiving match when no name fits exactly
        self.bases = bases or {}  # indicator id → the 口径 its plan target sets (additive indicators)
        self.binary = binary  # indicators with a yes/no target: 是/否 are values
        self.rules = rules
        self.regions = regions
        self.years = years
        self.years_reason = years_reason
        self.default_region = default_region
        self._indicator_cache: dict[str, int | None] = {}
        self._region_cache: dict[str, int | None] = {}
        self._seen: dict[tuple[int, int, int], CleanRow] = {}
        self._contested: dict[tuple[int, int, int], list[CleanRow]] = {}

    def check(self, raw: RawRow, problems: Problems) -> CleanRow | None:
        before = len(problems.items)
        rule = self._indicator(raw, problems)
        region_id = self._region(raw, problems)
        year = self._year(raw, problems)
        value, unit = self._value(raw, rule, problems)
        if len(problems.items) > before or rule is None or region_id is None or year is None or value is None:
            return None
        basis = self._basis(raw, rule, problems)
        if len(problems.items) > before:
            return None
        clean = CleanRow(raw.row, rule.id, region_id, year, value, unit, _plain(raw.values.get("source"), 200),
                         _plain(raw.values.get("note"), 2000), raw.sheet, raw.label("value"), basis)
        key = (rule.id, region_id, year)
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = clean
            return clean
        if first.sheet is not None and first.sheet != raw.sheet:
            # The same indicator on two units' sheets of a fill-in workbook: equal values
            # are one observation; different ones are settled against the stored value.
            if first.value != value:
                self._contested.setdefault(key, [first]).append(clean)
            return None
        problems.add(raw.row, raw.label("indicator"), f"与第{first.row}行重复（同一指标、区域和年份）",
                     raw.values.get("indicator"))
        return None

    def settle(self, stored: dict, problems: Problems) -> dict[tuple[int, int, int], CleanRow]:
        """Resolve values that differ between sheets: the one that differs from the stored
        value (``stored[key].value``) wins; two different new values are an error.
        Returns key → the row to import instead of the first one."""
        winners: dict[tuple[int, int, int], CleanRow] = {}
        for key, rows in self._contested.items():
            old = stored.get(key)
            edited = [r for r in rows if old is None or r.value != old.value]
            distinct = {r.value for r in edited}
            if len(distinct) == 1:
                winners[key] = edited[0]
                continue
            first = rows[0]
            for r in rows[1:]:
                if r.value != first.value:
                    problems.add(r.row, r.column, f"与“{first.sheet}”第{first.row}行的数值不一致（同一指标、区域和年份）",
                                 decimal_text(r.value))
        return winners

    # ---- one field each ----

    def _basis(self, raw: RawRow, rule: IndicatorRule, problems: Problems) -> str | None:
        """The row's 填报口径 (see the module docstring)."""
        cell = raw.values.get("basis")
        text = fold(str(cell)) if cell is not None else ""
        if text and text not in NO_BASIS:
            if text.startswith("累计"):  # 累计（自2021年起）, as the fill-in workbook writes it
                return EntryBasis.TOTAL.value
            if text.startswith("当年"):
                return EntryBasis.ADDITION.value
            try:
                found = parse_basis(text)
            except ValueError:
                problems.add(raw.row, raw.label("basis"), "口径应为“当年新增”或“累计”", cell)
                return None
            return found.value if found else None
        name = _BASIS_SUFFIX.search(str(raw.values.get("indicator") or ""))
        if name:
            return (EntryBasis.TOTAL if name.group(1).startswith("累计") else EntryBasis.ADDITION).value
        note = str(raw.values.get("note") or "").strip()
        if note:
            try:
                found = parse_basis(note)
                if found is not None:
                    return found.value
            except ValueError:
                pass
        return self.bases.get(rule.id)

    def check_totals(self, rows: list[CleanRow], stored: dict, problems: Problems) -> None:
        """A running total never falls: for each indicator and region, the totals (this
        file's, and stored ones the file does not replace) must not decrease with the year."""
        mine = {(r.indicator_id, r.region_id, r.year): r for r in rows}
        series: dict[tuple[int, int], list[tuple[int, Decimal, CleanRow | None]]] = {}
        for (i, region, year), r in mine.items():
            if r.basis == EntryBasis.TOTAL.value:
                series.setdefault((i, region), []).append((year, r.value, r))
        for (i, region, year), old in stored.items():
            if (i, region) in series and (i, region, year) not in mine and old.basis == EntryBasis.TOTAL.value:
                series[(i, region)].append((year, old.value, None))
        for points in series.values():
            points.sort(key=lambda p: p[0])
            high: tuple[int, Decimal] | None = None
            for year, value, row in points:
                if high is not None and value < high[1] and row is not None:
                    problems.add(row.row, row.column, f"累计值不能小于{high[0]}年的累计值{decimal_text(high[1])}"
                                 "（累计值是自规划基期以来的总数，只增不减；若填的是当年新增，请把口径写为“当年新增”）",
                                 decimal_text(value))
                if high is None or value >= high[1]:
                    high = (year, value)

    def _indicator(self, raw: RawRow, problems: Problems) -> IndicatorRule | None:
        text = _text(raw.values.get("indicator"))
        if text:
            text = _BASIS_SUFFIX.sub("", text).strip() or text
        if not text:
            problems.add(raw.row, raw.label("indicator"), "指标不能为空")
            return None
        if text not in self._indicator_cache:
            hit = self.matcher.exact(text)
            if self.targeted is not None and (hit is None or not self.targeted.knows(hit.indicator_id)):
                # no name fits, or it names an indicator no plan commits to while one the
                # plans commit to is clearly meant (新增学位 for the plan's 新增学位, not the
                # dictionary's 新增学位数 that the plan did not link)
                closer = self.targeted.loose(text, cutoff=LOOSE_CUTOFF if hit is None else PREFER_COMMITTED)
                hit = closer or hit
            self._indicator_cache[text] = hit.indicator_id if hit else None
        found = self._indicator_cache[text]
        if found is None:
            close = self.matcher.suggest(text)
            hint = f"，是否指：{'、'.join(close)}" if close else "，请先在指标库中添加"
            problems.add(raw.row, raw.label("indicator"), f"指标库中没有该指标{hint}", text)
            return None
        return self.rules[found]

    def _region(self, raw: RawRow, problems: Problems) -> int | None:
        text = _text(raw.values.get("region"))
        if not text:
            if self.default_region is not None:
                return self.default_region
            problems.add(raw.row, raw.label("region"), "区域不能为空")
            return None
        if text not in self._region_cache:
            self._region_cache[text] = self.regions.find(text)
        found = self._region_cache[text]
        if found is None:
            close = self.regions.suggest(text)
            hint = f"，是否指：{'、'.join(close)}" if close else "，请先用 eduplan regions load 导入区域"
            problems.add(raw.row, raw.label("region"), f"未知区域{hint}", text)
        return found

    def _year(self, raw: RawRow, problems: Problems) -> int | None:
        value = raw.values.get("year")
        try:
            year = parse_year(value)
        except ValueError as exc:
            problems.add(raw.row, raw.label("year"), str(exc), value)
            return None
        low, high = self.years
        if not low <= year <= high:
            problems.add(raw.row, raw.label("year"), f"年份不在{self.years_reason}（{low}–{high}）内", year)
            return None
        return year

    def _value(self, raw: RawRow, rule: IndicatorRule | None, problems: Problems
               ) -> tuple[Decimal | None, str | None]:
        cell = raw.values.get("value")
        column = raw.label("value")
        binary = rule is not None and (rule.kind == IndicatorKind.BINARY or rule.id in self.binary)
        flag = parse_flag(cell) if binary else None
        try:
            value, implied = (flag, None) if flag is not None else parse_value(cell)
        except ValueError as exc:
            problems.add(raw.row, column, str(exc), cell)
            return None, None
        written = clean_unit(raw.values.get("unit"))
        if implied and written and implied != written:
            problems.add(raw.row, raw.label("unit"), f"数值带“{implied}”，与单位列“{written}”不一致", written)
            return None, None
        unit = written or implied
        if rule is None:
            return value, unit
        if rule.unit is not None:
            try:
                value = convert(value, unit, rule.unit)
            except ValueError as exc:
                problems.add(raw.row, raw.label("unit") if written else column, str(exc), unit)
                return None, None
            unit = rule.unit
        low, high = rule.bounds
        if low is not None and value < low:
            reason = "数值不能为负数" if low == 0 else f"数值低于该指标的下限 {decimal_text(low)}"
            problems.add(raw.row, column, reason, cell)
            return None, None
        if high is not None and value > high:
            reason = ("比率不能超过100%" if high == HUNDRED and rule.unit == "%"
                      else f"数值超过该指标的上限 {decimal_text(high)}{rule.unit or ''}")
            problems.add(raw.row, column, reason, cell)
            return None, None
        if rule.whole_only and value != value.to_integral_value():
            problems.add(raw.row, column, f"该指标按“{rule.unit}”计数，只能填整数（如 {value.to_integral_value()}）", cell)
            return None, None
        return value, unit


def _text(value: object, limit: int | None = None) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = fold(str(value))
    if not text:
        return None
    return text[:limit] if limit else text


def _plain(value: object, limit: int) -> str | None:
    """Free text (source, note) kept as written, only trimmed."""
    if value is None:
        return None
    text = str(value).strip()
    return text[:limit] or None

