from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eduplan.store.models.base import Base, utcnow


class Indicator(Base):
    """A measured quantity in the indicator dictionary (指标库).

    ``precision`` is the number of decimals the indicator is reported with; evaluation
    treats differences below half a unit of it as equal. ``max_value`` bounds plausible
    values (100 for most rates; 130 for a gross enrolment ratio); None means no bound.
    """

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    unit: Mapped[str | None] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(8), default="up")
    kind: Mapped[str] = mapped_column(String(16), default="level")
    precision: Mapped[int] = mapped_column(Integer, default=1)
    min_value: Mapped[Decimal | None]
    max_value: Mapped[Decimal | None]
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    aliases: Mapped[list[IndicatorAlias]] = relationship(back_populates="indicator", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class IndicatorAlias(Base):
    __tablename__ = "indicator_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)

    indicator: Mapped[Indicator] = relationship(back_populates="aliases")
