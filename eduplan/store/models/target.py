from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eduplan.store.models.base import Base, utcnow
from eduplan.store.models.unit import target_units


class Target(Base):
    """A quantitative statement of a plan: a commitment (kind target), a reported value
    (kind actual) or a number describing the plan (kind context: counts of project
    categories), with its provenance (quote and offsets into the plan text).

    One indicator of a plan is one target: the statement with the latest year, whose
    ``parent_id`` is None. Its plan-stated milestones (earlier year columns of a table,
    到2023年… before 到2025年…, the years of a series) are the rows whose ``parent_id``
    points to it (``services.plans.target_groups``). ``measure`` (domain.Measure) and
    ``direction`` (up/down) say how it is judged — None: from the indicator.
    ``entry_basis`` is the 填报口径 of an additive target (addition/total)."""

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
    measure: Mapped[str | None] = mapped_column(String(16))
    direction: Mapped[str | None] = mapped_column(String(8))
    entry_basis: Mapped[str | None] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    indicator = relationship("Indicator")
    section = relationship("Section")
    units = relationship("ResponsibleUnit", secondary=target_units)

    __mapper_args__ = {"version_id_col": version}
