"""Jinja2 environment shared by every page, with the helpers templates use."""

from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

from fastapi import Request
from fastapi.templating import Jinja2Templates

from eduplan.domain import STATUS_LABELS, Role, Status

templates = Jinja2Templates(directory=str(files("eduplan.web") / "templates"))


def number(value, digits: int = 2) -> str:
    """98.50 → 98.5, 30000 → 30000, None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal | float | int):
        text = f"{float(value):,.{digits}f}".rstrip("0").rstrip(".")
        return text
    return str(value)


def percent(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"


def status_label(code: str | None) -> str:
    try:
        return STATUS_LABELS[Status(code)]
    except ValueError:
        return code or ""


def role_label(code: str) -> str:
    try:
        return Role(code).label
    except ValueError:
        return code


templates.env.filters["number"] = number
templates.env.filters["percent"] = percent
templates.env.filters["status_label"] = status_label
templates.env.filters["role_label"] = role_label


def render(request: Request, name: str, context: dict | None = None, status_code: int = 200):
    """Render a page with the user and CSRF token every template needs."""
    ctx = dict(context or {})
    ctx.setdefault("user", getattr(request.state, "user", None))
    from eduplan.web.deps import csrf_token

    ctx.setdefault("csrf_token", csrf_token(request))
    ctx.setdefault("csp_nonce", getattr(request.state, "csp_nonce", ""))
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)
