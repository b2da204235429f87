"""The indicator dictionary (指标库): entries and aliases, look-ups by name, rows for
evaluation, how often each is used, and the writes of a merge."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from eduplan.store.models import Indicator, IndicatorAlias, Observation, Target


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: int
    name: str
    unit: str | None
    kind: str
    direction: str
    precision: int
    max_value: Decimal | None


def all_indicators(session: Session, *, needs_review: bool | None = None) -> list[Indicator]:
    return list(session.scalars(filtered(needs_review=needs_review)))


def filtered(*, needs_review: bool | None = None, q: str | None = None) -> Select:
    """Entries (awaiting review or not, whose name contains ``q``) by id, aliases loaded."""
    query = select(Indicator).options(selectinload(Indicator.aliases)).order_by(Indicator.id)
    if needs_review is not None:
        query = query.where(Indicator.needs_review == needs_review)
    if q:
        query = query.where(Indicator.name.contains(q, autoescape=True))  # _ and % are letters here
    return query


def get(session: Session, indicator_id: int) -> Indicator | None:
    return session.scalar(select(Indicator).options(selectinload(Indicator.aliases))
                          .where(Indicator.id == indicator_id))


def by_name(session: Session, name: str) -> Indicator | None:
    return session.scalar(select(Indicator).where(Indicator.name == name))


def by_alias(session: Session, alias: str) -> Indicator | None:
    return session.scalar(select(Indicator).join(IndicatorAlias).where(IndicatorAlias.alias == alias))


def rows(session: Session, ids: Iterable[int]) -> dict[int, IndicatorRow]:
    wanted = sorted(set(ids))
    found: dict[int, IndicatorRow] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(select(Indicator.id, Indicator.name, Indicator.unit, Indicator.kind,
                                      Indicator.direction, Indicator.precision, Indicator.max_value)
                               .where(Indicator.id.in_(wanted[start:start + 500])))
        found.update((r[0], IndicatorRow(*r)) for r in rows)
    return found


def with_aliases(session: Session, ids: Iterable[int]) -> list[Indicator]:
    wanted = sorted(set(ids))
    found: list[Indicator] = []
    for start in range(0, len(wanted), 500):
        found += session.scalars(select(Indicator).where(Indicator.id.in_(wanted[start:start + 500]))
                                 .options(selectinload(Indicator.aliases)).order_by(Indicator.id))
    return found


def units_of(session: Session, indicator_ids: list[int]) -> dict[int, str | None]:
    if not indicator_ids:
        return {}
    return dict(session.execute(select(Indicator.id, Indicator.unit).where(Indicator.id.in_(indicator_ids))).all())


def matcher_entries(session: Session) -> list[tuple[int, str, list[str]]]:
    """(id, name, aliases) of every indicator, for ``IndicatorMatcher``."""
    aliases: dict[int, list[str]] = {}
    for indicator_id, alias in session.execute(select(IndicatorAlias.indicator_id, IndicatorAlias.alias)):
        aliases.setdefault(indicator_id, []).append(alias)
    return [(i, name, aliases.get(i, [])) for i, name in
            session.execute(select(Indicator.id, Indicator.name).order_by(Indicator.id))]


def alias_owners(session: Session) -> dict[str, int]:
    return dict(session.execute(select(IndicatorAlias.alias, IndicatorAlias.indicator_id)).all())


def usage_counts(session: Session, indicator_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Indicator id → (targets, observations). One count per indicator through its index
    (an index-only scan of its own entries on PostgreSQL), so the cost follows the
    indicators asked for, not the size of the observations table: callers ask for a page."""
    if not indicator_ids:
        return {}
    targets = (select(func.count()).where(Target.indicator_id == Indicator.id).correlate(Indicator)
               .scalar_subquery())
    observations = (select(func.count()).where(Observation.indicator_id == Indicator.id).correlate(Indicator)
                    .scalar_subquery())
    rows = session.execute(select(Indicator.id, targets, observations).where(Indicator.id.in_(indicator_ids)))
    return {int(i): (int(t or 0), int(o or 0)) for i, t, o in rows}


def move_aliases(session: Session, old_id: int, new_id: int) -> list[str]:
    moved = list(session.scalars(select(IndicatorAlias.alias).where(IndicatorAlias.indicator_id == old_id)))
    session.execute(update(IndicatorAlias.__table__).where(IndicatorAlias.__table__.c.indicator_id == old_id)
                    .values(indicator_id=new_id))
    return moved


def delete_indicator(session: Session, indicator_id: int) -> None:
    session.execute(delete(Indicator.__table__).where(Indicator.__table__.c.id == indicator_id))


def add_aliases(session: Session, indicator: Indicator, aliases: Iterable[str]) -> list[str]:
    known = {a.alias for a in indicator.aliases}
    added = []
    for alias in aliases:
        if alias and alias not in known and alias != indicator.name:
            indicator.aliases.append(IndicatorAlias(alias=alias))
            known.add(alias)
            added.append(alias)
    return added
