from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, defer

from eduplan.errors import NotFoundError
from eduplan.store.models import Plan, Section, Target, Task


def by_sha256(session: Session, sha256: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.sha256 == sha256))


def list_plans(session: Session) -> list[Plan]:
    """Every plan by id, without its text (loaded only if asked for)."""
    return list(session.scalars(select(Plan).options(defer(Plan.text)).order_by(Plan.id)))


def find(session: Session, ref: str | int) -> Plan:
    """A plan by id, sha256 prefix or a unique part of its title."""
    text = str(ref).strip()
    if text.isdigit() and len(text) <= 10 and int(text) < 2**31:  # larger numbers are no id the database holds
        plan = session.get(Plan, int(text))
        if plan:
            return plan
    matches = list(session.scalars(select(Plan).where(
        or_(Plan.title.contains(text, autoescape=True),
            Plan.sha256.startswith(text.lower(), autoescape=True) if len(text) >= 6 else False)
    )))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"找不到规划：{text}", hint="用 eduplan plans 查看已入库的规划编号")
    raise NotFoundError(
        f"“{text}”对应多个规划（{', '.join(str(p.id) for p in matches)}）",
        hint="请使用规划编号",
    )


def sections(session: Session, plan_id: int) -> list[Section]:
    return list(session.scalars(select(Section).where(Section.plan_id == plan_id).order_by(Section.position)))


def counts(session: Session, plan_id: int) -> dict[str, int]:
    """Sections, targets (one per indicator: the heads of kind target) and tasks of a plan."""
    def n(model, *where) -> int:
        return session.scalar(select(func.count()).select_from(model).where(model.plan_id == plan_id, *where)) or 0

    return {"sections": n(Section), "targets": n(Target, Target.kind == "target", Target.parent_id.is_(None)),
            "tasks": n(Task)}
