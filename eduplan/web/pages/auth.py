"""登录 / 退出.

Signing in issues a new session with a new CSRF token (and a new visitor token), so a
token planted before the sign-in is worthless afterwards. Failed attempts slow down
(``users.login_delay``) — the wait happens here, on the event loop, not in a worker
thread. Signing out raises the user's session version: the cookie stops working on the
server, not only in this browser.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from eduplan.errors import AuthenticationError, RateLimitedError
from eduplan.web.deps import EngineDep, OptionalUserDep, SettingsDep
from eduplan.web.security import CSRF_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE, new_csrf_token
from eduplan.web.templating import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") \
        and "\\" not in target else "/"


def _cookie_warning(request: Request, settings) -> str | None:
    """Why signing in cannot work here: Secure cookies are dropped over plain HTTP."""
    if settings.secure_cookies and request.url.scheme == "http":
        return ("当前通过 HTTP 访问，而本系统的 Cookie 设为只经 HTTPS 发送（EDUPLAN_COOKIE_SECURE），"
                "浏览器会丢弃它们，登录将无法完成。请改用 https:// 地址访问；仅在可信的内网中，"
                "管理员可设置 EDUPLAN_COOKIE_SECURE=false。")
    return None


@router.get("/login")
def login_form(request: Request, user: OptionalUserDep, settings: SettingsDep, next: str | None = None):
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next), "warning": _cookie_warning(request, settings)})


@router.post("/login")
async def login(request: Request, engine: EngineDep, settings: SettingsDep, username: Annotated[str, Form()],
                password: Annotated[str, Form()], next: Annotated[str, Form()] = "/"):
    from eduplan.services.accounts.users import authenticate, login_delay

    ip = request.client.host if request.client else "unknown"
    try:
        delay = await run_in_threadpool(login_delay, engine, username, ip, limit=settings.login_rate_limit)
        if delay:
            await asyncio.sleep(delay)
        user = await run_in_threadpool(authenticate, engine, username, password, ip, limit=settings.login_rate_limit)
    except (AuthenticationError, RateLimitedError) as exc:
        return render(request, "login.html", {"error": exc, "next": _safe_next(next), "username": username[:64],
                                              "warning": _cookie_warning(request, settings)},
                      status_code=exc.http_status)
    response = RedirectResponse(_safe_next(next), status_code=303)
    secure = settings.secure_cookies
    response.set_cookie(SESSION_COOKIE, request.app.state.signer.dumps(user.id, user.password_stamp,
                                                                       user.session_version, new_csrf_token()),
                        max_age=SESSION_MAX_AGE, httponly=True, samesite="lax", secure=secure)
    response.set_cookie(CSRF_COOKIE, request.app.state.signer.anonymous_cookie(new_csrf_token()), httponly=True,
                        samesite="strict", secure=secure)
    return response


@router.post("/logout")
def logout(engine: EngineDep, settings: SettingsDep, user: OptionalUserDep):
    from eduplan.services.accounts.users import end_sessions

    if user is not None:
        end_sessions(engine, user.id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=settings.secure_cookies)
    return response
