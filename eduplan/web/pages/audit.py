"""审计日志: who changed what, when, and from which value to which.

``GET /audit`` filters by user, object type, object id and date range (Beijing dates),
newest first, 50 a page; htmx requests get the results only. Admin, planner and viewer
see every entry; a unit user sees its own actions (``services.views.audit``).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from eduplan.errors import InputError
from eduplan.services.views.audit import search_audit
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.forms import optional_int
from eduplan.web.templating import render

router = APIRouter()


def _date(text: str | None, label: str, problems: list[str]) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{label}“{text}”不是日期（应为 2026-03-01 这样的格式），已忽略")
        return None


@router.get("/audit")
def audit_page(request: Request, engine: EngineDep, user: UserDep, user_id: str | None = None,
               object_type: str | None = None, object_id: str | None = None, date_from: str | None = None,
               date_to: str | None = None, page: str | None = None):
    problems: list[str] = []
    filters = {"user_id": optional_int(user_id), "object_type": (object_type or "").strip() or None,
               "object_id": optional_int(object_id), "date_from": _date(date_from, "开始日期", problems),
               "date_to": _date(date_to, "结束日期", problems)}
    if (object_id or "").strip() and filters["object_id"] is None:
        problems.append(f"对象编号“{object_id}”不是数字，已忽略")
    result = search_audit(engine, actor=user, page=optional_int(page) or 1, **filters)
    query = {k: v for k, v in filters.items() if v is not None}
    if result.own_only:
        query.pop("user_id", None)

    def page_url(n: int) -> str:
        return "/audit?" + urlencode({**query, "page": n})

    error = InputError("筛选条件有误", hint="；".join(problems)) if problems else None
    name = "_audit_results.html" if request.headers.get("hx-request") else "audit.html"
    return render(request, name, {"result": result, "filters": filters, "page_url": page_url, "error": error})
