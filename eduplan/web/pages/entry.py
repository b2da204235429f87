"""数据填报: the data-entry grid, one-cell saves, and file upload with a preview.

* ``GET /entry`` — choose plan, unit (unit users: their own) and year; the grid.
* ``POST /entry/cell`` — save one value (htmx); the cell comes back with feedback:
  saved, unchanged (200), a validation message (422) or a conflict (409).
* ``GET /entry/template`` — the fill-in workbook of the chosen plan (and unit).
* ``POST /entry/upload`` — check and stash the file, show what importing would change.
* ``POST /entry/import`` — the confirmed, all-or-nothing import of the stashed file.

The upload is kept between preview and confirmation in ``data_dir/uploads`` by content
hash (see ``eduplan.web.stash``): no server-side session state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from eduplan.domain import Role
from eduplan.errors import ConflictError, InputError
from eduplan.services import access
from eduplan.services.access import Action
from eduplan.services.exchange.templates import build_template
from eduplan.services.exchange.uploads import parse_data_upload
from eduplan.services.monitoring.approvals import approve_data, reopen_data, return_data, submit_data
from eduplan.services.monitoring.observations import import_observations
from eduplan.services.monitoring.preview import Change, Preview, preview_observations
from eduplan.services.views.entry import CellConflict, load_grid, save_cell
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.forms import MAX_ID, optional_int
from eduplan.web.params import FormId, FormVersion, FormYear, MAX_ID
from eduplan.web.stash import MAX_AGE_SECONDS, SUFFIXES, StashedFile, UploadStash
from eduplan.web.templating import render
from eduplan.web.uploads import read_upload, refuse_declared_size

router = APIRouter()


def _stash(settings) -> UploadStash:
    return UploadStash(settings.data_dir / "uploads")


def _grid_url(plan: int | None, unit: int | None, year: int | None) -> str:
    query = {k: v for k, v in (("plan", plan), ("unit", unit), ("year", year)) if v is not None}
    return "/entry" + (f"?{urlencode(query)}" if query else "")


DONE = {"submit": "已上报，等待规划科审核。", "approve": "已审核通过，数据已锁定。", "return": "已退回给填报单位。",
        "reopen": "已重新打开，数据可以修改。"}
STEPS = {"submit": submit_data, "approve": approve_data, "return": return_data, "reopen": reopen_data}


@router.get("/entry")
def entry_page(request: Request, user: UserDep, engine: EngineDep, plan: str | None = None,
               unit: str | None = None, year: str | None = None, done: str | None = None):
    grid = load_grid(engine, actor=user, plan=optional_int(plan), unit_id=optional_int(unit), year=optional_int(year))
    return render(request, "entry.html", {
        "grid": grid, "done": DONE.get(done or ""),
        "self_url": _grid_url(grid.plan.id if grid.plan else None, grid.unit_id, grid.year),
    })


@router.post("/entry/approval")
def entry_approval(request: Request, user: UserDep, engine: EngineDep, plan: Annotated[int, Form(ge=1, le=MAX_ID)],
                   unit: Annotated[int, Form(ge=1, le=MAX_ID)], year: Annotated[int, Form(ge=1949, le=2100)],
                   step: Annotated[str, Form(max_length=16)], version: Annotated[int, Form(ge=0, le=MAX_ID)] = 0,
                   comment: Annotated[str, Form(max_length=2000)] = ""):
    """上报 / 审核通过 / 退回 / 重新打开 from the grid; back to the grid with the outcome."""
    if step not in STEPS:
        raise InputError(f"未知操作：{step}", hint="可选 submit、approve、return、reopen")
    try:
        call = STEPS[step]
        if step == "return":
            call(engine, plan, unit, year, actor=user, comment=comment, expected_version=version)
        elif step == "submit":
            call(engine, plan, unit, year, actor=user, expected_version=version)
        else:
            call(engine, plan, unit, year, actor=user, comment=comment or None, expected_version=version)
    except (ConflictError, InputError) as exc:
        grid = load_grid(engine, actor=user, plan=plan, unit_id=unit, year=year)
        return render(request, "entry.html", {"grid": grid, "error": exc, "self_url": _grid_url(plan, unit, year)},
                      status_code=exc.http_status)
    return RedirectResponse(_grid_url(plan, unit, year) + f"&done={step}", status_code=303)


@router.post("/entry/cell")
def entry_cell(request: Request, user: UserDep, engine: EngineDep, plan: FormId,
               indicator: FormId, region: FormId, year: FormYear,
               version: FormVersion, value: Annotated[str, Form()] = "",
               source: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
               unit: Annotated[str, Form()] = ""):
    cell = {"plan": plan, "indicator": indicator, "region": region, "year": year, "version": version,
            "text": value, "reload": _grid_url(plan, optional_int(unit), year)}
    try:
        result = save_cell(engine, actor=user, plan=plan, indicator_id=indicator, region_id=region, year=year,
                           value=value, version=version, source=source.strip(), note=note.strip())
    except CellConflict as exc:
        return render(request, "_entry_cell.html", {"cell": {**cell, "state": "conflict", "error": exc,
                                                             "current": exc.current}}, status_code=409)
    except InputError as exc:
        return render(request, "_entry_cell.html", {"cell": {**cell, "state": "error", "error": exc}},
                      status_code=exc.http_status)
    state = "created" if result.created else "saved" if result.changed else "unchanged"
    return render(request, "_entry_cell.html", {"cell": {**cell, "state": state, "version": result.version,
                                                         "value": result.value, "old": result.old_value}})


@router.get("/entry/template")
def entry_template(user: UserDep, engine: EngineDep, plan: str | None = None, unit: str | None = None):
    plan_id = optional_int(plan)
    if plan_id is None:
        raise InputError("请先选择规划")
    unit_id = user.unit_id if user.role == Role.UNIT else optional_int(unit)
    template = build_template(engine, plan_id, unit_id=unit_id)
    disposition = f"attachment; filename=\"template.xlsx\"; filename*=UTF-8''{quote(template.filename)}"
    return Response(template.content, headers={"Content-Disposition": disposition},
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.post("/entry/upload")
async def entry_upload(request: Request, user: UserDep, engine: EngineDep, settings: SettingsDep):
    refuse_declared_size(request)  # before the body is read
    form = await request.form(max_files=1, max_fields=20)
    upload = form.get("file")
    plan = optional_int(str(form.get("plan") or ""))
    unit, year = optional_int(str(form.get("unit") or "")), optional_int(str(form.get("year") or ""))
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError("请选择要上传的文件", hint="填报模板（.xlsx）或 CSV 文件（.csv）")

    access.require_role(user, Action.OBSERVATION)  # before any work on the file

    def check_and_preview() -> tuple[Preview, StashedFile | None]:  # blocking work, off the event loop
        data, name = read_upload(upload, max_bytes=settings.max_file_bytes, suffixes=SUFFIXES,
                                 hint="请上传填报模板（.xlsx）或 CSV 文件（.csv）")
        parsed = parse_data_upload(data, name, max_unzipped=settings.max_unzipped_bytes,
                                   timeout=settings.parse_timeout)
        preview = preview_observations(engine, parsed, name=name, plan=plan, actor=user)
        keep = preview.ok and preview.writes  # only a preview that can be confirmed keeps the file
        return preview, _stash(settings).put(data, Path(name).suffix.lower(), name) if keep else None

    preview, stashed = await run_in_threadpool(check_and_preview)
    return render(request, "_entry_preview.html", {
        "preview": preview, "stashed": stashed, "plan": plan, "unit": unit, "year": year, "Change": Change,
        "changes": [r for r in preview.rows if r.change != Change.UNCHANGED],
        "unchanged": [r for r in preview.rows if r.change == Change.UNCHANGED],
        "hours": MAX_AGE_SECONDS // 3600,
    })


@router.post("/entry/import")
def entry_import(request: Request, user: UserDep, engine: EngineDep, settings: SettingsDep,
                 sha256: Annotated[str, Form()], suffix: Annotated[str, Form()], name: Annotated[str, Form()],
                 plan: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
                 year: Annotated[str, Form()] = ""):
    access.require_role(user, Action.OBSERVATION)
    stash = _stash(settings)
    stashed = stash.find(sha256, suffix, name)
    data = stash.read(stashed)
    parsed = parse_data_upload(data, stashed.name, max_unzipped=settings.max_unzipped_bytes,
                               timeout=settings.parse_timeout)
    result = import_observations(engine, parsed, name=stashed.name, plan=optional_int(plan), actor=user)
    stash.discard(stashed)
    return render(request, "_entry_imported.html", {
        "result": result, "reload": _grid_url(optional_int(plan), optional_int(unit), optional_int(year)),
    })
