"""Ingest a plan file that arrived as bytes (the web upload): role check, then the same
read → extract → store path as ``eduplan ingest`` (``exchange.documents.read_all`` + ``ingest_documents``).

Reading and extraction run in a worker process with archive limits and a time limit
(``exchange.uploads``); the bytes go to a private temporary folder under ``workdir`` for the
readers (which take paths) and are removed afterwards; only the file's base name is kept,
as the plan's source. Two uploads of the same file at once store it once: the loser of
the race on the plan's sha256 gets the plan the winner stored (``created`` false).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from eduplan.domain import DocType
from eduplan.errors import ConflictError, InputError
from eduplan.ingest.readers import READERS
from eduplan.services.access import Action, Actor, allowed, require, require_role
from eduplan.services.exchange.uploads import parse_plan_upload
from eduplan.services.plans.ingest import ingest_documents
from eduplan.services.plans.stored import IngestResult, already_stored
from eduplan.store.db import unit_of_work

SUFFIXES = tuple(READERS)  # the file types ``eduplan ingest`` reads


def ingest_upload(engine: Engine, data: bytes, filename: str, *, workdir: Path, max_bytes: int,
                  doc_type: str | None = None, region: str | None = None, actor: Actor | None = None,
                  max_unzipped: int = 200 << 20, timeout: float = 30.0, as_source: bool = False) -> IngestResult:
    """``as_source``: a document uploaded on the 数据来源 page for its results (统计公报,
    工作总结 …): anyone who reports data may upload one; a unit user may not store a plan
    this way (plans are the 规划科's)."""
    if as_source:
        require_role(actor, Action.OBSERVATION)  # storing a document writes no data; accepting its values does
    else:
        require(actor, Action.PLAN)
    name = safe_name(filename)
    parsed = parse_plan_upload(data, name, max_bytes=max_bytes, max_unzipped=max_unzipped, timeout=timeout,
                               doc_type=doc_type, region=region, workdir=workdir)
    if as_source and not allowed(actor, Action.PLAN):
        for doc, _ in parsed:
            if not DocType(doc.doc_type).reports_results:
                raise InputError(f"《{doc.title[:40]}》是{DocType(doc.doc_type).label}，不是统计公报、工作总结等报告类文件",
                                 location=name, hint="规划类文件请由规划科在“规划”页面上传；如判断有误，请选择正确的文件体裁")
    found = {doc.sha256: extraction for doc, extraction in parsed}
    docs = [doc for doc, _ in parsed]
    try:
        [result] = ingest_documents(engine, docs, extractor=lambda d: found[d.sha256],
                                    user_id=actor.id if actor else None)
    except IntegrityError:  # the same file stored by a parallel upload a moment ago
        with unit_of_work(engine) as session:
            known = already_stored(session, docs[0].sha256, source=name)
        if known is None:
            raise ConflictError("规划刚被他人同时入库", hint="请刷新规划列表后重试") from None
        return known
    return result


def safe_name(filename: str) -> str:
    """The base name of an uploaded file (no folders, no leading dots), at most 120 characters."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name.strip().lstrip(".")
    if not base or "\x00" in base:
        raise InputError("上传的文件没有文件名", hint="请选择要上传的文件")
    stem, suffix = Path(base).stem, Path(base).suffix
    return stem[: 120 - len(suffix)] + suffix
