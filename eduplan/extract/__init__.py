"""Find what a plan commits to: quantitative targets, key tasks and construction
projects, each with its provenance (quote and offsets into the stored text)."""

from eduplan.extract.pipeline import extract_document
from eduplan.extract.records import Extraction, ProjectRecord, TargetRecord, TaskRecord

__all__ = ["Extraction", "ProjectRecord", "TargetRecord", "TaskRecord", "extract_document"]
