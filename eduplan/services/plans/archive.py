"""Read a plan exported by ``eduplan export --format json`` and store it in this database.

The export (``services.exchange.exports``) holds everything a stored plan is made of, so the plan
comes back as it was — targets with their values, units, years, kinds, quotes, offsets,
review states and responsible units; sections; tasks with status and progress; projects
with what was reported done — rather than being extracted again from its text.

Dictionary entries and regions the plan refers to are created when this database lacks
them (an existing indicator or region of the same name or code is used as it is).
Observations are not stored here: ``eduplan import FILE.json`` reads them from the same
file (``services.exchange.data_files``). A plan whose sha256 is already stored is skipped,
as for documents. Progress history (task and project updates) is not exported.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.errors import InputError
from eduplan.services.dictionary.indicators import link_plan_targets
from eduplan.services.exchange.plan_json import IndicatorPart, PlanArchive, RegionPart, SectionPart
from eduplan.services.plans.stored import IngestResult, already_stored
from eduplan.services.plans.target_groups import regroup
from eduplan.store.models import Indicator, Plan, Project, Region, ResponsibleUnit, Section, Target, Task
from eduplan.store.models.indicator import IndicatorAlias
from eduplan.store.repositories import audit
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import units as unit_repo
from eduplan.store.repositories.projects import inherited_unit_ids

log = logging.getLogger(__name__)


def store_plan_export(session: Session, archive: PlanArchive, *, source: str, user_id: int | None) -> IngestResult:
    """Store the plan of ``archive`` (see the module docstring)."""
    p = archive.plan
    known = already_stored(session, p.sha256, source=source)
    if known is not None:
        return known
    region_ids = _regions(session, archive.regions)
    indicator_ids = _indicators(session, archive.indicators)
    region_id = region_ids.get(p.region_code or "") or _region_by_name(session, p.region)
    plan = Plan(title=p.title[:300], issuer=p.issuer, region_id=region_id, region_name=p.region, doc_type=p.doc_type,
                period_start=p.period_start, period_end=p.period_end, base_year=p.base_year,
                source_name=(p.source_name or source)[:300], sha256=p.sha256, text=p.text, created_by=user_id)
    session.add(plan)
    session.flush()
    sections = _sections(session, plan.id, archive.sections)
    known: dict[str, ResponsibleUnit] = {}
    for t in archive.targets:
        target = Target(
            plan_id=plan.id, section_id=sections.get(t.section), indicator_id=indicator_ids.get(t.indicator or ""),
            region_id=region_ids.get(t.region_code or "") if t.region_code else None,
            indicator_name=t.indicator_name[:200], comparator=t.comparator, value=t.value, unit=t.unit, year=t.year,
            kind=t.kind, baseline_year=t.baseline_year, baseline_value=t.baseline_value, quote=t.quote,
            start=t.start, end=t.end, confidence=t.confidence, review_state=t.review_state, measure=t.measure,
            direction=t.direction, entry_basis=t.entry_basis)
        target.units = [unit_repo.named(session, name, known=known) for name in t.units]
        session.add(target)
    for k in archive.tasks:
        task = Task(plan_id=plan.id, section_id=sections.get(k.section), number=k.number[:32], title=k.title[:300],
                    text=k.text, start=k.start, end=k.end, due_year=k.due_year, status=k.status,
                    progress=k.progress)
        task.units = [unit_repo.named(session, name, known=known) for name in k.units]
        session.add(task)
    inherit = []
    for j in archive.projects:
        project = Project(
            plan_id=plan.id, section_id=sections.get(j.section), name=j.name[:300], level=j.level, stage=j.stage,
            count=j.count, investment=j.investment, floor_area=j.floor_area, seats=j.seats, land=j.land,
            year=j.year, quote=j.quote, start=j.start, end=j.end, investment_done=j.investment_done,
            seats_done=j.seats_done)
        if j.units is not None:
            project.units = [unit_repo.named(session, name, known=known) for name in j.units]
        else:
            inherit.append(project)
        session.add(project)
    session.flush()
    for project in inherit:
        project.units = [session.get(ResponsibleUnit, u) for u in sorted(inherited_unit_ids(session, project))]
    session.flush()
    link_plan_targets(session, plan.id, user_id=user_id)  # targets the export left unlinked, as ingest does
    regroup(session, plan.id)  # one target per indicator, as ingest groups them
    audit.record(session, user_id=user_id, action="create", object_type="plan", object_id=plan.id,
                 summary=f"从导出文件入库《{plan.title}》", new={"source": source, "sha256": plan.sha256,
                                                          "targets": len(archive.targets)})
    log.info("stored exported plan_id=%s targets=%s tasks=%s projects=%s", plan.id, len(archive.targets),
             len(archive.tasks), len(archive.projects))
    return IngestResult(source, plan.id, plan.title, True, len(archive.sections), len(archive.targets),
                        len(archive.tasks), len(archive.projects))


def _regions(session: Session, parts: list[RegionPart]) -> dict[str, int]:
    """Code → region id, creating the regions this database lacks (parents come first)."""
    ids: dict[str, int] = {}
    for r in parts:
        found = region_repo.by_code(session, r.code)
        if found is None:
            found = Region(code=r.code, name=r.name, level=r.level,
                           parent_id=ids.get(r.parent_code) if r.parent_code else None)
            session.add(found)
            session.flush()
        ids[r.code] = found.id
    return ids


def _region_by_name(session: Session, name: str | None) -> int | None:
    found = region_repo.by_name(session, name) if name else None
    return found.id if found else None


def _indicators(session: Session, parts: list[IndicatorPart]) -> dict[str, int]:
    """Dictionary name → indicator id, creating the entries this database lacks."""
    ids: dict[str, int] = {}
    for i in parts:
        found = session.scalar(select(Indicator).where(Indicator.name == i.name))
        if found is None:
            found = Indicator(name=i.name, unit=i.unit, direction=i.direction, kind=i.kind, precision=i.precision,
                              min_value=i.min_value, max_value=i.max_value, needs_review=i.needs_review,
                              description=i.description)
            taken = set(session.scalars(select(IndicatorAlias.alias).where(IndicatorAlias.alias.in_(i.aliases))))
            found.aliases = [IndicatorAlias(alias=a) for a in i.aliases if a not in taken]
            session.add(found)
            session.flush()
        ids[i.name] = found.id
    return ids


def _sections(session: Session, plan_id: int, parts: list[SectionPart]) -> dict[int | None, int]:
    """Export section id → new id; parents are inserted before their children."""
    ids: dict[int | None, int] = {}
    pending = sorted(parts, key=lambda s: s.position)
    while pending:
        ready = [s for s in pending if s.parent is None or s.parent in ids or s.parent not in {x.id for x in parts}]
        if not ready:
            raise InputError("导出文件的章节结构有循环", hint="章节的 parent 指向了自身的下级")
        for s in ready:
            row = Section(plan_id=plan_id, parent_id=ids.get(s.parent), position=s.position, level=s.level,
                          number=s.number[:32], title=s.title[:300], kind=s.kind, start=s.start, end=s.end)
            session.add(row)
            session.flush()
            ids[s.id] = row.id
        pending = [s for s in pending if s.id not in ids]
    return ids
