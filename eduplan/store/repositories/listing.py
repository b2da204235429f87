"""Filtered, paged reads for the JSON API and the screens.

Functions named after an aggregate in the plural build a filtered ``Select``; ``page`` runs
it: one query for the page and one for the total, whatever the page size (related rows such
as units come with one more query each, never one per row)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defer, selectinload

from eduplan.store.models import (
    ApiToken,
    Indicator,
    Observation,
    Plan,
    Project,
    Region,
    ResponsibleUnit,
    Target,
    Task,
    User,
    target_units,
    task_units,
)


def page(session: Session, query: Select, *, limit: int, offset: int) -> tuple[list[Any], int]:
    """(rows of one page, total rows of the query)."""
    total = count(session, query)
    rows = list(session.execute(query.limit(limit).offset(offset)).all())
    return [r[0] if len(r) == 1 else tuple(r) for r in rows], total


def count(session: Session, query: Select) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def plans(*, region_id: int | None = None, doc_type: str | None = None) -> Select:
    query = select(Plan).options(defer(Plan.text)).order_by(Plan.id)  # a list shows no plan's text
    if region_id is not None:
        query = query.where(Plan.region_id == region_id)
    if doc_type:
        query = query.where(Plan.doc_type == doc_type)
    return query


def targets(*, plan_id: int, kind: str | None = None, review_state: str | None = None,
            indicator_id: int | None = None, year: int | None = None, unit_id: int | None = None) -> Select:
    query = (select(Target).options(selectinload(Target.units), selectinload(Target.section),
                                    selectinload(Target.indicator)).where(Target.plan_id == plan_id)
             .order_by(Target.start, Target.id))
    if kind:
        query = query.where(Target.kind == kind)
    if review_state:
        query = query.where(Target.review_state == review_state)
    if indicator_id is not None:
        query = query.where(Target.indicator_id == indicator_id)
    if year is not None:
        query = query.where(Target.year == year)
    if unit_id is not None:
        query = query.where(Target.id.in_(select(target_units.c.target_id).where(target_units.c.unit_id == unit_id)))
    return query


def tasks(*, plan_id: int | None = None, unit_id: int | None = None,
          status: str | None = None) -> Select:
    query = select(Task).options(selectinload(Task.units)).order_by(Task.plan_id, Task.start, Task.id)
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    if unit_id is not None:
        query = query.where(Task.id.in_(select(task_units.c.task_id).where(task_units.c.unit_id == unit_id)))
    if status:
        query = query.where(Task.status == status)
    return query


def projects(*, plan_id: int | None = None) -> Select:
    query = select(Project).options(selectinload(Project.units)).order_by(Project.plan_id, Project.start, Project.id)
    if plan_id is not None:
        query = query.where(Project.plan_id == plan_id)
    return query


def observations(*, indicator_id: int | None = None, region_id: int | None = None,
                 year_from: int | None = None, year_to: int | None = None) -> Select:
    """Observations with their indicator and region names."""
    query = (select(Observation, Indicator.name, Region.name, Region.code)
             .join(Indicator, Indicator.id == Observation.indicator_id)
             .join(Region, Region.id == Observation.region_id)
             .order_by(Observation.indicator_id, Region.code, Observation.year))
    if indicator_id is not None:
        query = query.where(Observation.indicator_id == indicator_id)
    if region_id is not None:
        query = query.where(Observation.region_id == region_id)
    if year_from is not None:
        query = query.where(Observation.year >= year_from)
    if year_to is not None:
        query = query.where(Observation.year <= year_to)
    return query


def observation(session: Session, observation_id: int) -> tuple[Observation, str, str, str] | None:
    row = session.execute(select(Observation, Indicator.name, Region.name, Region.code)
                          .join(Indicator, Indicator.id == Observation.indicator_id)
                          .join(Region, Region.id == Observation.region_id)
                          .where(Observation.id == observation_id)).first()
    return tuple(row) if row else None  # type: ignore[return-value]


def indicators(*, needs_review: bool | None = None, q: str | None = None) -> Select:
    query = select(Indicator).options(selectinload(Indicator.aliases)).order_by(Indicator.id)
    if needs_review is not None:
        query = query.where(Indicator.needs_review == needs_review)
    if q:
        query = query.where(Indicator.name.contains(q, autoescape=True))  # _ and % are letters here
    return query


def indicator(session: Session, indicator_id: int) -> Indicator | None:
    return session.scalar(select(Indicator).options(selectinload(Indicator.aliases))
                          .where(Indicator.id == indicator_id))


def tokens(session: Session, *, user_id: int | None = None) -> list[tuple[ApiToken, str]]:
    """API tokens with their owner's username (every user's when ``user_id`` is None)."""
    query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return [(t, name) for t, name in session.execute(query)]


def token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))
