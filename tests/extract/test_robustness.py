"""Extraction never raises and every quote equals its offsets, whatever the input."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eduplan.extract import extract_document
from eduplan.ingest import read_text
from tests.conftest import SEEDS

PLANISH = st.sampled_from(list("的一是在不了有和人到达以上超过不低于保持巩固分别为年月日所个名项%万亿元亩平方米,。;、:()“”——"
                               "0123456789一二三四五六七八九十百千两学前义务高中率覆盖面新增建成创成\n（）《》＋+-—"))


def check(text: str) -> None:
    try:
        doc = read_text(text)
    except Exception as exc:  # only our own InputError is allowed (an empty text)
        from eduplan.errors import InputError

        assert isinstance(exc, InputError), exc
        return
    ex = extract_document(doc)
    for t in ex.targets:
        assert doc.text[t.start:t.end] == t.quote
        assert t.comparator in (">=", ">", "<=", "<", "=", "increase", "decrease")
        assert (t.value is None) == (t.comparator in ("increase", "decrease"))
    for k in ex.tasks:
        assert 0 <= k.start <= k.end <= len(doc.text)
    for p in ex.projects:
        assert doc.text[p.start:p.end] == p.quote


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_unicode(text):
    check(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(PLANISH, max_size=600).map("".join))
def test_plan_like_noise(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**40), st.sampled_from(["%", "万元", "亿元", "个", "人次", "所"]))
def test_huge_numbers(n, unit):
    check(f"一、目标\n到2025年,新增学位达到{n}{unit}以上,入园率达到{n}.{n % 97}{unit}。")


def _seed_texts() -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_truncated_and_shuffled_seeds(data):
    texts = _seed_texts()
    text = data.draw(st.sampled_from(texts))
    cut_a = data.draw(st.integers(0, len(text)))
    cut_b = data.draw(st.integers(cut_a, len(text)))
    check(text[cut_a:cut_b])
    lines = text.split("\n")
    rnd = random.Random(data.draw(st.integers(0, 10**6)))
    rnd.shuffle(lines)
    check("\n".join(lines[: data.draw(st.integers(1, len(lines)))]))


@pytest.mark.slow
def test_ten_megabyte_single_line_is_fast_and_small(tmp_path):
    """A 10 MB document on one line (seed text with its line breaks removed, repeated)."""
    texts = _seed_texts()
    line = "".join(t.replace("\n", "") for t in texts)
    path = tmp_path / "huge.txt"
    path.write_text((line * (10_000_000 // len(line) + 1))[:10_000_000], encoding="utf-8")
    code = textwrap.dedent(f"""
        import re, time
        from eduplan.ingest import read_document
        from eduplan.extract import extract_document
        t = time.perf_counter()
        doc = read_document({str(path)!r}, max_bytes=1 << 30)
        ex = extract_document(doc)
        assert all(doc.text[x.start:x.end] == x.quote for x in ex.targets)
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child of a big
        # pytest process would report the parent's size
        with open("/proc/self/status") as status:
            peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
        print(len(ex.targets), round(time.perf_counter() - t, 1), peak_kb // 1024)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    n_targets, seconds, peak_mb = out.stdout.split()
    print(f"10 MB line: {n_targets} targets in {seconds} s, peak RSS {peak_mb} MB")
    assert int(n_targets) > 100  # the repeats of one statement are merged
    assert int(peak_mb) < 500
