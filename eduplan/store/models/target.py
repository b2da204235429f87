from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eduplan.store.models.base import Base, utcnow
from eduplan.store.models.unit import target_units


class Target(Base):
    """A quantitative statement of a plan: a commitment (kind target) or a reported
    value (kind actual), with its provenance (quote and offsets into the plan text)."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    indicator_name: Mapped[str] = mapped_column(String(200))
    comparator: Mapped[str] = mapped_column(String(16))
    value: Mapped[Decimal | None]
    unit: Mapped[str | None] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="target")
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[Decimal | None]
    quote: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    review_state: Mapped[str] = mapped_column(String(16), default="extracted")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    indicator = relationship("Indicator")
    section = relationship("Section")
    units = relationship("ResponsibleUnit", secondary=target_units)

    __mapper_args__ = {"version_id_col": version}
