"""规划: the list of plans (with upload) and the plan review screen.

* ``GET /plans`` — every plan with its targets counted by review state, tasks, projects;
  admin and planner also get the upload form.
* ``POST /plans`` — upload a plan file (.txt/.docx/.html/.pdf, multipart, at most
  ``settings.max_file_bytes``); suffix and content are checked, then the file is read,
  extracted and stored like ``eduplan ingest``. Errors are shown inline on the list.
* ``GET /plans/{id}`` — section tree, source text with every target highlighted, the
  target panel, and lists of targets, tasks and projects.
* ``GET /plans/{id}/targets/{tid}`` (and ``/edit``, ``/indicators?q=``) — panel partials.
* ``POST /plans/{id}/targets/{tid}`` (edit), ``/confirm``, ``/reject``, ``/link`` — review
  writes with the version the reviewer saw; the panel comes back with the changed lines
  of the source text and the review counts swapped out of band.
* ``GET /plans/{id}/targets/new?start=&end=`` — the add form for a text selection;
  ``POST /plans/{id}/targets`` creates the target.

Only admin and planner see edit controls; the services refuse everyone else's writes
(403), so a forged POST changes nothing.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from eduplan.domain import Comparator, DocType, TargetKind, comparator_sign, decimal_text
from eduplan.errors import ConflictError, InputError, NotFoundError
from eduplan.services import access
from eduplan.services.access import Action
from eduplan.services.dictionary.indicators import suggest_indicators
from eduplan.services.plans import drafts, targets
from eduplan.services.plans.uploads import SUFFIXES, ingest_upload
from eduplan.services.views.plans import list_plan_summaries, plan_review
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.params import MAX_ID, Flag, FormVersion, PathId
from eduplan.web.source_text import Span, lines_touching, section_lines, split_lines
from eduplan.web.templating import number, render
from eduplan.web.uploads import read_upload

if TYPE_CHECKING:
    from eduplan.store.repositories.targets import TargetRow

router = APIRouter()

UPLOAD_SUFFIXES = (*SUFFIXES, ".doc", ".wps")  # old Word files reach the reader, which says how to convert them


def plain(value) -> str:
    """A number for an input box: 98.50 → 98.5, 3.86E+9 → 3860000000, None → ""."""
    return decimal_text(value) or ""


def statement(t) -> str:
    """"≥ 98%（2025年）" for a target or a draft."""
    sign = comparator_sign(t.comparator)
    value = f"{number(t.value, 6)}{t.unit or ''}" if t.value is not None else ""
    year = f"（{t.year}年）" if t.year else ""
    return f"{sign} {value}{year}".strip()


FMT = SimpleNamespace(plain=plain, statement=statement, number=number,
                      comparators=targets.COMPARATOR_LABELS, kinds=targets.KIND_LABELS,
                      measures=targets.MEASURE_LABELS, directions=targets.DIRECTION_LABELS,
                      bases=targets.BASIS_LABELS,
                      states=targets.REVIEW_LABELS, doc_types={d.value: d.label for d in DocType})


def _ctx(user, **extra) -> dict:
    return {"fmt": FMT, "can_review": access.allowed(user, Action.TARGET), **extra}


# ---- the list and the upload ---------------------------------------------------------------

@router.get("/plans")
def plans_page(request: Request, engine: EngineDep, user: UserDep):
    return _list(request, engine, user)


@router.post("/plans")
def upload_plan(request: Request, engine: EngineDep, settings: SettingsDep, user: UserDep,
                file: Annotated[UploadFile | None, File()] = None, doc_type: Annotated[str, Form()] = "",
                region: Annotated[str, Form()] = ""):
    access.require(user, Action.PLAN)
    try:
        if file is None or not file.filename:
            raise InputError("请选择要上传的规划文件", hint="支持 .txt、.docx、.html、.pdf")
        data, name = read_upload(file, max_bytes=settings.max_file_bytes, suffixes=UPLOAD_SUFFIXES)
        result = ingest_upload(engine, data, name, workdir=settings.data_dir / "tmp",
                               max_bytes=settings.max_file_bytes, doc_type=doc_type or None,
                               region=region.strip() or None, actor=user, max_unzipped=settings.max_unzipped_bytes,
                               timeout=settings.parse_timeout)
    except InputError as exc:
        return _list(request, engine, user, error=exc, status_code=exc.http_status)
    return RedirectResponse(f"/plans/{result.plan_id}?{'uploaded' if result.created else 'known'}=1",
                            status_code=303)


def _list(request: Request, engine, user, *, error: InputError | None = None, status_code: int = 200):
    return render(request, "plans.html", _ctx(
        user, plans=list_plan_summaries(engine), can_upload=access.allowed(user, Action.PLAN), error=error,
        doc_types=list(DocType), accept=",".join(SUFFIXES)), status_code=status_code)


# ---- the review screen ---------------------------------------------------------------------

@router.get("/plans/{plan_id}")
def plan_page(request: Request, plan_id: PathId, engine: EngineDep, user: UserDep, uploaded: Flag = 0, known: Flag = 0):
    review = plan_review(engine, plan_id, actor=user)
    lines, where, heads = _source(review)
    return render(request, "plan.html", _ctx(
        user, review=review, plan=review.summary, lines=lines, section_line=where, heads=heads,
        uploaded=bool(uploaded), known=bool(known), kinds=list(TargetKind), comparators=list(Comparator)))


@router.post("/plans/{plan_id}/confirm")
def confirm_rows(request: Request, plan_id: PathId, engine: EngineDep, user: UserDep,
                 target_ids: Annotated[str, Form()] = ""):
    """全部确认: the pending rows of one indicator table (ids separated by commas)."""
    ids = [int(x) for x in target_ids.replace("，", ",").split(",") if x.strip().isdigit() and len(x.strip()) <= 12]
    ids = [i for i in ids if 1 <= i <= MAX_ID]
    targets.confirm_targets(engine, plan_id, actor=user, target_ids=ids)
    return RedirectResponse(f"/plans/{plan_id}#targets", status_code=303)


@router.get("/plans/{plan_id}/targets/new")
def new_target_form(request: Request, plan_id: PathId, engine: EngineDep, user: UserDep, start: str = "",
                    end: str = ""):
    draft = drafts.draft_target(engine, plan_id, start, end, actor=user)
    return render(request, "_target_new.html", _ctx(user, draft=draft, values=_draft_values(draft), plan_id=plan_id))


@router.post("/plans/{plan_id}/targets")
def add_target(request: Request, plan_id: PathId, engine: EngineDep, user: UserDep, start: Annotated[str, Form()],
               end: Annotated[str, Form()], quote: Annotated[str, Form()] = "",
               indicator_name: Annotated[str, Form()] = "", comparator: Annotated[str, Form()] = "",
               value: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
               year: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "target"):
    values = {"indicator_name": indicator_name, "comparator": comparator, "value": value, "unit": unit,
              "year": year, "kind": kind}
    try:
        info = targets.add_target(engine, plan_id, actor=user, start=start, end=end, indicator=indicator_name,
                                  comparator=comparator, value=value, unit=unit, year=year, kind=kind,
                                  quote=quote.replace("\r\n", "\n") or None)
    except InputError as exc:
        try:
            draft = drafts.draft_target(engine, plan_id, start, end, actor=user)
        except InputError:
            raise exc from None
        return render(request, "_target_new.html", _ctx(user, draft=draft, values=values, plan_id=plan_id,
                                                       error=exc), status_code=exc.http_status)
    return _panel(request, engine, user, info, changed=True, created=True)


@router.get("/plans/{plan_id}/targets/{target_id}")
def target_panel(request: Request, plan_id: PathId, target_id: PathId, engine: EngineDep, user: UserDep):
    return _panel(request, engine, user, _target(engine, plan_id, target_id))


@router.get("/plans/{plan_id}/targets/{target_id}/edit")
def edit_form(request: Request, plan_id: PathId, target_id: PathId, engine: EngineDep, user: UserDep):
    access.require(user, Action.TARGET)
    info = _target(engine, plan_id, target_id)
    return render(request, "_target_form.html", _ctx(user, t=info, values=_values(info)))


@router.post("/plans/{plan_id}/targets/{target_id}")
def update(request: Request, plan_id: PathId, target_id: PathId, engine: EngineDep, user: UserDep,
           version: FormVersion, indicator_name: Annotated[str, Form()] = "",
           comparator: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
           unit: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "",
           kind: Annotated[str, Form()] = "target", measure: Annotated[str | None, Form()] = None,
           direction: Annotated[str | None, Form()] = None, entry_basis: Annotated[str | None, Form()] = None):
    current = _target(engine, plan_id, target_id)
    values = {"indicator_name": indicator_name, "comparator": comparator, "value": value, "unit": unit,
              "year": year, "kind": kind}
    for key, sent in (("measure", measure), ("direction", direction), ("entry_basis", entry_basis)):
        if sent is not None:  # fields the form did not send keep their value
            values[key] = sent
    try:
        info = targets.update_target(engine, target_id, actor=user, expected_version=version, **values)
    except ConflictError as exc:
        return _panel(request, engine, user, _target(engine, plan_id, target_id), error=exc, status_code=409,
                      refresh=True)
    except InputError as exc:
        return render(request, "_target_form.html", _ctx(user, t=current, values=values, version=version,
                                                         error=exc), status_code=exc.http_status)
    return _panel(request, engine, user, info, changed=True)


@router.post("/plans/{plan_id}/targets/{target_id}/confirm")
def confirm(request: Request, plan_id: PathId, target_id: PathId, engine: EngineDep, user: UserDep,
            version: FormVersion):
    _target(engine, plan_id, target_id)
    return _write(request, engine, user, plan_id, target_id,
                  lambda: targets.confirm_target(engine, target_id, actor=user, expected_version=version))


@router.post("/plans/{plan_id}/targets/{target_id}/reject")
def reject(request: Request, plan_id: PathId, target_id: PathId, engine: EngineDep, user: UserDep,
           version: FormVersion, reason: Annotated[str, Form()] = ""):
    _target(engine, plan_id, target_id)
    return _write(request, engine, user, plan_id, target_id,
                  lambda: targets.reject_target(engine, target_id, actor=user, expected_version=version,
                                                reason=reason or None))


@router.get("/plans/{plan_id}/targets/{target_id}/indicators")
def indicator_suggestions(request: Request, plan_id: PathId, target_id: PathId, engine: EngineDep, user: UserDep,
                          q: str = ""):
    access.require(user, Action.TARGET)
    info = _target(engine, plan_id, target_id)
    return render(request, "_target_suggestions.html",
                  _ctx(user, t=info, q=q, suggestions=suggest_indicators(engine, q)))


@router.post("/plans/{plan_id}/targets/{target_id}/link")
def link(request: Request, plan_id: PathId, target_id: PathId, engine: EngineDep, user: UserDep,
         version: FormVersion, indicator: Annotated[str, Form()]):
    _target(engine, plan_id, target_id)
    return _write(request, engine, user, plan_id, target_id,
                  lambda: targets.link_target(engine, target_id, indicator, actor=user, expected_version=version))


# ---- helpers ---------------------------------------------------------------------------------

def _write(request: Request, engine, user, plan_id: int, target_id: int, call):
    try:
        info = call()
    except ConflictError as exc:
        return _panel(request, engine, user, _target(engine, plan_id, target_id), error=exc, status_code=409,
                      refresh=True)
    except (InputError, NotFoundError) as exc:
        return _panel(request, engine, user, _target(engine, plan_id, target_id), error=exc,
                      status_code=exc.http_status)
    return _panel(request, engine, user, info, changed=True)


def _target(engine, plan_id: int, target_id: int) -> TargetRow:
    info = targets.get_target(engine, target_id)
    if info.plan_id != plan_id:
        raise NotFoundError(f"规划 {plan_id} 中没有目标 {target_id}")
    return info


def _panel(request: Request, engine, user, info: TargetRow, *, changed: bool = False,
           created: bool = False, refresh: bool = False, error=None, status_code: int = 200):
    """The target panel; after a change (or a conflict: ``refresh``) also the source lines
    it touches, the review counts and its row in the targets table, swapped out of band."""
    review = plan_review(engine, info.plan_id, actor=user, work=False)
    overlapping = [t for t in review.targets if t.id != info.id and t.start is not None and info.start is not None
                   and t.start < info.end and info.start < t.end]
    oob = []
    if changed or refresh:
        lines, _, heads = _source(review)
        oob = [ln.html(oob=True, extra_class=f"head lvl-{heads[ln.index]}" if ln.index in heads else "")
               for ln in lines_touching(lines, info.start, info.end)]
    return render(request, "_target_panel.html", _ctx(
        user, t=info, review=review, overlapping=overlapping, oob_lines=oob, changed=changed, created=created,
        refresh=refresh, error=error), status_code=status_code)


def _source(review) -> tuple[list, dict[int, int], dict[int, int]]:
    """(lines of the text, section id → line index, line index → level of the heading on it)."""
    lines = split_lines(review.text, _spans(review.targets))
    flat = list(_walk(review.sections))
    where = section_lines(lines, {s.id: s.start for s in flat})
    heads: dict[int, int] = {}
    for s in flat:  # a heading on a line of its own is set bold; one that opens a paragraph is not
        line = lines[where[s.id]]
        if line.end - line.start <= len(s.number) + len(s.title) + 6:
            heads.setdefault(line.index, s.level)
    return lines, where, heads


def _spans(items) -> list[Span]:
    return [Span(t.id, t.start, t.end, t.review_state,
                 f"{t.indicator_name} {statement(t)} · {targets.REVIEW_LABELS.get(t.review_state, t.review_state)}")
            for t in items if t.start is not None and t.end is not None]


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _values(t) -> dict[str, str]:
    return {"indicator_name": t.indicator_name, "comparator": t.comparator, "value": plain(t.value),
            "unit": t.unit or "", "year": str(t.year or ""), "kind": t.kind,
            "measure": getattr(t, "measure", None) or "", "direction": getattr(t, "direction", None) or "",
            "entry_basis": getattr(t, "entry_basis", None) or ""}


def _draft_values(d: drafts.TargetDraft) -> dict[str, str]:
    return _values(d)

