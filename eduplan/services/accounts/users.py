"""Users, passwords, sign-in with rate limiting, and API tokens.

Passwords are hashed with argon2id (argon2-cffi). Failed sign-ins are stored in the
database, not in process memory, so every app process behind a proxy counts the same
attempts. API tokens are shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, delete, func, select

from eduplan.domain import Role
from eduplan.errors import AuthenticationError, InputError, NotFoundError, RateLimitedError
from eduplan.services.access import Action, Actor, require, user_id
from eduplan.store.db import unit_of_work
from eduplan.store.models import ApiToken, LoginAttempt, Region, ResponsibleUnit, User
from eduplan.store.models.base import utcnow
from eduplan.store.repositories import audit
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import units as unit_repo

_hasher = PasswordHasher()
LOGIN_WINDOW = timedelta(minutes=5)
MAX_DELAY = 8.0  # seconds: the longest a sign-in attempt is held back
MIN_PASSWORD = 8


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
                display_name: str = "", regions: list[str] | None = None, actor: Actor | None = None) -> Actor:
    """A new account. A unit user needs its unit and at least one region (name or code):
    it writes data only there; a planner with regions is held to them for data."""
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
            unit_row = unit_repo.named(session, unit)
            if not regions:
                raise InputError("责任单位用户必须指定至少一个区域", hint="使用 --region 指定区域名称或区划代码，可重复")
        granted = _regions(session, regions or [])
        user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                    role=role, unit_id=unit_row.id if unit_row else None, regions=granted)
        session.add(user)
        session.flush()
        audit.record(session, user_id=user_id(actor), action="create", object_type="user", object_id=user.id,
                     summary=f"创建用户 {username}（{Role(role).label}）",
                     new={"username": username, "role": role, "unit": unit, "regions": [r.name for r in granted]})
        return _info(user, unit_row)


def set_user_regions(engine: Engine, username: str, regions: list[str], *, actor: Actor | None = None) -> Actor:
    """Replace the regions a user reports for (names or codes)."""
    with unit_of_work(engine) as session:
        require(actor, Action.USER)
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"找不到用户：{username}")
        if user.role == Role.UNIT and not regions:
            raise InputError("责任单位用户必须保留至少一个区域", hint="使用 --region 指定区域名称或区划代码")
        old = [r.name for r in user.regions]
        user.regions = _regions(session, regions)
        new = [r.name for r in user.regions]
        if old != new:
            user.session_version = (user.session_version or 1) + 1  # sessions carry the old rights: sign them out
            audit.record(session, user_id=user_id(actor), action="update", object_type="user", object_id=user.id,
                         summary=f"调整用户 {username} 的区域：{'、'.join(old) or '（无）'} → {'、'.join(new)}",
                         old={"regions": old}, new={"regions": new})
        return _info(user, user.unit)


def _regions(session, refs: list[str]) -> list[Region]:
    """Regions by name or code, in the order given; ``InputError`` naming every unknown one."""
    found: list[Region] = []
    unknown: list[str] = []
    for ref in dict.fromkeys(r.strip() for r in refs if r and r.strip()):
        region = region_repo.by_code(session, ref) if ref.isdigit() else None
        region = region or region_repo.by_name(session, ref)
        if region is None:
            unknown.append(ref)
        elif region not in found:
            found.append(region)
    if unknown:
        raise InputError(f"未知区域：{'、'.join(unknown)}", hint="用 eduplan region list 查看已导入的区域名称和代码")
    return found


def set_password(engine: Engine, username: str, password: str, *, actor: Actor | None = None) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少需要{MIN_PASSWORD}个字符")
    with unit_of_work(engine) as session:
        require(actor, Action.USER)
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"找不到用户：{username}")
        user.password_hash = hash_password(password)
        user.session_version = (user.session_version or 1) + 1
        audit.record(session, user_id=user_id(actor), action="update", object_type="user", object_id=user.id,
                     summary=f"重设用户 {username} 的密码")


def list_users(engine: Engine) -> list[Actor]:
    with unit_of_work(engine) as session:
        rows = session.execute(select(User, ResponsibleUnit).outerjoin(ResponsibleUnit, User.unit_id == ResponsibleUnit.id)
                               .order_by(User.username)).all()
        return [_info(u, unit) for u, unit in rows]


def get_user(engine: Engine, uid: int) -> User | None:
    """The stored account row, detached (the command line and tests; the web app gets an
    ``Actor`` from ``session_actor`` or ``token_actor``)."""
    with unit_of_work(engine) as session:
        user = session.get(User, uid)
        if user is not None:
            session.expunge(user)
        return user


def session_actor(engine: Engine, uid: int, *, session_version: int, password_stamp: str) -> Actor | None:
    """The actor of a session cookie: its user, active, with the session version and the
    password the cookie was issued for; None when any of that has changed since."""
    with unit_of_work(engine) as session:
        user = session.get(User, uid)
        if user is None or not user.is_active or user.session_version != session_version \
                or _stamp(user.password_hash) != password_stamp:
            return None
        return _info(user, user.unit)


def login_delay(engine: Engine, username: str, ip: str, *, limit: int) -> float:
    """How long to hold this sign-in attempt back, in seconds; ``RateLimitedError`` when
    this address has failed ``limit`` times for this user within five minutes.

    Failures slow down, they never lock: past ``limit`` failures for a user (from any
    address) or from an address (for any user), each further attempt waits longer
    (0.5 s doubling up to ``MAX_DELAY``), so guessing is slow while the right password
    still works from another address, and colleagues behind one office address can still
    sign in. Only the pair that keeps failing — this user from this address — is refused
    for the rest of the window.
    """
    username = (username or "").strip()[:64]
    ip = ip[:64]
    since = utcnow() - LOGIN_WINDOW
    with unit_of_work(engine) as session:
        recent = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at >= since)
        pair = session.scalar(recent.where(LoginAttempt.username == username, LoginAttempt.ip == ip)) or 0
        if pair >= limit:
            raise RateLimitedError("该账号从本地址登录失败次数过多，请5分钟后再试",
                                   hint="其他账号和其他地址的登录不受影响；忘记密码请联系管理员重设")
        by_user = session.scalar(recent.where(LoginAttempt.username == username)) or 0
        by_ip = session.scalar(recent.where(LoginAttempt.ip == ip)) or 0
    excess = max(by_user, by_ip) - limit
    return 0.0 if excess < 0 else min(MAX_DELAY, 0.5 * 2 ** min(excess, 16))


def authenticate(engine: Engine, username: str, password: str, ip: str, *, limit: int) -> Actor:
    """The user for these credentials. An unknown or inactive user costs the same password
    check as a known one (no way to tell user names apart by the time of the answer).
    Call ``login_delay`` first; this checks the per-address limit again."""
    username = (username or "").strip()[:64]
    ip = ip[:64]
    login_delay(engine, username, ip, limit=limit)
    with unit_of_work(engine) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is not None and user.is_active:
            ok = verify_password(user.password_hash, password)
        else:
            verify_password(_dummy_hash(), password)  # the same work as for a real account
            ok = False
        if not ok:
            session.add(LoginAttempt(username=username, ip=ip))
            session.commit()
            raise AuthenticationError("用户名或密码错误")
        session.execute(delete(LoginAttempt).where(LoginAttempt.username == username, LoginAttempt.ip == ip))
        return _info(user, user.unit)


def end_sessions(engine: Engine, user_id: int) -> None:
    """Sign a user out everywhere: every session cookie issued before stops working."""
    with unit_of_work(engine) as session:
        user = session.get(User, user_id)
        if user is not None:
            user.session_version = (user.session_version or 1) + 1


_dummy: tuple[PasswordHasher, str] | None = None


def _dummy_hash() -> str:
    """A hash made with the current hasher (and so its cost), for unknown user names."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def create_api_token(engine: Engine, username: str, name: str, *, actor: Actor | None = None) -> str:
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


def token_actor(engine: Engine, token: str) -> Actor | None:
    """The actor of an API token (None when unknown, revoked or its user inactive)."""
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
        return _info(user, user.unit)


def token_digest(token: str) -> str:
    """What is stored of an API token (its SHA-256), and how a presented token is looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


def _info(user: User, unit: ResponsibleUnit | None) -> Actor:
    """The one place an account row becomes an ``Actor``."""
    return Actor(user.id, user.username, user.display_name, user.role, user.unit_id, unit.name if unit else None,
                 user.is_active, tuple(r.name for r in user.regions), frozenset(r.id for r in user.regions),
                 user.session_version or 1, _stamp(user.password_hash))


def _stamp(password_hash: str) -> str:
    """What a session keeps of the password hash: a new password makes it differ."""
    return password_hash[-16:]


