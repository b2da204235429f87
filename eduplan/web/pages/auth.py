"""登录 / 退出."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from eduplan.errors import AuthenticationError, RateLimitedError
from eduplan.web.deps import EngineDep, OptionalUserDep, SettingsDep
from eduplan.web.security import SESSION_COOKIE, SESSION_MAX_AGE
from eduplan.web.templating import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_form(request: Request, user: OptionalUserDep, next: str | None = None):
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next)})


@router.post("/login")
def login(request: Request, engine: EngineDep, settings: SettingsDep, username: Annotated[str, Form()],
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/"):
    from eduplan.services.users import authenticate

    ip = request.client.host if request.client else "unknown"
    try:
        user = authenticate(engine, username, password, ip, limit=settings.login_rate_limit)
    except (AuthenticationError, RateLimitedError) as exc:
        return render(request, "login.html", {"error": exc.message, "next": _safe_next(next), "username": username},
                      status_code=exc.http_status)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, request.app.state.signer.dumps(user.id, user.password_hash),
                        max_age=SESSION_MAX_AGE, httponly=True, samesite="lax", secure=settings.env == "prod")
    return response


@router.post("/logout")
def logout():
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
