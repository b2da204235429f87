from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from eduplan.store.models.base import Base


class ResponsibleUnit(Base):
    """A 责任单位: a department or body that answers for tasks and indicators."""

    __tablename__ = "responsible_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


task_units = Table(
    "task_units",
    Base.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("responsible_units.id", ondelete="CASCADE"), primary_key=True),
)

target_units = Table(
    "target_units",
    Base.metadata,
    Column("target_id", ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("responsible_units.id", ondelete="CASCADE"), primary_key=True),
)

project_units = Table(
    "project_units",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("responsible_units.id", ondelete="CASCADE"), primary_key=True),
)
