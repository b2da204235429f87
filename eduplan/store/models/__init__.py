"""SQLAlchemy mapped classes, one module per aggregate."""

from eduplan.store.models.approval import DataApproval
from eduplan.store.models.audit import AuditEntry
from eduplan.store.models.base import Base
from eduplan.store.models.indicator import Indicator, IndicatorAlias
from eduplan.store.models.observation import Observation
from eduplan.store.models.plan import Plan, Section
from eduplan.store.models.project import Project, ProjectUpdate
from eduplan.store.models.proposal import Proposal
from eduplan.store.models.region import Region
from eduplan.store.models.target import Target
from eduplan.store.models.task import Task, TaskUpdate
from eduplan.store.models.unit import ResponsibleUnit, project_units, target_units, task_units
from eduplan.store.models.user import ApiToken, LoginAttempt, User, user_regions

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Base",
    "DataApproval",
    "Indicator",
    "IndicatorAlias",
    "LoginAttempt",
    "Observation",
    "Plan",
    "Project",
    "ProjectUpdate",
    "Proposal",
    "Region",
    "ResponsibleUnit",
    "Section",
    "Target",
    "Task",
    "TaskUpdate",
    "User",
    "project_units",
    "target_units",
    "task_units",
    "user_regions",
]
