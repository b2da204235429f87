"""Request dependencies: settings, engine, the signed-in user, role and CSRF checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from eduplan.config import Settings
from eduplan.domain import Role
from eduplan.errors import AuthenticationError, PermissionDeniedError
from eduplan.store.models import User
from eduplan.web.security import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, csrf_matches

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def optional_user(request: Request) -> User | None:
    """The user of a valid session cookie or API token (cached on the request)."""
    if hasattr(request.state, "user"):
        return request.state.user
    from eduplan.services.users import get_user, user_for_token

    user = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = user_for_token(request.app.state.engine, auth[7:].strip())
        request.state.via_token = user is not None
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        parsed = request.app.state.signer.loads(cookie) if cookie else None
        if parsed:
            uid, fragment = parsed
            candidate = get_user(request.app.state.engine, uid)
            if candidate and candidate.is_active and candidate.password_hash[-16:] == fragment:
                user = candidate
    request.state.user = user
    return user


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise AuthenticationError("请先登录")
    return user


def require_role(*roles: Role):
    allowed = {r.value for r in roles}

    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in allowed:
            raise PermissionDeniedError("您的角色没有此操作的权限")
        return user

    return check


async def verify_csrf(request: Request) -> None:
    """Unsafe requests from a browser session must echo the CSRF token (not API tokens)."""
    if request.method not in UNSAFE or getattr(request.state, "via_token", False) or \
            request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    if SESSION_COOKIE not in request.cookies and request.url.path != "/login":
        return  # no session to ride on: the sign-in check answers 401
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not csrf_matches(request.cookies.get(CSRF_COOKIE), sent):
        raise PermissionDeniedError("表单已过期或来源无效（CSRF 校验失败）", hint="请刷新页面后重试")


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
UserDep = Annotated[User, Depends(current_user)]
OptionalUserDep = Annotated[User | None, Depends(optional_user)]
