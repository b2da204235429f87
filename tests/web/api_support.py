"""Builders for the JSON API tests: users written straight to the database (no audit
entry), token clients, and a small world of data. Session clients are
``tests.web.conftest.session_client``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from eduplan.services.accounts.users import create_api_token, hash_password
from eduplan.store.db import unit_of_work
from eduplan.store.models import ApiToken, Indicator, Plan, Project, Section, Target, Task, User
from eduplan.store.repositories import units
from tests.factories import setup_dictionary
from tests.web.conftest import PASSWORD

OWN_UNIT = "县教育局"
OTHER_UNIT = "县财政局"
_n = count(1)


def add_user(engine: Engine, username: str, role: str, *, unit: str | None = None,
             regions: list[str] | None = None) -> User:
    """A user written straight to the database; a unit user reports for 示例县 unless
    ``regions`` says otherwise."""
    from eduplan.store.repositories import regions as region_repo

    if regions is None:
        regions = ["示例县"] if role == "unit" else []
    with unit_of_work(engine) as session:
        missing = any(region_repo.by_name(session, n) is None for n in regions)
    if missing:
        from eduplan.services.dictionary.regions import load_regions

        load_regions(engine)  # the shipped sample regions (示例省 → 示例市 → 示例县, 示范县)
    with unit_of_work(engine) as session:
        granted = [region_repo.by_name(session, n) for n in regions]
        assert all(granted), f"regions not loaded: {regions}"
        user = User(username=username, display_name=username, password_hash=hash_password(PASSWORD), role=role,
                    unit_id=units.named(session, unit).id if unit else None, regions=granted)
        session.add(user)
        session.flush()
        session.refresh(user)
        session.expunge(user)
        return user


def token_client(app: FastAPI, engine: Engine, user: User) -> TestClient:
    """A script-like client: no cookies, an API token in the Authorization header."""
    token = create_api_token(engine, user.username, "tests")
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


@dataclass
class World:
    """Regions, the indicator dictionary, and a plan whose commitments, tasks and
    projects answer to ``OWN_UNIT``. ``new_*`` make fresh objects, so each role in a
    test writes its own and one success cannot change the next role's answer."""

    engine: Engine
    plan_id: int = 0
    ids: dict[str, int] = field(default_factory=dict)
    region: str = "示例县"  # where new objects go: the plan of this region, values of this region
    plans: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, engine: Engine) -> World:
        setup_dictionary(engine)
        world = cls(engine)
        world.plan_id = world.new_plan()
        world.plans[world.region] = world.plan_id
        return world

    def use(self, region: str) -> World:
        """Build the next objects in the plan of ``region`` (made on first use)."""
        self.region = region
        if region not in self.plans:
            self.plans[region] = self.new_plan()
        self.plan_id = self.plans[region]
        return self

    def new_plan(self, region: str | None = None) -> int:
        n = next(_n)
        region = region or self.region
        text = f"{region}教育事业发展规划{n}\n一、主要目标\n到2025年，义务教育巩固率达到99%。\n二、重点任务\n推进优质均衡。"
        with unit_of_work(self.engine) as session:
            plan = Plan(title=f"{region}教育事业发展规划{n}", region_name=region, doc_type="plan", period_start=2021,
                        period_end=2025, base_year=2020, source_name="plan.txt",
                        sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
            session.add(plan)
            session.flush()
            from eduplan.services.dictionary.regions import link_plans

            link_plans(session)
            return plan.id

    def plan_text(self, plan_id: int) -> str:
        with unit_of_work(self.engine) as session:
            return session.get(Plan, plan_id).text

    def token_id(self, user: User) -> int:
        """The id of a new API token of ``user``."""
        create_api_token(self.engine, user.username, f"token{next(_n)}")
        with unit_of_work(self.engine) as session:
            return session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))

    def new_target(self, *, unit: str = OWN_UNIT, indicator: str = "义务教育巩固率", plan_id: int | None = None) -> int:
        with unit_of_work(self.engine) as session:
            plan = session.get(Plan, plan_id or self.plan_id)
            found = session.scalar(select(Indicator).where(Indicator.name == indicator))
            start = plan.text.index("到2025年")
            target = Target(plan_id=plan.id, region_id=plan.region_id, indicator_id=found.id if found else None,
                            indicator_name=indicator, comparator=">=", value=Decimal("99"), unit="%", year=2025,
                            quote=plan.text[start:start + 16], start=start, end=start + 16,
                            units=[units.named(session, unit)])
            session.add(target)
            session.flush()
            return target.id

    def new_section(self, session) -> Section:
        section = Section(plan_id=self.plan_id, position=next(_n), level=1, number="二、", title="重点任务",
                          start=0, end=1)
        session.add(section)
        session.flush()
        return section

    def new_task(self, *, unit: str = OWN_UNIT) -> int:
        with unit_of_work(self.engine) as session:
            section = self.new_section(session)
            task = Task(plan_id=self.plan_id, section_id=section.id, title="推进义务教育优质均衡",
                        units=[units.named(session, unit)])
            session.add(task)
            session.flush()
            return task.id

    def new_project(self, *, unit: str = OWN_UNIT) -> int:
        with unit_of_work(self.engine) as session:
            section = self.new_section(session)
            session.add(Task(plan_id=self.plan_id, section_id=section.id, title="学校建设",
                             units=[units.named(session, unit)]))
            project = Project(plan_id=self.plan_id, section_id=section.id, name="城东小学新建工程",
                              investment=Decimal(80_000_000), seats=1800, units=[units.named(session, unit)])
            session.add(project)
            session.flush()
            return project.id

    def new_source(self, *, uploaded_by: int | None, year: int) -> tuple[int, int]:
        """A 统计公报 of the current region uploaded by ``uploaded_by`` with one proposed
        value of 义务教育巩固率 for ``year``: (source id, proposal id)."""
        from eduplan.store.models import Proposal, Region

        n = next(_n)
        text = f"{self.region}{year}年教育统计公报{n}\n义务教育巩固率98.5%。"
        with unit_of_work(self.engine) as session:
            region = session.scalar(select(Region).where(Region.name == self.region))
            plan = Plan(title=f"{self.region}{year}年教育统计公报{n}", region_id=region.id, region_name=self.region,
                        doc_type="statistics", reporting_year=year, source_name="公报.txt",
                        sha256=hashlib.sha256(text.encode()).hexdigest(), text=text, created_by=uploaded_by)
            session.add(plan)
            session.flush()
            indicator = session.scalar(select(Indicator).where(Indicator.name == "义务教育巩固率"))
            start = text.index("义务教育巩固率")
            proposal = Proposal(plan_id=plan.id, name="义务教育巩固率", indicator_id=indicator.id, region_id=region.id,
                                year=year, value=Decimal("98.5"), unit="%", quote=text[start:start + 12], start=start,
                                end=start + 12, state="proposed")
            session.add(proposal)
            session.flush()
            return plan.id, proposal.id

    def new_indicator(self) -> str:
        name = f"测试指标{next(_n)}"
        with unit_of_work(self.engine) as session:
            session.add(Indicator(name=name, unit="%", needs_review=True))
        return name

    def indicator_id(self, name: str) -> int:
        with unit_of_work(self.engine) as session:
            return session.scalar(select(Indicator.id).where(Indicator.name == name))
