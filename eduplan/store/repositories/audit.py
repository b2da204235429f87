"""The audit log: writing an entry, searching entries, the latest changes, and the
database's change stamp (newest audit entry and observation) that keys cached views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, desc, func, select
from sqlalchemy.orm import Session

from eduplan.store.models import AuditEntry, Observation, User
from eduplan.store.repositories import listing


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: int
    at: datetime
    user: str | None  # display name (username when empty); None for the command line
    action: str
    object_type: str
    object_id: int | None
    summary: str
    old: dict | None
    new: dict | None


def record(
    session: Session,
    *,
    user_id: int | None,
    action: str,
    object_type: str,
    object_id: int | None,
    summary: str = "",
    old: dict | None = None,
    new: dict | None = None,
) -> AuditEntry:
    entry = AuditEntry(user_id=user_id, action=action, object_type=object_type, object_id=object_id,
                       summary=summary, old=old, new=new)
    session.add(entry)
    return entry


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


def object_types(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)))


def recent_changes(session: Session, limit: int = 10, *, user_id: int | None = None) -> list[ChangeRow]:
    """The latest audit entries (of one user when ``user_id`` is given), newest first,
    with the name of who made them."""
    who = func.coalesce(func.nullif(User.display_name, ""), User.username)
    query = (select(AuditEntry.id, AuditEntry.at, who, AuditEntry.action, AuditEntry.object_type,
                    AuditEntry.object_id, AuditEntry.summary, AuditEntry.old, AuditEntry.new)
             .outerjoin(User, User.id == AuditEntry.user_id).order_by(desc(AuditEntry.id)).limit(limit))
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    return [ChangeRow(*r) for r in session.execute(query)]


def change_stamp(session: Session) -> tuple[int, int]:
    """(max audit id, max observation id): changes whenever anything audited is written or an
    observation is added. Two primary-key lookups."""
    audit_max = select(func.max(AuditEntry.id)).scalar_subquery()
    obs_max = select(func.max(Observation.id)).scalar_subquery()
    row = session.execute(select(func.coalesce(audit_max, 0), func.coalesce(obs_max, 0))).one()
    return int(row[0]), int(row[1])
