"""数据来源: documents that report results, and the review of the values read from them.

* ``GET /sources`` — every source (a unit user: those it uploaded) with its proposals
  counted (待审核, 已采纳, 已驳回, 不一致, 可直接采纳); an upload form for 统计公报,
  工作总结 and the like.
* ``POST /sources`` — upload a document as a source (``services.plans.uploads``).
* ``GET /sources/{id}`` — the review view: the text with every proposed figure marked
  (coloured by how it stands against the stored value), and beside it the proposals: the
  stored value, its source and who entered it; accept, reject, correct the indicator, year
  or value; 采纳全部可直接采纳的 (bulk accept of the matched ones).
* ``POST /sources/{id}/proposals/{pid}/accept|reject|edit``, ``POST /sources/{id}/accept-matched``.

The services check roles again (a unit user reviews only the sources it uploaded and
writes only what its unit may report), so a forged POST changes nothing.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse

from eduplan.domain import DocType
from eduplan.errors import EduplanError, InputError
from eduplan.services import access
from eduplan.services.access import Action
from eduplan.services.monitoring import sources
from eduplan.services.plans.uploads import SUFFIXES, ingest_upload
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.params import FormVersion, PathId
from eduplan.web.source_text import Span, split_lines
from eduplan.web.templating import render
from eduplan.web.uploads import read_upload

router = APIRouter()
RESULT_GENRES = [d for d in DocType if d.reports_results]
DONE = {"accepted": "已采纳", "rejected": "已驳回", "edited": "已修改", "matched": "已批量采纳"}


@router.get("/sources")
def sources_page(request: Request, engine: EngineDep, user: UserDep):
    return _list(request, engine, user)


@router.post("/sources")
def upload_source(request: Request, engine: EngineDep, settings: SettingsDep, user: UserDep,
                  file: Annotated[UploadFile | None, File()] = None, doc_type: Annotated[str, Form()] = "",
                  region: Annotated[str, Form()] = "", year: Annotated[str, Form()] = ""):
    access.require_role(user, Action.OBSERVATION)
    try:
        if file is None or not file.filename:
            raise InputError("请选择要上传的文件", hint="支持 .txt、.docx、.html、.pdf")
        if doc_type and doc_type not in {d.value for d in RESULT_GENRES}:
            raise InputError("请选择报告类文件的体裁", hint="统计公报、年鉴、工作总结等")
        data, name = read_upload(file, max_bytes=settings.max_file_bytes, suffixes=SUFFIXES)
        result = ingest_upload(engine, data, name, workdir=settings.data_dir / "tmp",
                               max_bytes=settings.max_file_bytes, doc_type=doc_type or None,
                               region=region.strip() or None, actor=user, max_unzipped=settings.max_unzipped_bytes,
                               timeout=settings.parse_timeout, as_source=True)
    except InputError as exc:
        return _list(request, engine, user, error=exc, status_code=exc.http_status)
    return RedirectResponse(f"/sources/{result.plan_id}", status_code=303)


@router.get("/sources/{source_id}")
def source_page(request: Request, source_id: PathId, engine: EngineDep, user: UserDep,
                done: Annotated[str, Query(max_length=20)] = "",
                count: Annotated[int, Query(ge=0, le=100000)] = 0):
    return _review(request, engine, user, source_id, notice=_notice(done, count))


@router.post("/sources/{source_id}/accept-matched")
def accept_matched(request: Request, source_id: PathId, engine: EngineDep, user: UserDep):
    try:
        result = sources.accept_matched(engine, source_id, actor=user)
    except EduplanError as exc:
        return _review(request, engine, user, source_id, error=exc, status_code=exc.http_status)
    return _back(source_id, "matched", result.accepted + result.confirmed)


@router.post("/sources/{source_id}/proposals/{proposal_id}/accept")
def accept(request: Request, source_id: PathId, proposal_id: PathId, engine: EngineDep, user: UserDep,
           version: FormVersion):
    try:
        sources.accept_proposals(engine, [proposal_id], actor=user, versions={proposal_id: version})
    except EduplanError as exc:
        return _review(request, engine, user, source_id, error=exc, status_code=exc.http_status)
    return _back(source_id, "accepted", 1, proposal_id)


@router.post("/sources/{source_id}/proposals/{proposal_id}/reject")
def reject(request: Request, source_id: PathId, proposal_id: PathId, engine: EngineDep, user: UserDep,
           version: FormVersion):
    try:
        sources.reject_proposals(engine, [proposal_id], actor=user, versions={proposal_id: version})
    except EduplanError as exc:
        return _review(request, engine, user, source_id, error=exc, status_code=exc.http_status)
    return _back(source_id, "rejected", 1, proposal_id)


@router.post("/sources/{source_id}/proposals/{proposal_id}/edit")
def edit(request: Request, source_id: PathId, proposal_id: PathId, engine: EngineDep, user: UserDep,
         version: FormVersion, indicator: Annotated[str, Form(max_length=200)] = "",
         year: Annotated[str, Form(max_length=10)] = "", value: Annotated[str, Form(max_length=40)] = "",
         region: Annotated[str, Form(max_length=64)] = ""):
    try:
        sources.edit_proposal(engine, proposal_id, actor=user, expected_version=version,
                              indicator=indicator.strip() or None, year=year.strip() or None,
                              value=value.strip() or None, region=region.strip() or None)
    except EduplanError as exc:
        return _review(request, engine, user, source_id, error=exc, status_code=exc.http_status)
    return _back(source_id, "edited", 1, proposal_id)


# ---- building blocks ---------------------------------------------------------------------

def _list(request: Request, engine, user, *, error: InputError | None = None, status_code: int = 200):
    return render(request, "sources.html", {
        "sources": sources.list_sources(engine, actor=user), "error": error,
        "can_upload": access.can(user, Action.OBSERVATION), "genres": RESULT_GENRES,
        "accept": ",".join(SUFFIXES)}, status_code=status_code)


def _review(request: Request, engine, user, source_id: int, *, error: EduplanError | None = None,
            notice: str | None = None, status_code: int = 200):
    summary, text, views = sources.get_source(engine, source_id, actor=user)
    spans = [Span(v.id, v.start, v.end, _mark_state(v), f"{v.name}：{v.value.normalize():f}{v.unit or ''}")
             for v in views]
    can_review = access.can(user, Action.OBSERVATION) and (
        access.allowed(user, Action.PLAN) or summary.uploaded_by == getattr(user, "id", None))
    return render(request, "source.html", {
        "source": summary, "lines": split_lines(text, spans), "proposals": views, "error": error, "notice": notice,
        "can_review": can_review, "indicator_names": sources.indicator_names(engine) if can_review else [],
        "match_labels": sources.MATCH_LABELS, "state_labels": sources.STATE_LABELS}, status_code=status_code)


def _mark_state(v: sources.ProposalView) -> str:
    """The mark's colour: the review state once decided, else how it stands."""
    return v.state if v.state != sources.PROPOSED else f"match-{v.match}"


def _back(source_id: int, done: str, count: int, proposal_id: int | None = None) -> RedirectResponse:
    anchor = f"#p-{proposal_id}" if proposal_id else ""
    return RedirectResponse(f"/sources/{source_id}?{urlencode({'done': done, 'count': count})}{anchor}",
                            status_code=303)


def _notice(done: str, count: int) -> str | None:
    label = DONE.get(done)
    if label is None:
        return None
    return f"{label} {max(0, min(count, 100000))} 项" if done == "matched" else label
