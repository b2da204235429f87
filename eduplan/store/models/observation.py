from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eduplan.store.models.base import Base, utcnow


class Observation(Base):
    """An actual value of an indicator for a region and year (监测值).

    One row per (indicator, region, year); a new value replaces the old one and the
    audit log keeps the old. ``version`` guards against lost updates. ``basis`` is the
    填报口径 of an additive indicator's value: "addition" (the year's own addition),
    "total" (the running total since the plan's base year) or None (a level, or an
    addition entered before 口径 existed).
    """

    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("indicator_id", "region_id", "year", name="uq_observation_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal]
    unit: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(String(16))
    # the document the value was read from (a 统计公报 accepted as a source) and its words
    source_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    source_quote: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
