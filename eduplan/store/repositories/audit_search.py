"""Reading the audit log: filtered, newest first, one page at a time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from eduplan.store.models import AuditEntry, User
from eduplan.store.repositories import listing


def search(session: Session, *, user_id: int | None = None, object_type: str | None = None,
           object_id: int | None = None, since: datetime | None = None, until: datetime | None = None,
           limit: int = 50, offset: int = 0) -> tuple[list[AuditEntry], int]:
    """Entries matching every given filter (``since`` inclusive, ``until`` exclusive), newest
    first, and how many match in all."""
    query: Select = select(AuditEntry)
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return listing.page(session, query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()), limit=limit,
                        offset=offset)


def user_names(session: Session) -> dict[int, str]:
    """User id → display name (or user name), for every user."""
    return {i: display or username for i, username, display in
            session.execute(select(User.id, User.username, User.display_name).order_by(User.id))}


def object_types(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)))
