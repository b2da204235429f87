"""What a format reader returns before normalisation and section building.

A reader turns a file into text plus the tables it recognised. Tables are written into
the text one row per line, cells separated by tabs, so that offsets stay simple; the
reader also returns each table's rows so later stages need not re-parse them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RawText:
    text: str
    tables: list[list[list[str]]] = field(default_factory=list)
    """Table rows in the order their ``TABLE_MARK`` placeholders appear in ``text``."""
    title: str | None = None


TABLE_MARK = "\u0000TABLE\u0000"
