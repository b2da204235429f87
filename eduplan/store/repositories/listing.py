"""Paged reads for the JSON API and the screens: one query for the page and one for the
total, whatever the page size. Each aggregate's module builds its filtered ``Select``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


def page(session: Session, query: Select, *, limit: int, offset: int) -> tuple[list[Any], int]:
    """(rows of one page, total rows of the query)."""
    total = count(session, query)
    rows = list(session.execute(query.limit(limit).offset(offset)).all())
    return [r[0] if len(r) == 1 else tuple(r) for r in rows], total


def count(session: Session, query: Select) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
