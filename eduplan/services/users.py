"""Users, passwords, sign-in with rate limiting, and API tokens.

Passwords are hashed with argon2id (argon2-cffi). Failed sign-ins are stored in the
database, not in process memory, so every app process behind a proxy counts the same
attempts. API tokens are shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, delete, func, or_, select

from eduplan.domain import Role
from eduplan.errors import AuthenticationError, InputError, NotFoundError, RateLimitedError
from eduplan.services.access import Action, require, user_id
from eduplan.store.db import unit_of_work
from eduplan.store.models import ApiToken, LoginAttempt, ResponsibleUnit, User
from eduplan.store.models.base import utcnow
from eduplan.store.repositories import audit, units

_hasher = PasswordHasher()
LOGIN_WINDOW = timedelta(minutes=5)
MIN_PASSWORD = 8


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None
    unit_name: str | None
    is_active: bool


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(engine: Engine, username: str, password: str, role: str, *, unit: str | None = None,
                display_name: str = "", actor: User | None = None) -> UserInfo:
    username = username.strip()
    if not username or len(username) > 64:
        raise InputError("用户名不能为空，且不超过64个字符")
    if role not in {r.value for r in Role}:
        raise InputError(f"未知角色：{role}", hint="可选 admin、planner、unit、viewer")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少需要{MIN_PASSWORD}个字符")
    with unit_of_work(engine) as session:
        require(actor, Action.USER)
        if session.scalar(select(User).where(User.username == username)):
            raise InputError(f"用户名已存在：{username}")
        unit_row = None
        if role == Role.UNIT:
            if not unit:
                raise InputError("责任单位用户必须绑定一个责任单位", hint="使用 --unit 指定单位名称")
            unit_row = units.named(session, unit)
        user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                    role=role, unit_id=unit_row.id if unit_row else None)
        session.add(user)
        session.flush()
        audit.record(session, user_id=user_id(actor), action="create", object_type="user", object_id=user.id,
                     summary=f"创建用户 {username}（{Role(role).label}）", new={"username": username, "role": role,
                                                                          "unit": unit})
        return _info(user, unit_row)


def set_password(engine: Engine, username: str, password: str, *, actor: User | None = None) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少需要{MIN_PASSWORD}个字符")
    with unit_of_work(engine) as session:
        require(actor, Action.USER)
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"找不到用户：{username}")
        user.password_hash = hash_password(password)
        audit.record(session, user_id=user_id(actor), action="update", object_type="user", object_id=user.id,
                     summary=f"重设用户 {username} 的密码")


def list_users(engine: Engine) -> list[UserInfo]:
    with unit_of_work(engine) as session:
        rows = session.execute(select(User, ResponsibleUnit).outerjoin(ResponsibleUnit, User.unit_id == ResponsibleUnit.id)
                               .order_by(User.username)).all()
        return [_info(u, unit) for u, unit in rows]


def get_user(engine: Engine, uid: int) -> User | None:
    with unit_of_work(engine) as session:
        user = session.get(User, uid)
        if user is not None:
            session.expunge(user)
        return user


def authenticate(engine: Engine, username: str, password: str, ip: str, *, limit: int) -> User:
    """The user for these credentials; raises after ``limit`` failures in five minutes."""
    username = (username or "").strip()[:64]
    since = utcnow() - LOGIN_WINDOW
    with unit_of_work(engine) as session:
        failures = session.scalar(select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.at >= since, or_(LoginAttempt.username == username, LoginAttempt.ip == ip)))
        if failures >= limit:
            raise RateLimitedError("登录失败次数过多，请5分钟后再试")
        user = session.scalar(select(User).where(User.username == username))
        if user is None or not user.is_active or not verify_password(user.password_hash, password):
            session.add(LoginAttempt(username=username, ip=ip[:64]))
            session.commit()
            raise AuthenticationError("用户名或密码错误")
        session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
        session.expunge(user)
        return user


def create_api_token(engine: Engine, username: str, name: str, *, actor: User | None = None) -> str:
    """A new token for scripts; the plain token is returned once and never stored."""
    token = "edu_" + secrets.token_urlsafe(32)
    with unit_of_work(engine) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"找不到用户：{username}")
        if actor is not None and actor.id != user.id:
            require(actor, Action.USER)
        session.add(ApiToken(user_id=user.id, name=name[:100], token_hash=token_digest(token)))
        audit.record(session, user_id=user_id(actor), action="create", object_type="api_token", object_id=user.id,
                     summary=f"为 {username} 创建 API 令牌“{name}”")
    return token


def user_for_token(engine: Engine, token: str) -> User | None:
    with unit_of_work(engine) as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
        if row is None:
            return None
        user = session.get(User, row.user_id)
        if user is None or not user.is_active:
            return None
        now = utcnow()
        last = row.last_used_at
        if last is None or (last.tzinfo and now - last > timedelta(minutes=5)) or (
                last.tzinfo is None and now.replace(tzinfo=None) - last > timedelta(minutes=5)):
            row.last_used_at = now  # written at most every five minutes
        session.expunge(user)
        return user


def token_digest(token: str) -> str:
    """What is stored of an API token (its SHA-256), and how a presented token is looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


def _info(user: User, unit: ResponsibleUnit | None) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, user.role, user.unit_id,
                    unit.name if unit else None, user.is_active)


