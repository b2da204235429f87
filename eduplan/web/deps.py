"""Request dependencies: settings, engine, the signed-in user, role and CSRF checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from eduplan.config import Settings
from eduplan.domain import Role
from eduplan.errors import AuthenticationError, PermissionDeniedError
from eduplan.services.access import Actor
from eduplan.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    csrf_matches,
)

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def optional_user(request: Request) -> Actor | None:
    """The user of a valid session cookie or API token (cached on the request)."""
    if hasattr(request.state, "user"):
        return request.state.user
    from eduplan.services.accounts.users import session_actor, token_actor

    user = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = token_actor(request.app.state.engine, auth[7:].strip())
        request.state.via_token = user is not None
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        session = request.app.state.signer.loads(cookie) if cookie else None
        if session:
            user = session_actor(request.app.state.engine, session.user_id, session_version=session.session_version,
                                 password_stamp=session.password_fragment)
            if user is not None:
                request.state.session = session  # its CSRF token is the one forms must echo
    request.state.user = user
    return user


def csrf_token(request: Request) -> str:
    """The CSRF token pages embed: the signed-in session's own, else the visitor's."""
    session = getattr(request.state, "session", None)
    if session is not None and getattr(request.state, "user", None) is not None:
        return session.csrf
    return getattr(request.state, "anonymous_csrf", "")


def current_user(user: Annotated[Actor | None, Depends(optional_user)]) -> Actor:
    if user is None:
        raise AuthenticationError("请先登录")
    return user


def require_role(*roles: Role):
    allowed = {r.value for r in roles}

    def check(user: Annotated[Actor, Depends(current_user)]) -> Actor:
        if user.role not in allowed:
            raise PermissionDeniedError("您的角色没有此操作的权限")
        return user

    return check


async def verify_csrf(request: Request) -> None:
    """Unsafe requests from a browser must echo the CSRF token (API tokens need none): the
    token inside a valid session, or on the login form the signed visitor token. A request
    with no valid session is left to the sign-in check, which answers 401."""
    if request.method not in UNSAFE or request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    if request.url.path == "/login":
        expected = request.app.state.signer.anonymous_token(request.cookies.get(CSRF_COOKIE))
    else:
        if SESSION_COOKIE not in request.cookies:
            return
        if await run_in_threadpool(optional_user, request) is None:
            return  # signed out or expired: the sign-in check answers 401
        expected = request.state.session.csrf
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not csrf_matches(expected, sent):
        raise _csrf_failure(request, cookie_missing=expected is None)


def _csrf_failure(request: Request, *, cookie_missing: bool) -> PermissionDeniedError:
    settings: Settings = request.app.state.settings
    if cookie_missing and settings.secure_cookies and request.url.scheme == "http":
        return PermissionDeniedError(
            "浏览器没有送回登录所需的 Cookie：当前通过 HTTP 访问，而本系统的 Cookie 只允许经 HTTPS 发送",
            hint="请改用 https:// 地址访问；仅在可信的内网中，管理员可设置 EDUPLAN_COOKIE_SECURE=false 后重启服务")
    if cookie_missing:
        return PermissionDeniedError("浏览器没有送回登录所需的 Cookie", hint="请允许本站使用 Cookie，刷新页面后重新登录")
    return PermissionDeniedError("表单已过期或来源无效（CSRF 校验失败）", hint="请刷新页面后重试")


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
UserDep = Annotated[Actor, Depends(current_user)]
OptionalUserDep = Annotated[Actor | None, Depends(optional_user)]
