"""The JSON contract of ``eduplan extract`` (other tools rely on its shape)."""

from __future__ import annotations

from eduplan.domain import DocType
from eduplan.extract.records import Extraction
from eduplan.ingest.document import Document


def extraction_json(doc: Document, extraction: Extraction) -> dict:
    return {
        "document": {
            "title": doc.title,
            "source": doc.source,
            "sha256": doc.sha256,
            "type": doc.doc_type,
            "genre": doc.doc_type,
            "genre_label": _label(doc.doc_type),
            "reporting_year": doc.reporting_year,
            "period": list(doc.period) if doc.period else None,
            "region": doc.region,
        },
        "sections": [s.to_dict() for s in doc.sections],
        "targets": [t.to_dict() for t in extraction.targets],
        "tasks": [t.to_dict() for t in extraction.tasks],
        "projects": [p.to_dict() for p in extraction.projects],
    }


def _label(genre: str) -> str:
    try:
        return DocType(genre).label
    except ValueError:
        return genre
