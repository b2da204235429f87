"""Documents read from files, and extraction alone (``eduplan extract``, no database).

``read_all`` reads a batch of files first, so one unreadable file stops the batch before
anything is stored (``plans.ingest`` and the upload worker use it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eduplan.errors import InputError
from eduplan.extract.output import extraction_json
from eduplan.extract.pipeline import extract_document
from eduplan.extract.records import Extraction
from eduplan.ingest import Document, read_document

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExtractedFile:
    """A document read from a file and what extraction found in it."""

    document: Document
    extraction: Extraction

    def to_json(self) -> dict:
        """The JSON contract of ``eduplan extract``."""
        return extraction_json(self.document, self.extraction)


def extract_file(path: str | Path, *, max_bytes: int, doc_type: str | None = None,
                 region: str | None = None, year: int | None = None) -> ExtractedFile:
    """Read one plan file and extract its targets, tasks and projects; nothing is stored."""
    doc = read_document(path, max_bytes=max_bytes, doc_type=doc_type, region=region, year=year)
    return ExtractedFile(doc, extract_document(doc))


def read_all(paths: Sequence[str | Path], *, max_bytes: int, doc_type: str | None = None,
             region: str | None = None, on_progress: Progress | None = None, year: int | None = None) -> list[Document]:
    """Read every file first; one bad file stops the batch before anything is stored."""
    docs: list[Document] = []
    problems: list[InputError] = []
    for i, path in enumerate(paths, 1):
        try:
            docs.append(read_document(path, max_bytes=max_bytes, doc_type=doc_type, region=region, year=year))
        except InputError as exc:
            problems.append(exc)
        if on_progress:
            on_progress(i, len(paths))
    if problems:
        if len(problems) == 1:
            raise problems[0]
        raise InputError(
            f"{len(problems)} 个文件无法读取，未写入任何内容",
            hint="；".join(str(p) for p in problems),
        )
    return docs
