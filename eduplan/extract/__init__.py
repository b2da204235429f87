"""Read what a document's figures are: commitments (targets) and achieved values, key
tasks and construction projects, each with its provenance (quote and offsets into the
stored text). The stages are described in ``pipeline.py``; the genre of the document
(``ingest/genres.py``) decides what a figure without a stronger cue is."""

from eduplan.extract.pipeline import extract_document
from eduplan.extract.records import Extraction, ProjectRecord, TargetRecord, TaskRecord

__all__ = ["Extraction", "ProjectRecord", "TargetRecord", "TaskRecord", "extract_document"]
