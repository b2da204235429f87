from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eduplan.store.models.base import Base, utcnow


class Proposal(Base):
    """An achieved value read from a document (a 统计公报, 工作总结 …), waiting for a person
    to accept it as the observation of an indicator, region and year (or to reject it).

    ``state``: proposed → accepted (``observation_id`` the value it wrote or confirmed) or
    rejected. Whether it agrees with a stored value is read when it is shown, since the
    stored value may change meanwhile. ``version`` guards against two reviewers at once.
    """

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal]
    unit: Mapped[str | None] = mapped_column(String(32))
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="proposed")
    observation_id: Mapped[int | None] = mapped_column(ForeignKey("observations.id", ondelete="SET NULL"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
