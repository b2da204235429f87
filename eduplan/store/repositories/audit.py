from __future__ import annotations

from sqlalchemy.orm import Session

from eduplan.store.models import AuditEntry


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
