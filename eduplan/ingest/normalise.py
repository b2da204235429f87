"""Text normalisation shared by every reader.

Bureau files arrive as GBK text, Word files, web pages and PDFs. Before anything else we
bring them to one form so that the extraction rules see one alphabet:

* full-width ASCII (１２３％（）：，) becomes half-width, as the published web versions
  of these plans already are; Chinese punctuation without an ASCII twin (、。“”《》) stays;
* line ends become ``\\n``; spaces and ideographic spaces at line ends are trimmed;
* page-break artefacts of document-sharing sites (a line starting ``17、`` every ~300
  characters, cutting words in half) are removed and the pieces re-joined.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes; return (text, encoding). Raises UnicodeError when hopeless.

    UTF-8 (with or without BOM) is tried first because a valid UTF-8 decoding of Chinese
    GBK bytes is practically impossible; then GB18030 (a superset of GBK and GB2312);
    UTF-16 only with its BOM; charset-normalizer as the last resort.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnicodeError("unknown encoding")
    return str(best), best.encoding


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean this is not text."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def to_halfwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def normalise_text(text: str) -> str:
    """Apply the normalisations above; idempotent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = to_halfwidth(text)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = [line.strip(" \t") for line in text.split("\n")]
    text = "\n".join(lines)
    text = remove_page_markers(text)
    text = remove_contents(text)
    text = _PAGE_NUMBER.sub("", text)
    return text.strip("\n")


_MARKER = re.compile(r"\n(\d{1,4})、")
_SENTENCE_END = "。:;!?”》)"


def remove_page_markers(text: str) -> str:
    """Remove ``\\nN、`` page markers when they form a running 1, 2, 3, … sequence.

    A real numbered list also starts lines with 1、2、3、, so the markers must also cut
    sentences: most of the lines they start must follow a line that does not end a
    sentence, and the lines between them must be long (a page of text).
    """
    found = [(m.start(), m.end(), int(m.group(1))) for m in _MARKER.finditer(text)]
    if len(found) < 4:
        return text
    # the longest run of consecutive numbers
    best: list[tuple[int, int, int]] = []
    run: list[tuple[int, int, int]] = []
    for item in found:
        if run and item[2] == run[-1][2] + 1:
            run.append(item)
        else:
            run = [item]
        if len(run) > len(best):
            best = list(run)
    if len(best) < 4:
        return text
    gaps = [b[0] - a[1] for a, b in zip(best, best[1:])]
    if sorted(gaps)[len(gaps) // 2] < 150:
        return text
    cut = sum(1 for s, _, _ in best if s > 0 and text[s - 1] not in _SENTENCE_END)
    if cut < len(best) * 0.6:
        return text
    pieces: list[str] = []
    last = 0
    for start, end, _ in best:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    joined = "".join(pieces)
    # a leading "1、" on the very first line is the first page's marker
    if best[0][2] == 2:
        joined = re.sub(r"(^|\n)1、", r"\1", joined, count=1)
    return joined


# a page number on a line of its own: "- 3 -", "— 12 —", "第3页 共20页" (never a bare "3",
# which may be a table cell)
_PAGE_NUMBER = re.compile(r"^[ \t]*(?:[-—–－~]+[ \t]*\d{1,3}[ \t]*[-—–－~]+|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t]*$",
                          re.M)

# a line of a table of contents: a title, a dotted or spaced leader, a page number
# (Word writes a tab before the page number; a PDF may put the number on the next line)
_TOC_LINE = re.compile(r"^[^\n]{2,80}?(?:(?:[.…·．。_\-—]{3,}|…{2,}|\s{3,}|\t)\s*[(（]?\d{1,3}[)）]?|[.…·．]{6,}|…{3,})\s*$")
_VALUE_TOKEN = re.compile(r"[≥≤<>]?\d+(?:\.\d+)?%?|%|[(（]?\d{1,3}[)）]?")
_TOC_HEAD = re.compile(r"^\s*目\s*录\s*$")


def remove_contents(text: str) -> str:
    """Drop a table of contents (目录 and its dotted lines with page numbers): its entries
    repeat the headings and would become sections, targets and tasks of their own
    ("改扩建154个学校项目…………19")."""
    lines = text.split("\n")
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        if _is_toc_line(lines[i]):
            j = i
            while j < len(lines) and (_is_toc_line(lines[j]) or not lines[j].strip()):
                j += 1
            entries = sum(1 for k in range(i, j) if lines[k].strip())
            head = i - 1
            while head >= 0 and not lines[head].strip():
                head -= 1
            has_head = head >= 0 and _TOC_HEAD.match(lines[head])
            if entries >= 3 or (has_head and entries >= 1):
                for k in range(i, j):
                    keep[k] = False
                if has_head:
                    keep[head] = False
            i = j
            continue
        i += 1
    _drop_unpaged_contents(lines, keep)
    if all(keep):
        return text
    return "\n".join(line for line, k in zip(lines, keep) if k)


def _is_toc_line(line: str) -> bool:
    """A contents line, not a table row in spaced columns (学前三年毛入园率   %   92   96): a
    contents entry has one number, its page; a row has several values or a unit cell."""
    if not _TOC_LINE.match(line):
        return False
    tokens = line.split()
    values = [t for t in tokens if _VALUE_TOKEN.fullmatch(t)]
    return len(values) <= 1


def _drop_unpaged_contents(lines: list[str], keep: list[bool]) -> None:
    """A web page prints its 目录 without leaders or page numbers: after a 目录 line, the
    run of short lines that each come back later as a line of their own (the headings)."""
    for i, line in enumerate(lines):
        if not keep[i] or not _TOC_HEAD.match(line):
            continue
        j, entries = i + 1, []
        while j < len(lines) and (not lines[j].strip() or len(lines[j]) <= 40):
            if lines[j].strip():
                key = re.sub(r"\s+", "", lines[j])
                if sum(1 for ln in lines[j + 1:] if re.sub(r"\s+", "", ln) == key) == 0:
                    break
                entries.append(j)
            j += 1
        if len(entries) >= 3:
            for k in range(i, entries[-1] + 1):
                keep[k] = False
