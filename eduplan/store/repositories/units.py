"""Responsible units (责任单位) by name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models import ResponsibleUnit


def named(session: Session, name: str, *, known: dict[str, ResponsibleUnit] | None = None) -> ResponsibleUnit:
    """The unit called ``name``, added (and flushed, so it has an id) when there is none.
    ``known`` remembers the units already looked up, so a plan naming one unit on many
    rows asks the database once."""
    if known is not None and name in known:
        return known[name]
    unit = session.scalar(select(ResponsibleUnit).where(ResponsibleUnit.name == name))
    if unit is None:
        unit = ResponsibleUnit(name=name)
        session.add(unit)
        session.flush()
    if known is not None:
        known[name] = unit
    return unit


def all_units(session: Session) -> list[ResponsibleUnit]:
    return list(session.scalars(select(ResponsibleUnit).order_by(ResponsibleUnit.id)))
