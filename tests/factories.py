"""Small builders for monitoring tests: a plan with targets, units and users."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import count

from sqlalchemy import Engine, func, select, text

from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Observation, Plan, ResponsibleUnit, Target, User
from eduplan.store.repositories import units

_n = count(1)


def setup_dictionary(engine: Engine) -> None:
    """The shipped regions and indicator dictionary."""
    load_regions(engine)
    load_indicators(engine)


def make_plan(engine: Engine, *, title: str = "示例县教育事业发展十四五规划", region: str | None = "示例县",
              period: tuple[int, int] | None = (2021, 2025), targets: list[dict] | None = None) -> int:
    """A stored plan; each target dict: indicator_name, value, unit, year, comparator,
    kind, baseline_value, units (list of unit names), link (indicator name to link to),
    review_state (default extracted: awaiting review)."""
    from eduplan.store.repositories import indicators, regions

    with unit_of_work(engine) as session:
        reg = regions.by_name(session, region) if region else None
        plan = Plan(title=title, region_id=reg.id if reg else None, region_name=region, doc_type="plan",
                    period_start=period[0] if period else None, period_end=period[1] if period else None,
                    base_year=period[0] - 1 if period else None, source_name=f"{title}.txt",
                    sha256=hashlib.sha256(f"{title}{next(_n)}".encode()).hexdigest(), text=title)
        session.add(plan)
        session.flush()
        for spec in targets or []:
            owners = [units.named(session, name) for name in spec.get("units", [])]
            link = spec.get("link")
            indicator = (indicators.by_name(session, link) or indicators.by_alias(session, link)) if link else None
            session.add(Target(
                plan_id=plan.id, region_id=plan.region_id, indicator_name=spec["indicator_name"],
                indicator_id=indicator.id if indicator else None, comparator=spec.get("comparator", ">="),
                value=Decimal(str(spec["value"])) if spec.get("value") is not None else None, unit=spec.get("unit"),
                year=spec.get("year", period[1] if period else None), kind=spec.get("kind", "target"),
                baseline_year=spec.get("baseline_year"),
                baseline_value=Decimal(str(spec["baseline_value"])) if spec.get("baseline_value") is not None else None,
                quote=spec.get("quote", spec["indicator_name"]), units=owners,
                review_state=spec.get("review_state", "extracted"),
            ))
        return plan.id


def make_user(engine: Engine, role: str, *, unit: str | None = None, name: str | None = None,
              regions: list[str] | None = None) -> User:
    """A user written straight to the database; a unit user reports for 示例县 unless
    ``regions`` says otherwise (regions that are not loaded are left out)."""
    from eduplan.store.repositories import regions as region_repo

    if regions is None:
        regions = ["示例县"] if role == "unit" else []
    with unit_of_work(engine) as session:
        unit_id = units.named(session, unit).id if unit else None
        granted = [r for r in (region_repo.by_name(session, n) for n in regions) if r is not None]
        user = User(username=name or f"{role}{next(_n)}", display_name=role, password_hash="x", role=role,
                    unit_id=unit_id, regions=granted)
        session.add(user)
        session.flush()
        session.refresh(user)
        session.expunge(user)
        return user


def unit_id(engine: Engine, name: str) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(ResponsibleUnit.id).where(ResponsibleUnit.name == name))


def observation_state(engine: Engine) -> tuple[int, int, str]:
    """(observations, audit entries, checksum of every observation and audit row)."""
    with engine.connect() as conn:
        obs = conn.execute(text("SELECT id, indicator_id, region_id, year, value, version, source FROM observations "
                                "ORDER BY id")).all()
        audits = conn.execute(text("SELECT id, action, object_id, summary FROM audit_log ORDER BY id")).all()
    digest = hashlib.sha256(repr((obs, audits)).encode()).hexdigest()
    return len(obs), len(audits), digest


def stored_values(engine: Engine) -> dict[tuple[str, str, int], Decimal]:
    """(indicator name, region name, year) → value."""
    from eduplan.store.models import Indicator, Region

    with unit_of_work(engine) as session:
        rows = session.execute(select(Indicator.name, Region.name, Observation.year, Observation.value)
                               .join(Indicator, Indicator.id == Observation.indicator_id)
                               .join(Region, Region.id == Observation.region_id))
        return {(i, r, y): v.normalize() for i, r, y, v in rows}


def audit_count(engine: Engine, **where) -> int:
    with unit_of_work(engine) as session:
        query = select(func.count()).select_from(AuditEntry)
        for key, value in where.items():
            query = query.where(getattr(AuditEntry, key) == value)
        return session.scalar(query)
