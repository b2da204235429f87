"""API tokens for scripts: issue (``users.create_api_token``), list and revoke.

A user manages their own tokens; an admin manages anyone's. Revoking deletes the stored
hash, so the token stops working at once (the next request gets 401).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from eduplan.errors import NotFoundError
from eduplan.services.access import Action, Actor, require, user_id
from eduplan.services.accounts.users import create_api_token, token_digest
from eduplan.store.db import unit_of_work
from eduplan.store.models import ApiToken, User
from eduplan.store.repositories import audit
from eduplan.store.repositories import users as user_repo


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    name: str
    username: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    info: TokenInfo
    token: str  # shown once, never stored


def issue_token(engine: Engine, name: str, *, actor: Actor, username: str | None = None) -> IssuedToken:
    """A new token for ``username`` (default: the actor); only admins issue for others."""
    token = create_api_token(engine, username or actor.username, name, actor=actor)
    with unit_of_work(engine) as session:
        row = user_repo.token_by_hash(session, token_digest(token))
        owner = session.get(User, row.user_id)
        return IssuedToken(TokenInfo(row.id, row.name, owner.username, row.created_at, row.last_used_at), token)


def list_tokens(engine: Engine, *, actor: Actor, everyone: bool = False) -> list[TokenInfo]:
    """The actor's tokens; every user's when an admin asks for ``everyone``."""
    if everyone:
        require(actor, Action.USER)
    with unit_of_work(engine) as session:
        rows = user_repo.tokens(session, user_id=None if everyone else actor.id)
        return [TokenInfo(t.id, t.name, name, t.created_at, t.last_used_at) for t, name in rows]


def revoke_token(engine: Engine, token_id: int, *, actor: Actor) -> None:
    with unit_of_work(engine) as session:
        token = session.get(ApiToken, token_id)
        if token is None:
            raise NotFoundError(f"找不到 API 令牌：{token_id}")
        if token.user_id != actor.id:
            require(actor, Action.USER)
        owner = session.get(User, token.user_id)
        session.delete(token)
        audit.record(session, user_id=user_id(actor), action="delete", object_type="api_token", object_id=token.id,
                     summary=f"吊销 {owner.username if owner else token.user_id} 的 API 令牌“{token.name}”")
