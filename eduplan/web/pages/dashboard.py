"""一屏掌控: the leader's one screen.

``GET /`` renders the whole page; the plan and year selects ask the same URL with htmx
(``HX-Target: dashboard-panels``) and get only the panels back, pushing the URL so the
address stays shareable. ``GET /dashboard/regions`` is the region comparison fragment.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from eduplan.domain import Role
from eduplan.errors import InputError
from eduplan.services.evaluation.results import configured_thresholds
from eduplan.services.views.dashboard import build_dashboard, changes_scope, recent_changes, region_comparison
from eduplan.web import chart_options as charts
from eduplan.web.caching import ViewCacheDep, fragment
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.htmx import is_fragment
from eduplan.web.params import QueryId, QueryYear, RequiredQueryId, RequiredQueryYear
from eduplan.web.templating import render
from eduplan.web.view_format import fmt

router = APIRouter()

PANELS = "dashboard-panels"


def _year(as_of: int | None) -> int | None:
    if as_of is not None and not 1949 <= as_of <= 2100:
        raise InputError(f"年份 {as_of} 不在 1949–2100 之间")
    return as_of


@router.get("/")
def dashboard(request: Request, user: UserDep, engine: EngineDep, settings: SettingsDep, cache: ViewCacheDep,
              plan: QueryId = None, as_of: QueryYear = None, indicator: QueryId = None,
              include_unreviewed: bool = False):
    view = build_dashboard(engine, plan_id=plan, as_of=_year(as_of), indicator_id=indicator, cache=cache,
                           thresholds=configured_thresholds(settings), include_unreviewed=include_unreviewed)
    uploads = user.role in (Role.ADMIN, Role.PLANNER)  # the empty state links to the upload page
    scope = changes_scope(user)  # 最新变动: everyone's, or (a unit user) its own
    panels = fragment(cache, view.key and (*view.key, uploads, scope), "_dashboard_panels.html",
                      {"view": view, "fmt": fmt, "charts": charts, "user": user,
                       "recent": lambda: recent_changes(engine, actor=user)})  # read only when rendered
    headers = {"Vary": "HX-Request, HX-Target"}
    if is_fragment(request, PANELS):
        return HTMLResponse(panels, headers=headers)
    response = render(request, "dashboard.html", {"panels": panels})
    response.headers.update(headers)
    return response


@router.get("/dashboard/regions")
def regions(request: Request, user: UserDep, engine: EngineDep, settings: SettingsDep, cache: ViewCacheDep,
            plan: RequiredQueryId, as_of: RequiredQueryYear, indicator: RequiredQueryId,
            include_unreviewed: bool = False):
    comparison = region_comparison(engine, plan_id=plan, indicator_id=indicator, as_of=_year(as_of), cache=cache,
                                   thresholds=configured_thresholds(settings), include_unreviewed=include_unreviewed)
    return render(request, "_region_comparison.html", {"comparison": comparison, "fmt": fmt, "charts": charts})
