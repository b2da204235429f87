"""报告: choose a plan, year, region and format, download the mid-term evaluation report
(DOCX, single-file HTML, Markdown) or the supervision list (XLSX).

``GET /reports`` shows the form; ``GET /reports/download?plan=&as_of=&region=&format=&include_unreviewed=&to=&issuer=&date=``
returns the file (reviewed targets only unless ``include_unreviewed``). Reading only: every signed-in role (admin, planner, viewer, unit) may
download.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from eduplan.domain import Role
from eduplan.errors import InputError
from eduplan.services.access import Actor
from eduplan.services.evaluation.reports import ReportOptions, parse_date, render_report
from eduplan.services.evaluation.results import configured_thresholds
from eduplan.services.views.reports import report_form
from eduplan.web.deps import EngineDep, SettingsDep, require_role
from eduplan.web.forms import optional_int
from eduplan.web.params import FIRST_YEAR, LAST_YEAR
from eduplan.web.templating import render

router = APIRouter()

ReaderDep = Annotated[Actor, Depends(require_role(Role.ADMIN, Role.PLANNER, Role.VIEWER, Role.UNIT))]


@router.get("/reports")
def reports_page(request: Request, engine: EngineDep, user: ReaderDep):
    return render(request, "reports.html", {"form": report_form(engine)})


@router.get("/reports/download")
def download(engine: EngineDep, settings: SettingsDep, user: ReaderDep, plan: str = "", as_of: str = "",
             region: str = "", format: str = "docx",  # noqa: A002 - the query parameter's name
             include_unreviewed: bool = False, approved_only: str = "", to: str = "", issuer: str = "",
             date: str = ""):
    if not plan.strip():
        raise InputError("请选择规划")
    year = optional_int(as_of, low=FIRST_YEAR, high=LAST_YEAR, label="评估年份")
    if year is None:
        raise InputError(f"评估年份“{as_of[:20]}”不是年份", hint="请填写四位年份，如 2023")
    thresholds = configured_thresholds(settings)
    options = ReportOptions(to=to.strip() or None, issuer=issuer.strip() or None, date=parse_date(date))
    report = render_report(engine, plan.strip(), as_of=year, fmt=format, region=region.strip() or None,
                           thresholds=thresholds, include_unreviewed=include_unreviewed,
                           approved_only=approved_only.strip() in ("1", "true", "on"), options=options)
    suffix = report.filename.rsplit(".", 1)[-1]
    ascii_name = f"eduplan-report-{report.context.plan.plan_id}-{report.context.as_of}.{suffix}"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(report.filename)}"
    return Response(report.content, media_type=report.media_type, headers={"Content-Disposition": disposition})
