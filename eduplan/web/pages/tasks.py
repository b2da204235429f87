"""任务与项目: the key-task board and the construction-project table, with progress entry.

* ``GET /tasks?plan_id=&unit_id=`` — tasks grouped by responsible unit, in columns
  未启动 / 推进中 / 已完成 / 逾期 (past the due year and not done). htmx requests get the
  board only.
* ``POST /tasks/{id}/progress`` — progress %, status, note and year with the version the
  user saw (``services.plans.progress.record_task_progress``); the board comes back.
* ``GET /projects?plan_id=&unit_id=`` — planned vs done for every project.
* ``POST /projects/{id}/progress`` — stage, investment done (万元 on the form, 元 stored),
  seats delivered, note; the table comes back.

Everyone signed in sees everything; edit controls appear only where ``access.allowed``
says the user may report (admin and planner: all; a unit user: its own unit's tasks and
projects). The services check again, so a forged POST gets 403 and changes nothing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request

from eduplan.domain import TaskStatus
from eduplan.errors import ConflictError, InputError
from eduplan.services.plans.progress import record_project_progress, record_task_progress, set_project_units
from eduplan.services.views.projects import STAGES, project_table
from eduplan.services.views.tasks import COLUMN_LABELS, COLUMNS, task_board
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.forms import optional_int
from eduplan.web.params import FormVersion, PathId
from eduplan.web.templating import render

router = APIRouter()

STATUS_CHOICES = [("", "按进度自动判断")] + [(s.value, s.label) for s in TaskStatus]


def _number(text: str) -> int | str | None:
    """An integer from a form field; anything else goes to the service, which says what is wrong."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


def _filters(plan_id: int | None, unit_id: int | None) -> str:
    query = {k: v for k, v in (("plan_id", plan_id), ("unit_id", unit_id)) if v is not None}
    return f"?{urlencode(query)}" if query else ""


# ---- tasks -----------------------------------------------------------------------------------

@router.get("/tasks")
def tasks_page(request: Request, engine: EngineDep, user: UserDep, plan_id: str | None = None,
               unit_id: str | None = None, as_of: str | None = None):
    """``as_of``: the board as at the end of that year (default: today): a task is 逾期
    once its due year has ended."""
    board = task_board(engine, actor=user, plan_id=optional_int(plan_id), unit_id=optional_int(unit_id),
                       year=optional_int(as_of, low=1949, high=2100, label="截至年份"))
    name = "_task_board.html" if request.headers.get("hx-request") else "tasks.html"
    return render(request, name, _task_ctx(user, board))


@router.post("/tasks/{task_id}/progress")
def task_progress(request: Request, task_id: PathId, engine: EngineDep, user: UserDep,
                  version: FormVersion, progress: Annotated[str, Form()] = "",
                  status: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
                  year: Annotated[str, Form()] = "", plan_id: Annotated[str, Form()] = "",
                  unit_id: Annotated[str, Form()] = "", as_of: Annotated[str, Form()] = ""):
    message, error, status_code = None, None, 200
    try:
        result = record_task_progress(engine, task_id, year=_number(year) or date.today().year,
                                      progress=_number(progress), status=status or None, note=note.strip() or None,
                                      actor=user, expected_version=version)
        message = f"已保存：进度 {result.progress}%（{TaskStatus(result.status).label}）"
    except (ConflictError, InputError) as exc:
        error, status_code = exc, exc.http_status
    board = task_board(engine, actor=user, plan_id=optional_int(plan_id), unit_id=optional_int(unit_id),
                       year=optional_int(as_of, low=1949, high=2100, label="截至年份"))
    return render(request, "_task_board.html", _task_ctx(user, board, message=message, error=error,
                                                         focus=task_id), status_code=status_code)


def _task_ctx(user, board, **extra) -> dict:
    return {"board": board, "columns": COLUMNS, "column_labels": COLUMN_LABELS, "status_choices": STATUS_CHOICES,
            "own_unit": user.unit_id, "this_year": date.today().year,
            "years": list(range(date.today().year, 2015, -1)),
            "self_url": "/tasks" + _filters(board.plan_id, board.unit_id), **extra}


# ---- projects --------------------------------------------------------------------------------

@router.get("/projects")
def projects_page(request: Request, engine: EngineDep, user: UserDep, plan_id: str | None = None,
                  unit_id: str | None = None):
    table = project_table(engine, actor=user, plan_id=optional_int(plan_id), unit_id=optional_int(unit_id))
    name = "_project_table.html" if request.headers.get("hx-request") else "projects.html"
    return render(request, name, _project_ctx(user, table))


@router.post("/projects/{project_id}/progress")
def project_progress(request: Request, project_id: PathId, engine: EngineDep, user: UserDep,
                     version: FormVersion, stage: Annotated[str, Form()] = "",
                     investment_done: Annotated[str, Form()] = "", seats_done: Annotated[str, Form()] = "",
                     note: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "",
                     plan_id: Annotated[str, Form()] = "", unit_id: Annotated[str, Form()] = ""):
    message, error, status_code = None, None, 200
    try:
        result = record_project_progress(engine, project_id, year=_number(year) or date.today().year,
                                         stage=stage.strip() or None, investment_done=_yuan(investment_done),
                                         seats_done=seats_done.strip() or None, note=note.strip() or None,
                                         actor=user, expected_version=version)
        message = f"已保存项目进展（版本 {result.version}）"
    except (ConflictError, InputError) as exc:
        error, status_code = exc, exc.http_status
    table = project_table(engine, actor=user, plan_id=optional_int(plan_id), unit_id=optional_int(unit_id))
    return render(request, "_project_table.html", _project_ctx(user, table, message=message, error=error,
                                                               focus=project_id), status_code=status_code)


@router.post("/projects/{project_id}/units")
def project_units(request: Request, project_id: PathId, engine: EngineDep, user: UserDep, version: FormVersion,
                  units: Annotated[str, Form(max_length=500)] = "", plan_id: Annotated[str, Form()] = "",
                  unit_id: Annotated[str, Form()] = ""):
    """Change a project's 责任单位 (admin, planner): names separated by 、，, ; or spaces."""
    message, error, status_code = None, None, 200
    names = [n for n in re.split(r"[、，,;；\s]+", units) if n]
    try:
        saved = set_project_units(engine, project_id, names, actor=user, expected_version=version)
        message = f"已保存责任单位：{'、'.join(saved) or '（无）'}"
    except (ConflictError, InputError) as exc:
        error, status_code = exc, exc.http_status
    table = project_table(engine, actor=user, plan_id=optional_int(plan_id), unit_id=optional_int(unit_id))
    return render(request, "_project_table.html", _project_ctx(user, table, message=message, error=error,
                                                               focus=project_id), status_code=status_code)


def _yuan(wan: str) -> str | None:
    """万元 as typed → 元 for the service; text that is not a number passes through for
    the service's message."""
    text = (wan or "").strip().replace(",", "")
    if not text:
        return None
    try:
        return format((Decimal(text) * 10000).normalize(), "f")
    except InvalidOperation:
        return text


def _project_ctx(user, table, **extra) -> dict:
    return {"table": table, "stages": STAGES, "this_year": date.today().year,
            "self_url": "/projects" + _filters(table.plan_id, table.unit_id), **extra}
