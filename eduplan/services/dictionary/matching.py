"""Match indicator names as plans write them to the indicator dictionary (指标库).

Plans name the same indicator in many ways (公办园在园幼儿占比, 公办(公益)幼儿园在园幼儿
覆盖面, 全县公办幼儿园在园幼儿比例 …) while names that differ by two characters are
different indicators (义务教育巩固率 / 义务教育入学率, 高中阶段毛入学率 / 高等教育毛入学率).
So matching takes three steps:

1. ``normalise``: NFKC (full-width → half-width), drop bracketed qualifiers (公办(公益)→公办),
   punctuation, quotes and spaces, leading scope words (全县, 十四五 …), and unify a few
   synonyms (幼儿园 → 园, 比率/占比 → 比例, 覆盖率 → 覆盖面, 中小学生 → 学生 …). Names equal
   after normalisation match with score 100.
2. ``compatible``: two names that measure different things (a rate and a count; a rate
   and a county that passed an assessment) never match, and neither does a name narrowed
   by a scope word the dictionary entry lacks (新增幼儿园学位数 is not 新增学位数, 学前一年
   is not 学前三年, 新发近视率 is not 近视率).
3. ``SCORER``: rapidfuzz ``fuzz.ratio`` on the characters of the normalised names (Indel
   similarity; ``token_set_ratio`` degenerates to it, since Chinese has no spaces between
   words), best over the canonical name and every alias.

The threshold is measured, not guessed. ``tests/services/dictionary/data/indicator_names.csv`` holds
86 labelled names (55 with an indicator, 31 hard negatives such as 义务教育巩固率 vs
义务教育入学率, 高中阶段 vs 高等教育毛入学率); steps 1–2 were tuned on it.
``indicator_names_holdout.csv`` holds 60 more, in the phrasing of the seed plans, written
after tuning and not tuned on (several of its names are dictionary aliases, so its recall is
flattering). ``bench/indicator_threshold.py [--holdout]`` prints (shipped dictionary)::

    tuning set (86)                              held-out set (60)
    threshold  precision recall  F1   TP FP FN    precision recall  F1   TP FP FN
      60        0.932    1.000  0.965 55  4  0     0.676    0.958  0.793 23 11  1
      70        0.931    0.982  0.956 54  4  1     0.793    0.958  0.868 23  6  1
      75        0.947    0.982  0.964 54  3  1     0.885    0.958  0.920 23  3  1
      80        0.982    0.982  0.982 54  1  1     0.958    0.958  0.958 23  1  1
      85        1.000    0.945  0.972 52  0  3     0.958    0.958  0.958 23  1  1   <- chosen
      88        1.000    0.891  0.942 49  0  6     1.000    0.958  0.979 23  0  1
      90        1.000    0.855  0.922 47  0  8     1.000    0.958  0.979 23  0  1
      95        1.000    0.636  0.778 35  0 20     1.000    0.958  0.979 23  0  1

85 is the lowest threshold without a wrong link on the tuning set; a wrong link silently
mixes two indicators, a missed one only costs a planner a merge. The one held-out error at
85 is 平均受教育年限 → 儿童平均预期受教育年限 (88), an ambiguous name.

Qualifiers (``extract/rules/qualifiers.yaml``: 特殊教育/残疾, 农村/城区, 公办/民办, 职高/普高,
随迁子女, 男/女 …) must be the same on both sides (``compatible``): a third labelled file,
``indicator_names_qualifiers.csv`` (52 names, qualified ones beside the general ones, seed
wordings), brings the labelled names to 198. At 85 (``--all``): precision 0.990, recall
0.941 (96 TP, 1 FP, 6 FN); on the qualifier set alone precision 1.000, recall 0.913.

Names below the threshold are not linked; ``services.dictionary.indicators`` then creates a new
indicator flagged ``needs_review`` for a planner to merge or confirm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from eduplan.extract.qualifiers import load_qualifiers

THRESHOLD = 85.0

_BRACKETS = re.compile(r"[(\[（【〔［][^()\[\]（）【】〔〕［］]{0,12}[)\]）】〕］]")
_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>·•、，,。.;；:：!！?？/\\|—\-_~～…()\[\]（）【】]")
_SCOPE = re.compile(r"^(?:十[一二三四五六七八九]五(?:期间|时期|末)?|(?:全|我|本)(?:省|市|县|区|镇|乡)|各地|全国|"
                    r"到?\d{4}年(?:底|末)?)+")
_SYNONYMS = (
    ("人园率", "入园率"),  # 入 read as 人 by OCR (毛人园率)
    ("人学率", "入学率"),
    ("幼儿园", "园"),
    ("中小学生", "学生"),
    ("覆盖率", "覆盖面"),
    ("比率", "比例"),
    ("占比", "比例"),
    ("高中段", "高中阶段"),
    ("达标率", "合格率"),
    ("数量", "数"),
    ("在园幼儿覆盖面", "在园幼儿比例"),  # share of the children in kindergarten: 覆盖率 = 占比 here
)


def normalise(name: str) -> str:
    """The comparable form of an indicator name (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    previous = None
    while previous != text:  # nested or repeated qualifiers
        previous = text
        text = _BRACKETS.sub("", text)
    text = _PUNCT.sub("", text)
    text = _SCOPE.sub("", text)
    for old, new in _SYNONYMS:
        text = text.replace(old, new)
    return text


# What a name measures, read from its last word. Two names that measure different things
# (a rate and the county that passed an assessment; a count and a share) never match.
_MEASURES = (
    ("rate", re.compile(r"(?:率|比例|覆盖面|比重)$")),
    ("count", re.compile(r"(?:数|人次|学位|位)$")),
    ("years", re.compile(r"年限$")),
    ("area", re.compile(r"面积$")),
    ("binary", re.compile(r"(?:县|市|区|评估|验收|认定)$")),
)


def measure_of(key: str) -> str | None:
    """rate, count, years, area, binary or None (unknown) for a normalised name."""
    for measure_name, pattern in _MEASURES:
        if pattern.search(key):
            return measure_name
    return None


# Scope words: a name narrowed by one the dictionary entry lacks is another indicator
# (新增幼儿园学位数 is part of 新增学位数; 学前一年 is not 学前三年; 新发近视率 is not 近视率).
# The reverse is allowed: plans often drop a scope the canonical name spells out.
_SCOPES = tuple(re.compile(p) for p in (
    r"学前", r"(?<!中)小学", r"初中", r"高中", r"中职|职业", r"高等|高校", r"义务", r"老年|老人", r"特殊|残疾",
    r"民办", r"公办", r"普惠", r"(?<![校家])园(?!区)", r"新发", r"一年", r"[二两]年", r"三年", r"优秀", r"优良",
    r"合格", r"城区|城镇", r"农村|乡村", r"乡镇", r"研究生", r"女",
))


def compatible(query: str, candidate: str) -> bool:
    """Whether two normalised names may name the same indicator at all: the same kind of
    measure, no scope word the candidate lacks, and exactly the same qualifiers
    (``extract/rules/qualifiers.yaml``: 特殊教育/残疾, 农村/城区, 公办/民办, 职高/普高,
    随迁子女, 男/女 …) — in both directions, so 义务教育入学率 never links to 残疾儿童少年义务
    教育入学率 and the reverse."""
    mq, mc = measure_of(query), measure_of(candidate)
    if mq is not None and mc is not None and mq != mc:
        return False
    if _QUALIFIERS.of(query) != _QUALIFIERS.of(candidate):
        return False
    return not any(p.search(query) and not p.search(candidate) for p in _SCOPES)


_QUALIFIERS = load_qualifiers()


# Similarity 0–100 of two normalised names (a rapidfuzz scorer; bench/ swaps it to compare).
SCORER = fuzz.ratio

# The forgiving match of monitoring files (``IndicatorMatcher.loose``), against the few
# indicators a plan commits to: 教育建设资金投入 for 教育建设资金分别投入, 中小学教师培训人次 for
# 每年培训中小学教师, 近视率 for 中小学生近视率 — and nothing when two candidates are close.
LOOSE_CUTOFF = 80.0
LOOSE_MARGIN = 8.0


def loose_score(a: str, b: str) -> float:
    """Max of plain similarity, similarity of the characters in sorted order (word order
    differs: 公办园新增数 / 新增公办园) and, for a name of at least 3 characters inside the
    other, partial similarity discounted a little."""
    plain = fuzz.ratio(a, b)
    unordered = fuzz.ratio("".join(sorted(a)), "".join(sorted(b)))
    shorter = min(len(a), len(b))
    partial = fuzz.partial_ratio(a, b) * 0.9 if shorter >= 3 else 0.0
    return max(plain, unordered, partial)


@dataclass(frozen=True, slots=True)
class Match:
    indicator_id: int
    name: str  # the canonical name of the indicator
    matched: str  # the name or alias that matched
    score: float


class IndicatorMatcher:
    """An in-memory index of indicator names and aliases; build once, match many names.

    ``entries`` are (indicator id, canonical name, [aliases]). The matcher holds no
    session, so it is cheap to test and to reuse across a whole plan or import.
    """

    def __init__(self, entries: Iterable[tuple[int, str, Iterable[str]]] = (), *,
                 threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._keys: list[str] = []  # normalised names, parallel to _owners
        self._owners: list[tuple[int, str, str]] = []  # (id, canonical, original spelling)
        self._exact: dict[str, tuple[int, str, str]] = {}
        for indicator_id, name, aliases in entries:
            self.add(indicator_id, name, aliases)

    def add(self, indicator_id: int, name: str, aliases: Iterable[str] = ()) -> None:
        for spelling in (name, *aliases):
            key = normalise(spelling)
            if not key:
                continue
            owner = (indicator_id, name, spelling)
            self._exact.setdefault(key, owner)
            self._keys.append(key)
            self._owners.append(owner)

    def knows(self, indicator_id: int) -> bool:
        """Whether ``indicator_id`` is in this index."""
        return any(owner[0] == indicator_id for owner in self._owners)

    def exact(self, name: str) -> Match | None:
        """The indicator whose name or alias equals ``name`` after normalisation."""
        owner = self._exact.get(normalise(name))
        return Match(owner[0], owner[1], owner[2], 100.0) if owner else None

    def candidates(self, name: str, *, limit: int = 3, cutoff: float = 0.0) -> list[Match]:
        """The best ``limit`` distinct indicators for ``name``, best first."""
        key = normalise(name)
        if not key or not self._keys:
            return []
        found = process.extract(key, self._keys, scorer=SCORER, limit=max(limit * 6, 12), score_cutoff=cutoff)
        best: dict[int, Match] = {}
        for other, value, index in found:
            if not compatible(key, other):
                continue
            indicator_id, canonical, spelling = self._owners[index]
            if indicator_id not in best or value > best[indicator_id].score:
                best[indicator_id] = Match(indicator_id, canonical, spelling, float(value))
        return sorted(best.values(), key=lambda m: -m.score)[:limit]

    def match(self, name: str) -> Match | None:
        """The indicator ``name`` refers to, or None when nothing reaches the threshold."""
        hit = self.exact(name)
        if hit:
            return hit
        found = self.candidates(name, limit=1, cutoff=self.threshold)
        return found[0] if found else None

    def loose(self, name: str, *, cutoff: float = LOOSE_CUTOFF, margin: float = LOOSE_MARGIN) -> Match | None:
        """A forgiving match for monitoring files, used only against a short list (the
        indicators a plan commits to): the best of plain, character-order-free and partial
        similarity, the qualifiers and the kind of measure compatible, and clearly ahead of
        the runner-up (``margin``) — an ambiguous name is no match."""
        key = normalise(name)
        if not key or not self._keys:
            return None
        scored: dict[int, tuple[float, Match]] = {}
        for other, (indicator_id, canonical, spelling) in zip(self._keys, self._owners, strict=True):
            if not compatible(key, other):
                continue
            score = loose_score(key, other)
            if indicator_id not in scored or score > scored[indicator_id][0]:
                scored[indicator_id] = (score, Match(indicator_id, canonical, spelling, score))
        ranked = sorted(scored.values(), key=lambda item: -item[0])
        if not ranked or ranked[0][0] < cutoff:
            return None
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < margin:
            return None
        return ranked[0][1]

    def suggest(self, name: str, *, limit: int = 3) -> list[str]:
        """Canonical names close to ``name``, for "did you mean" hints."""
        return [m.name for m in self.candidates(name, limit=limit, cutoff=40.0)]


@dataclass(frozen=True, slots=True)
class Measurement:
    threshold: float
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def measure(matcher: IndicatorMatcher, labelled: Iterable[tuple[str, str | None]],
            thresholds: Iterable[float]) -> list[Measurement]:
    """Precision and recall of ``matcher`` on (name, expected canonical name or None) pairs.

    A link to the expected indicator is a true positive; a link to any other indicator is
    a false positive (and, when a link was expected, also a false negative); no link where
    one was expected is a false negative.
    """
    pairs = list(labelled)
    results = []
    for threshold in thresholds:
        tp = fp = fn = 0
        for name, expected in pairs:
            hit = matcher.exact(name)
            if hit is None:
                found = matcher.candidates(name, limit=1, cutoff=threshold)
                hit = found[0] if found else None
            got = hit.name if hit else None
            if got is not None and got == expected:
                tp += 1
            else:
                fp += got is not None
                fn += expected is not None
        results.append(Measurement(threshold, tp, fp, fn))
    return results
