"""指标: the indicator dictionary and one indicator's page.

``GET /indicators`` lists the dictionary, 50 indicators a page; the filter box and the
pager ask the same URL with htmx (``HX-Target: indicator-rows``) and get only the table. ``GET /indicators/{id}``
shows the series of a region with the plan's target; choosing another region swaps the
chart fragment (``HX-Target: indicator-series``). ``POST /indicators/{id}`` saves an edit
of the indicator's properties (planners and admins; checked again by the service).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from eduplan.domain import Direction, IndicatorKind
from eduplan.errors import ConflictError, InputError
from eduplan.services.access import Action, allowed
from eduplan.services.dictionary.indicator_edit import update_indicator
from eduplan.services.evaluation.results import configured_thresholds
from eduplan.services.views.indicators import DIRECTION_LABELS, KIND_LABELS, indicator_page, indicator_table
from eduplan.web import chart_options as charts
from eduplan.web.caching import ViewCacheDep, fragment
from eduplan.web.deps import EngineDep, UserDep, get_settings
from eduplan.web.htmx import is_fragment
from eduplan.web.params import FormVersion, PageNumber, PathId, QueryId, QueryYear
from eduplan.web.templating import render
from eduplan.web.view_format import fmt

router = APIRouter()

ROWS = "indicator-rows"
SERIES = "indicator-series"


@router.get("/indicators")
def indicators(request: Request, user: UserDep, engine: EngineDep, cache: ViewCacheDep, q: str = "",
               review: bool = False, page: PageNumber = 1):
    listing = indicator_table(engine, query=q, review_only=review, page=page, cache=cache)
    rows = fragment(cache, listing.key, "_indicator_rows.html", {"listing": listing, "q": q, "review": review,
                                                                 "fmt": fmt})
    headers = {"Vary": "HX-Request, HX-Target"}
    if is_fragment(request, ROWS):
        return HTMLResponse(rows, headers=headers)
    response = render(request, "indicators.html", {"rows_html": rows, "q": q, "review": review})
    response.headers.update(headers)
    return response


def _page_context(request: Request, user, engine, cache, indicator_id: int, *, region: str | None,
                  plan: int | None, as_of: int | None) -> dict:
    page = indicator_page(engine, indicator_id, region=region or None, plan_id=plan, as_of=as_of, cache=cache,
                          thresholds=configured_thresholds(get_settings(request)))
    shared = {"page": page, "fmt": fmt, "charts": charts}
    return {**shared, "can_edit": allowed(user, Action.INDICATOR),
            "series_html": fragment(cache, page.key, "_indicator_series.html", shared),
            "compare_html": fragment(cache, page.key and ("compare", indicator_id, page.key[-1]),  # any region
                                     "_indicator_compare.html", shared),
            "kinds": [(k.value, KIND_LABELS[k.value]) for k in IndicatorKind],
            "directions": [(d.value, DIRECTION_LABELS[d.value]) for d in Direction]}


@router.get("/indicators/{indicator_id}")
def indicator(request: Request, user: UserDep, engine: EngineDep, cache: ViewCacheDep, indicator_id: PathId,
              region: str | None = None, plan: QueryId = None, as_of: QueryYear = None, saved: bool = False):
    ctx = _page_context(request, user, engine, cache, indicator_id, region=region, plan=plan, as_of=as_of)
    ctx["saved"] = saved
    headers = {"Vary": "HX-Request, HX-Target"}
    if is_fragment(request, SERIES):
        return HTMLResponse(ctx["series_html"], headers=headers)
    response = render(request, "indicator.html", ctx)
    response.headers.update(headers)
    return response


@router.post("/indicators/{indicator_id}")
def edit_indicator(request: Request, user: UserDep, engine: EngineDep, cache: ViewCacheDep, indicator_id: PathId,
                   version: FormVersion, kind: Annotated[str, Form()], direction: Annotated[str, Form()],
                   precision: Annotated[str, Form()], unit: Annotated[str, Form()] = "",
                   max_value: Annotated[str, Form()] = ""):
    fields = {"unit": unit, "kind": kind, "direction": direction, "precision": precision, "max_value": max_value}
    try:
        update_indicator(engine, indicator_id, actor=user, expected_version=version, **fields)
    except (ConflictError, InputError) as exc:
        ctx = _page_context(request, user, engine, cache, indicator_id, region=None, plan=None, as_of=None)
        ctx.update(form_error=exc, submitted=fields)
        return render(request, "indicator.html", ctx, status_code=exc.http_status)
    return RedirectResponse(f"/indicators/{indicator_id}?saved=1", status_code=303)
