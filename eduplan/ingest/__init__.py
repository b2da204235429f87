"""Read plan documents (.txt, .docx, .html, .pdf) into one normalised text with offsets,
tables and a section tree. Nothing here touches the database."""

from eduplan.ingest.document import Cell, Document, Section, TableBlock
from eduplan.ingest.readers import read_document, read_text

__all__ = ["Cell", "Document", "Section", "TableBlock", "read_document", "read_text"]
