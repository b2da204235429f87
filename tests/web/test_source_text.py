"""The source text split into lines and pieces: every piece knows its exact offset and the
targets covering it, whatever the overlaps (checked against a brute-force reading)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eduplan.web.source_text import Span, lines_touching, split_lines

TEXT = st.text(alphabet="教育规划98%\n 𠮷", min_size=1, max_size=60)


@st.composite
def text_and_spans(draw):
    text = draw(TEXT)
    n = len(text)
    spans = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        spans.append(Span(i + 1, start, end, "extracted"))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_pieces_rebuild_the_text_and_know_their_targets(case):
    text, spans = case
    lines = split_lines(text, spans)
    assert "\n".join("".join(p.text for p in ln.pieces) for ln in lines) == text
    for ln in lines:
        assert text[ln.start:ln.end] == "".join(p.text for p in ln.pieces)
        for p in ln.pieces:
            assert text[p.start:p.start + len(p.text)] == p.text
            expected = {s.id for s in spans if s.start <= p.start and p.start + len(p.text) <= s.end}
            assert {s.id for s in p.covering} == expected
            if p.covering:  # the innermost target is the one a click opens
                assert p.covering[0].end - p.covering[0].start == min(s.end - s.start for s in p.covering)


def test_lines_touching_a_span():
    lines = split_lines("ab\ncd\n\nef", [])
    assert [ln.index for ln in lines_touching(lines, 1, 4)] == [0, 1]
    assert [ln.index for ln in lines_touching(lines, 3, 5)] == [1]
    assert lines_touching(lines, None, 3) == []


def test_html_escapes_and_marks_overlaps():
    [line] = split_lines("<b>达到98%", [Span(1, 3, 8, "confirmed", 'a"b'), Span(2, 5, 8, "rejected")])
    html = str(line.html(oob=True))
    assert "&lt;b&gt;" in html and 'hx-swap-oob="true"' in html
    assert 'class="tg st-rejected overlap" data-offset="5" data-target-id="2" data-targets="2 1"' in html
    assert 'title="a&#34;b"' in html
