"""The normalised document every later stage works on.

All offsets (sections, table cells, and later extracted targets) index ``Document.text``,
the text exactly as it is stored in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table whose structure the reader knew (docx, html, pdf): rows of cells."""

    start: int
    end: int
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class Section:
    """One heading of the outline.

    ``number`` is the numbering as written (一、 (二) 3. （4） ⑤ 第一章 ——). ``start`` is the
    heading's offset, ``end`` where the next heading of the same or a higher level starts.
    ``kind`` is ``heading`` for numbered headings, ``lead`` for —— paragraphs, ``part`` for
    unnumbered part titles (工作总结 / 工作要点), ``repeat`` for a repeated copy of the text.
    """

    id: int
    parent: int | None
    level: int
    number: str
    title: str
    start: int
    end: int
    kind: str = "heading"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "parent": self.parent,
            "level": self.level,
            "number": self.number,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
        }


@dataclass(slots=True)
class Document:
    text: str
    source: str
    sha256: str
    title: str = ""
    doc_type: str = "plan"  # the genre, a domain.DocType value
    reporting_year: int | None = None  # the year a yearly or results document speaks of
    written_year: int | None = None  # the year on its date line (or file name): when "目前" was
    period: tuple[int, int] | None = None
    region: str | None = None
    issuer: str | None = None
    tables: list[TableBlock] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    repeats: list[tuple[int, int]] = field(default_factory=list)
    """Spans of ``text`` that repeat earlier text verbatim (pages captured twice)."""

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding ``offset``."""
        best: Section | None = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.level >= best.level):
                best = s
        return best

    def outline(self) -> list[Section]:
        return list(self.sections)
