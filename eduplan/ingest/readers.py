"""read_document(path): check the file, pick a reader by suffix, build the Document.

Every way a file can be unusable ends in one ``InputError`` naming the file, the problem
and what to do, before anything is written anywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from eduplan.errors import InputError
from eduplan.ingest.docx import read_docx
from eduplan.ingest.document import Cell, Document, TableBlock
from eduplan.ingest.html import read_html
from eduplan.ingest.genres import detect_genre, load_genres, reporting_year, written_year
from eduplan.ingest.metadata import guess_issuer, guess_period, guess_region, pick_title
from eduplan.ingest.normalise import normalise_text
from eduplan.ingest.pdf import read_pdf
from eduplan.ingest.readers_base import TABLE_MARK, RawText
from eduplan.ingest.repeats import find_repeats
from eduplan.ingest.sections import build_sections
from eduplan.ingest.txt import read_txt

Reader = Callable[[Path, bytes], RawText]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_txt,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# genres whose text names a plan period worth reading (a bulletin that mentions 十三五 has none)
_PERIOD_FROM_TEXT = {"plan", "action_plan", "notice", "evaluation", "work_points", "minsheng"}


def read_document(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    doc_type: str | None = None,
    region: str | None = None,
    year: int | None = None,
) -> Document:
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps"):
        raise InputError(
            f"不支持旧版 {suffix} 格式",
            location=path.name,
            hint="请用 Word 或 WPS 打开后另存为 .docx",
        )
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError(
            f"不支持的文件类型 {suffix or '（无扩展名）'}",
            location=path.name,
            hint="支持 .txt、.docx、.html、.pdf；其他格式请先另存为 .docx",
        )
    raw = reader(path, data)
    return build_document(raw, source=path.name, sha256=hashlib.sha256(data).hexdigest(),
                          doc_type=doc_type, region=region, year=year)


def read_text(text: str, *, source: str = "text.txt", doc_type: str | None = None,
              region: str | None = None, year: int | None = None) -> Document:
    """Build a Document from a string (tests, the web form, the API)."""
    data = text.encode("utf-8")
    return build_document(RawText(text=text), source=source, sha256=hashlib.sha256(data).hexdigest(),
                          doc_type=doc_type, region=region, year=year)


def build_document(raw: RawText, *, source: str, sha256: str, doc_type: str | None = None,
                   region: str | None = None, year: int | None = None) -> Document:
    """Assemble the normalised text and find its outline and what it is.

    ``doc_type`` (the genre) and ``year`` (the reporting year) override detection: a planner
    who knows the document is a 2021 bulletin says so (``--genre statistics --year 2021``).
    """
    text, tables = _assemble(raw)
    if not text.strip():
        raise InputError("文件中没有可读的文字", location=source, hint="请确认文件内容不为空")
    title = pick_title(raw.title, text)
    repeats = find_repeats(text)
    sections = build_sections(text, skip=[(t.start, t.end) for t in tables], repeats=repeats)
    genre = load_genres().get(doc_type) if doc_type else detect_genre(title, text)[0]
    return Document(
        text=text,
        source=source,
        sha256=sha256,
        title=title,
        doc_type=genre.key,
        reporting_year=year if year is not None else reporting_year(genre, title, text, source),
        written_year=written_year(text, source),
        period=guess_period(title, text if genre.key in _PERIOD_FROM_TEXT else ""),
        region=region or guess_region(title),
        issuer=guess_issuer(text),
        tables=tables,
        sections=sections,
        repeats=repeats,
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise InputError("文件不存在", location=str(path), hint="请检查路径和文件名")
    if path.is_dir():
        raise InputError("这是一个文件夹，不是文件", location=str(path), hint="请给出文件路径")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）",
                location=path.name,
                hint="请拆分文件，或设置 EDUPLAN_MAX_FILE_MB 提高上限",
            )
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError("没有读取权限", location=str(path), hint="请检查文件权限") from exc
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror}）", location=str(path), hint="请检查路径和磁盘") from exc
    if not data.strip():
        raise InputError("文件是空的", location=path.name, hint="请确认导出的文件包含正文")
    return data


def _assemble(raw: RawText) -> tuple[str, list[TableBlock]]:
    """Normalise the text pieces and write each table as tab-separated rows."""
    pieces = raw.text.split(TABLE_MARK)
    out: list[str] = []
    length = 0
    blocks: list[TableBlock] = []

    def emit(s: str) -> None:
        nonlocal length
        out.append(s)
        length += len(s)

    for i, piece in enumerate(pieces):
        norm = normalise_text(piece)
        if norm:
            if out:
                emit("\n")
            emit(norm)
        if i < len(pieces) - 1 and i < len(raw.tables):
            rows = raw.tables[i]
            if out:
                emit("\n")
            start = length
            block_rows: list[tuple[Cell, ...]] = []
            for r, row in enumerate(rows):
                if r:
                    emit("\n")
                cells: list[Cell] = []
                for c, cell_text in enumerate(row):
                    if c:
                        emit("\t")
                    value = normalise_text(cell_text).replace("\n", " ").replace("\t", " ")
                    cells.append(Cell(value, length, length + len(value)))
                    emit(value)
                block_rows.append(tuple(cells))
            blocks.append(TableBlock(start, length, tuple(block_rows)))
    return "".join(out), blocks
