"""Change one stored observation by its id (the JSON API's PATCH): the same path as the
web form, ``monitoring.record_observation`` with the version the user saw."""

from __future__ import annotations

from sqlalchemy import Engine

from eduplan.services.access import Actor
from eduplan.services.catalog import get_observation
from eduplan.services.monitoring import RecordResult, record_observation


def update_observation(engine: Engine, observation_id: int, *, value: object, expected_version: int,
                       unit: str | None = None, source: str | None = None, note: str | None = None,
                       actor: Actor | None = None) -> RecordResult:
    """Raises NotFoundError for an unknown id and ConflictError when the stored version is
    not ``expected_version``."""
    stored = get_observation(engine, observation_id)
    return record_observation(engine, indicator=stored.indicator_id, region=stored.region_id, year=stored.year,
                              value=value, unit=unit if unit is not None else stored.unit,
                              source=source if source is not None else stored.source,
                              note=note if note is not None else stored.note, actor=actor,
                              expected_version=expected_version)
