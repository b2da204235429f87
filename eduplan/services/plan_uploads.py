"""Ingest a plan file that arrived as bytes (the web upload): role check, then the same
read → extract → store path as ``eduplan ingest`` (``plans.read_all`` + ``ingest_documents``).

The bytes go to a private temporary folder under ``workdir`` for the readers (which take
paths) and are removed afterwards; only the file's base name is kept, as the plan's source.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy import Engine

from eduplan.errors import InputError
from eduplan.extract.pipeline import extract_document
from eduplan.ingest.readers import READERS
from eduplan.services.access import Action, require
from eduplan.services.plans import IngestResult, ingest_documents, read_all
from eduplan.store.models import User

SUFFIXES = tuple(READERS)  # the file types ``eduplan ingest`` reads


def ingest_upload(engine: Engine, data: bytes, filename: str, *, workdir: Path, max_bytes: int,
                  doc_type: str | None = None, region: str | None = None, actor: User | None = None) -> IngestResult:
    require(actor, Action.PLAN)
    name = safe_name(filename)
    workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=workdir, prefix="upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        docs = read_all([path], max_bytes=max_bytes, doc_type=doc_type, region=region)
    [result] = ingest_documents(engine, docs, extractor=extract_document, user_id=actor.id if actor else None)
    return result


def safe_name(filename: str) -> str:
    """The base name of an uploaded file (no folders, no leading dots), at most 120 characters."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name.strip().lstrip(".")
    if not base or "\x00" in base:
        raise InputError("上传的文件没有文件名", hint="请选择要上传的文件")
    stem, suffix = Path(base).stem, Path(base).suffix
    return stem[: 120 - len(suffix)] + suffix
