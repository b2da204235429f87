"""Accounts as other screens name them, and API tokens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models import ApiToken, User


def names(session: Session) -> dict[int, str]:
    """User id → display name (or user name), for every user."""
    return {i: display or username for i, username, display in
            session.execute(select(User.id, User.username, User.display_name).order_by(User.id))}


def tokens(session: Session, *, user_id: int | None = None) -> list[tuple[ApiToken, str]]:
    """API tokens with their owner's username (every user's when ``user_id`` is None)."""
    query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return [(t, name) for t, name in session.execute(query)]


def token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))
