"""Web page reader: the article body without site navigation (trafilatura, lxml)."""

from __future__ import annotations

from pathlib import Path

from eduplan.errors import InputError
from eduplan.ingest.normalise import decode_bytes
from eduplan.ingest.readers_base import TABLE_MARK, RawText


def read_html(path: Path, data: bytes) -> RawText:
    try:
        html, _ = decode_bytes(data)
    except UnicodeError as exc:
        raise InputError("无法识别网页编码", location=path.name, hint="请另存为 UTF-8 编码的网页") from exc
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError("无法解析网页内容", location=path.name, hint="请确认文件是完整的 HTML 网页") from exc
    title = _page_title(tree)
    body = trafilatura.extract(
        html, include_tables=True, favor_recall=True, include_comments=False, output_format="txt"
    )
    if not body:
        body = tree.text_content()
    text, tables = _split_tables(body)
    return RawText(text=text, tables=tables, title=title)


def _page_title(tree) -> str | None:
    for xpath in ("//h1", "//title"):
        found = tree.xpath(xpath)
        if found:
            text = " ".join(found[0].text_content().split())
            if text:
                return text
    return None


def _split_tables(body: str) -> tuple[str, list[list[list[str]]]]:
    """trafilatura writes table rows as ``| a | b |`` lines; collect them into tables."""
    lines_out: list[str] = []
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue  # markdown separator row
            if current is None:
                current = []
                tables.append(current)
                lines_out.append(TABLE_MARK)
            current.append(cells)
        else:
            current = None
            lines_out.append(line)
    return "\n".join(lines_out), tables
