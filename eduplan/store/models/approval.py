from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eduplan.store.models.base import Base, utcnow


class DataApproval(Base):
    """The submission and approval of one unit's values for one plan and year (数据上报与审核).

    A unit 上报 (``submitted``); a planner 审核通过 (``approved``) or 退回 with a comment
    (``returned``); an approved set is locked until a planner reopens it (``open``). No row
    means nothing was submitted yet. The values covered are the observations of the
    indicators the unit answers for in the plan, for the plan's region and the year.
    """

    __tablename__ = "data_approvals"
    __table_args__ = (UniqueConstraint("plan_id", "unit_id", "year", name="uq_data_approval_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("responsible_units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
