"""Web page reader: the article body of a bureau's page, with paragraphs and data tables.

Government sites put the article inside layout tables (a nav cell, a column of links and
a content cell), and Word-saved pages (``MsoNormal`` paragraphs, ``<o:p>``, source lines
hard-wrapped inside a paragraph) are common. A general article extractor reads a layout
table as a data table and joins its paragraphs; so we read the DOM ourselves (lxml):

1. drop what is never content (scripts, styles, forms, nav/header/footer elements);
2. find the content container: the element with the most text that is not link text
   (the content cell of the layout, the article div);
3. walk it: every block element (p, div, h1–h6, li, a table row of a layout table) is
   one paragraph, whitespace inside it collapsed; a table whose cells are short and hold
   no blocks is a data table (rows of cells), any other table is layout and is walked.

The title is the page's ``<h1>`` (or ``<title>`` without the site's name after _ or |).
"""

from __future__ import annotations

import re
from pathlib import Path

from eduplan.errors import InputError
from eduplan.ingest.normalise import decode_bytes
from eduplan.ingest.readers_base import TABLE_MARK, RawText

_DROP = {"script", "style", "noscript", "iframe", "head", "nav", "header", "footer", "form", "select", "button",
         "textarea", "svg", "object", "embed"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "blockquote",
          "pre", "dl", "dt", "dd", "center", "table", "tr", "br", "hr", "title", "address", "figure", "figcaption"}
_CONTAINERS = {"div", "td", "article", "section", "main", "body", "center", "blockquote"}
_BOILERPLATE = re.compile(r"(?:^|[\s_-])(?:nav|menu|footer|foot|header|breadcrumb|crumb|sidebar|banner|share|copyright|"
                          r"toolbar|topbar|bottom|links?|related|comment|search)(?:$|[\s_-])", re.I)
_SITE_SUFFIX = re.compile(r"(?:网站|门户|首页|政府网|人民政府$|信息公开|官网|平台)")
_WS = re.compile(r"[ \t\r\n\u3000\u00a0]+")
# a data table has short cells: longer ones are paragraphs of a layout
_MAX_CELL = 120


def read_html(path: Path, data: bytes) -> RawText:
    try:
        html, _ = decode_bytes(data)
    except UnicodeError as exc:
        raise InputError("无法识别网页编码", location=path.name, hint="请另存为 UTF-8 编码的网页") from exc
    import lxml.etree
    import lxml.html

    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses a declared encoding in a str
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError("无法解析网页内容", location=path.name, hint="请确认文件是完整的 HTML 网页") from exc
    title = _page_title(tree)
    _clean(tree)
    root = _content_root(tree)
    blocks: list[str] = []
    tables: list[list[list[str]]] = []
    _walk(root, blocks, tables)
    lines = [b for b in (_squeeze(x) if x != TABLE_MARK else x for x in blocks) if b]
    if title and lines and lines[0] != TABLE_MARK and _WS.sub("", lines[0]) == _WS.sub("", title):
        lines = lines[1:]
    text = "\n".join(([title] if title else []) + lines)
    if not text.replace(TABLE_MARK, "").strip():
        text = _WS.sub(" ", tree.text_content()).strip()
    return RawText(text=text, tables=tables, title=title)


_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def _squeeze(text: str) -> str:
    """Whitespace collapsed; none between Chinese characters (a source line break inside a
    Word paragraph is no space)."""
    return _CJK_GAP.sub("", _WS.sub(" ", text)).strip()


def _page_title(tree) -> str | None:
    for h in tree.xpath("//h1"):
        text = _WS.sub(" ", h.text_content()).strip()
        if 4 <= len(text) <= 100:
            return text
    for el in tree.xpath("//*[contains(@class, 'title') or contains(@id, 'title')]"):
        if el.tag in ("div", "p", "span", "h2", "td"):
            text = _WS.sub(" ", el.text_content()).strip()
            if 6 <= len(text) <= 100 and not el.xpath(".//a"):
                return text
    found = tree.xpath("//title")
    if found:
        text = _WS.sub(" ", found[0].text_content()).strip()
        parts = [p.strip() for p in re.split(r"\s*[_|｜]\s*|\s+[-—]\s+", text) if p.strip()]
        parts = [p for p in parts if not _SITE_SUFFIX.search(p)] or parts
        if parts:
            return parts[0]
    return None


def _clean(tree) -> None:
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.getparent() is not None:
                el.drop_tree() if hasattr(el, "drop_tree") else el.getparent().remove(el)
            continue
        tag = el.tag.split("}")[-1].lower()
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if tag in _DROP or (tag in ("div", "ul", "td", "table", "span") and _BOILERPLATE.search(marker)
                            and _text_len(el) < 400):
            parent = el.getparent()
            if parent is not None:
                tail = el.tail
                parent.remove(el)
                if tail:
                    _append_text(parent, el, tail)


def _append_text(parent, removed, tail: str) -> None:
    """Keep the text that followed a removed element (lxml stores it on the element)."""
    prev = removed.getprevious() if hasattr(removed, "getprevious") else None
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def _text_len(el) -> int:
    return len(_WS.sub("", el.text_content()))


def _link_len(el) -> int:
    return sum(len(_WS.sub("", a.text_content())) for a in el.iter("a"))


def _content_root(tree):
    """The container with the most text that is not link text, then the smallest container
    inside it that still holds nearly all of that text (the content cell of a layout)."""
    body = tree.find(".//body")
    best = body if body is not None else tree

    def score(el) -> int:
        return _text_len(el) - 3 * _link_len(el)

    while True:
        inner = [c for c in best.iter() if c is not best and isinstance(c.tag, str) and c.tag.lower() in _CONTAINERS]
        if not inner:
            return best
        top = max(inner, key=score)
        if score(top) < 0.85 * score(best):
            return best
        best = top


def _walk(el, blocks: list[str], tables: list[list[list[str]]]) -> None:
    """Append the paragraphs (and data tables) of ``el`` in document order."""
    tag = el.tag.split("}")[-1].lower() if isinstance(el.tag, str) else ""
    if tag == "table" and _is_data_table(el):
        tables.append(_rows(el))
        blocks.append(TABLE_MARK)
        if el.tail and el.tail.strip():
            blocks.append(el.tail)
        return
    block = tag in _BLOCK or tag in ("td", "th")
    if block:
        blocks.append("")
    if el.text and isinstance(el.tag, str):
        _add(blocks, el.text)
    for child in el:
        if not isinstance(child.tag, str):
            if child.tail:
                _add(blocks, child.tail)
            continue
        _walk(child, blocks, tables)
    if block:
        blocks.append("")
    if el.tail:
        _add(blocks, el.tail)


def _add(blocks: list[str], text: str) -> None:
    if not blocks or blocks[-1] == TABLE_MARK:
        blocks.append(text)
    else:
        blocks[-1] += text


def _is_data_table(table) -> bool:
    """Short cells without blocks or nested tables: data. Anything else lays out a page."""
    if table.xpath(".//table"):
        return False
    cells = table.xpath(".//td|.//th")
    if not cells:
        return False
    for c in cells:
        if c.xpath(".//p[string-length(normalize-space()) > 60]|.//div[string-length(normalize-space()) > 60]"):
            return False
        if _text_len(c) > _MAX_CELL:
            return False
    return len(table.xpath(".//tr")) >= 2


def _rows(table) -> list[list[str]]:
    out: list[list[str]] = []
    for tr in table.xpath(".//tr"):
        row = [_WS.sub(" ", c.text_content()).strip() for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if any(row):
            out.append(row)
    return out
