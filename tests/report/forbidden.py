"""Sentences and number forms the issue found in drafts that "cannot be submitted": a
report must contain none of them. Shared by the factory-plan and the seed tests."""

from __future__ import annotations

import re

FORBIDDEN = [
    (re.compile(r"责任单位未明确"), "责任单位未明确 instead of a unit"),
    (re.compile(r"时间进度的100%|100%的时间进度|100%时间进度"), "a 100% time share compared with"),
    (re.compile(r"\d,\d{3}"), "thousands separators (1,472.7名, 2,951,000,000 元)"),
    (re.compile(r"(?<![\d.万亿])\d+\.\d+(?:所|名|个(?!百分点)|人(?!次|均)|间|班)(?![\d])"), "a fraction of a whole count (30.05所)"),
    (re.compile(r"\d{7,}\s*元"), "money in 元 where the plan writes 亿元/万元"),
    (re.compile(r"未启动\s*0%|0%\s*未启动"), "a task without progress shown as 未启动 0%"),
    (re.compile(r"…$|…（|…\n"), "a truncated label"),
]


def violations(text: str) -> list[str]:
    """The forbidden forms found in ``text``, each with the match."""
    out = []
    for pattern, what in FORBIDDEN:
        for m in pattern.finditer(text):
            out.append(f"{what}: {text[max(m.start() - 20, 0):m.end() + 10]!r}")
    return out
