"""How alike two indicator names are: character-bigram Dice, with containment.

Chinese indicator names vary by a few characters between restatements (公办园覆盖面 /
公办(公益)幼儿园在园幼儿覆盖面); bigram overlap captures that without a word segmenter.
"""

from __future__ import annotations

import re
from collections import Counter

_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】,，、。;；:：·.\-—_/]")


def normalise_name(name: str) -> str:
    return _PUNCT.sub("", name or "")


def name_similarity(a: str, b: str) -> float:
    a, b = normalise_name(a), normalise_name(b)
    if not a or not b:
        return 0.0
    if len(a) >= 2 and len(b) >= 2 and (a in b or b in a):
        return max(0.8, _dice(a, b))
    return _dice(a, b)


def _dice(a: str, b: str) -> float:
    ga = Counter(a[i:i + 2] for i in range(len(a) - 1)) or Counter([a])
    gb = Counter(b[i:i + 2] for i in range(len(b) - 1)) or Counter([b])
    common = sum((ga & gb).values())
    return 2.0 * common / (sum(ga.values()) + sum(gb.values()))
