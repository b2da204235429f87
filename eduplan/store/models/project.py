from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eduplan.store.models.base import Base, utcnow
from eduplan.store.models.unit import project_units


class Project(Base):
    """A construction project (建设项目) or a group of them, as the plan states it.

    ``units`` are the 责任单位 that report on it: at ingest those of the task whose text
    holds the project, else those of the tasks in its section; planners may change them.
    """

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str | None] = mapped_column(String(32))
    stage: Mapped[str | None] = mapped_column(String(32))
    count: Mapped[int | None] = mapped_column(Integer)
    investment: Mapped[Decimal | None]
    floor_area: Mapped[Decimal | None]
    seats: Mapped[int | None] = mapped_column(Integer)
    land: Mapped[Decimal | None]
    year: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    investment_done: Mapped[Decimal | None]
    seats_done: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    units = relationship("ResponsibleUnit", secondary=project_units)

    __mapper_args__ = {"version_id_col": version}


class ProjectUpdate(Base):
    __tablename__ = "project_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str | None] = mapped_column(String(32))
    investment_done: Mapped[Decimal | None]
    seats_done: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
