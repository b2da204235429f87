"""Ingest plans: read → extract → store, one transaction for a whole batch (documents read
by ``exchange.documents``; files exported as JSON stored by ``plans.archive``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.domain import ADDITIVE_MEASURES, EntryBasis, TargetKind
from eduplan.errors import InputError
from eduplan.extract.pipeline import extract_document
from eduplan.extract.records import Extraction
from eduplan.ingest import Document
from eduplan.services.dictionary.indicators import link_plan_targets
from eduplan.services.dictionary.regions import provisional_region
from eduplan.services.exchange.documents import read_all
from eduplan.services.exchange.plan_json import read_plan_export
from eduplan.services.monitoring.sources import accept_plan_baselines, record_proposals
from eduplan.services.plans.archive import store_plan_export
from eduplan.services.plans.stored import IngestResult, already_stored
from eduplan.services.plans.target_groups import is_yearly_change, regroup, stored_name
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan, Project, ResponsibleUnit, Section, Target, Task
from eduplan.store.repositories import audit
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import units as unit_repo

log = logging.getLogger(__name__)
ADDITIVE = {m.value for m in ADDITIVE_MEASURES}

Progress = Callable[[int, int], None]
Extractor = Callable[[Document], Extraction]


def ingest_files(engine: Engine, paths: Sequence[str | Path], *, max_bytes: int, doc_type: str | None = None,
                 region: str | None = None, on_progress: Progress | None = None,
                 user_id: int | None = None, year: int | None = None) -> list[IngestResult]:
    """``eduplan ingest``: plan documents are all read first (``read_all``), then extracted
    and stored in one transaction; files exported by ``eduplan export --format json`` are
    stored as exported (``ingest_exports``)."""
    if any(Path(p).suffix.lower() == ".json" for p in paths):
        return ingest_exports(engine, paths, max_bytes=max_bytes, user_id=user_id)
    docs = read_all(paths, max_bytes=max_bytes, doc_type=doc_type, region=region, on_progress=on_progress, year=year)
    return ingest_documents(engine, docs, extractor=extract_document, user_id=user_id, create_region=region is not None)


def ingest_exports(engine: Engine, paths: Sequence[str | Path], *, max_bytes: int,
                   user_id: int | None = None) -> list[IngestResult]:
    """Store plans from ``eduplan export --format json`` files (``services.plans.archive``):
    every file is read and checked first, then all are stored in one transaction. A batch
    mixing exports and documents is refused (ingest them in two calls)."""
    others = [str(p) for p in paths if Path(p).suffix.lower() != ".json"]
    if others:
        raise InputError("导出的 JSON 文件请与规划文档分开入库", hint=f"先单独入库：{'、'.join(others[:5])}")
    archives = [(Path(p).name, read_plan_export(Path(p), max_bytes=max_bytes)) for p in paths]
    with unit_of_work(engine) as session:
        return [store_plan_export(session, a, source=name, user_id=user_id) for name, a in archives]


def ingest_documents(engine: Engine, docs: Sequence[Document], *, extractor: Extractor | None = None,
                     user_id: int | None = None, create_region: bool = False) -> list[IngestResult]:
    """Store documents (and what the extractor finds in them) in one transaction.

    A document whose sha256 is already stored is not stored again (idempotent ingest).
    ``create_region``: the user named the region (``--region``); when no loaded region has
    that name, a provisional one is created (``regions.provisional_region``) so the plan's
    monitoring data can be imported right away.
    """
    results: list[IngestResult] = []
    with unit_of_work(engine) as session:
        for doc in docs:
            known = already_stored(session, doc.sha256, source=doc.source)
            if known is not None:
                results.append(known)
                continue
            extraction = extractor(doc) if extractor else Extraction()
            plan = store_document(session, doc, extraction, user_id=user_id, create_region=create_region)
            link_plan_targets(session, plan.id, user_id=user_id)  # targets → indicator dictionary
            regroup(session, plan.id)  # one target per indicator, its year cells as milestones
            record_proposals(session, plan, user_id=user_id)  # stated results → proposed observations
            accept_plan_baselines(session, plan, user_id=user_id)  # a plan's base-year results: accepted at once
            results.append(IngestResult(doc.source, plan.id, plan.title, True, len(doc.sections),
                                        plan_repo.counts(session, plan.id)["targets"], len(extraction.tasks),
                                        len(extraction.projects)))
    return results


def store_document(session: Session, doc: Document, extraction: Extraction, *, user_id: int | None,
                   create_region: bool = False) -> Plan:
    region = region_repo.by_name(session, doc.region) if doc.region else None
    if region is None and doc.region and create_region:
        region = provisional_region(session, doc.region, user_id=user_id)
    period = doc.period or (None, None)
    plan = Plan(
        title=doc.title[:300], issuer=doc.issuer, region_id=region.id if region else None,
        region_name=doc.region, doc_type=doc.doc_type, period_start=period[0], period_end=period[1],
        base_year=(period[0] - 1) if period[0] else None, reporting_year=doc.reporting_year,
        source_name=doc.source[:300], sha256=doc.sha256,
        text=doc.text, created_by=user_id,
    )
    session.add(plan)
    session.flush()
    ids = _store_sections(session, plan, doc)
    known: dict[str, ResponsibleUnit] = {}
    task_spans = sorted(((k.start, k.end, k.responsible_units) for k in extraction.tasks if k.responsible_units),
                        key=lambda x: x[0])
    for t in [*extraction.targets, *extraction.goals]:
        measure = t.measure
        target = Target(
            plan_id=plan.id, section_id=ids.get(t.section) if t.section is not None else _section_id(doc, ids, t.start),
            region_id=plan.region_id, comparator=t.comparator,
            indicator_name=stored_name(t.indicator, t.qualifiers, measure=measure, unit=t.unit),
            value=t.value, unit=t.unit, year=t.year, kind=TargetKind.CONTEXT.value if t.role == "context" else t.kind,
            baseline_year=(t.baseline or {}).get("year"), baseline_value=(t.baseline or {}).get("value"),
            quote=t.quote, start=t.start, end=t.end, confidence=t.confidence, review_state="extracted",
            measure=measure, direction=t.direction,
            entry_basis=(EntryBasis.ADDITION.value if measure in ADDITIVE and not is_yearly_change(measure, t.unit)
                         else None),
        )
        # a target stated inside a task answers to that task's responsible units
        owners = next((names for a, b, names in task_spans if a <= t.start < b), [])
        target.units = [unit_repo.named(session, name, known=known) for name in owners]
        session.add(target)
    for k in extraction.tasks:
        task = Task(plan_id=plan.id, section_id=ids.get(k.section), number=k.number, title=k.title[:300],
                    text=k.text, start=k.start, end=k.end, due_year=period[1])
        task.units = [unit_repo.named(session, name, known=known) for name in k.responsible_units]
        session.add(task)
    for p in extraction.projects:
        project = Project(
            plan_id=plan.id, section_id=ids.get(p.section), name=p.name[:300], level=p.level, stage=p.stage,
            count=p.count, investment=p.investment, floor_area=p.floor_area, seats=p.seats, land=p.land,
            year=p.year, quote=p.quote, start=p.start, end=p.end,
        )
        project.units = [unit_repo.named(session, name, known=known) for name in project_unit_names(extraction, p)]
        session.add(project)
    audit.record(session, user_id=user_id, action="create", object_type="plan", object_id=plan.id,
                 summary=f"入库《{plan.title}》", new={"source": doc.source, "sha256": doc.sha256,
                                                   "targets": len(extraction.targets)})
    log.info("stored plan_id=%s sections=%s targets=%s", plan.id, len(doc.sections), len(extraction.targets))
    return plan


def _section_id(doc: Document, ids: dict[int | None, int], offset: int) -> int | None:
    """The stored section holding ``offset`` (records the pipeline did not place: goals)."""
    found = doc.section_at(offset)
    return ids.get(found.id) if found is not None else None


def project_unit_names(extraction: Extraction, project) -> list[str]:
    """The 责任单位 a project inherits: those of the task whose text holds it, else those
    of the tasks in its section (plans name the units of a group of projects there)."""
    holding = [k for k in extraction.tasks if k.responsible_units and project.start is not None
               and k.start <= project.start < k.end]
    if holding:
        return list(dict.fromkeys(n for k in holding for n in k.responsible_units))
    if project.section is None:
        return []
    return list(dict.fromkeys(n for k in extraction.tasks if k.section == project.section
                              for n in k.responsible_units))


def _store_sections(session: Session, plan: Plan, doc: Document) -> dict[int | None, int]:
    """Insert sections parents-first; return document section id → database id."""
    ids: dict[int | None, int] = {}
    for position, s in enumerate(doc.sections):
        row = Section(plan_id=plan.id, parent_id=ids.get(s.parent), position=position, level=s.level,
                      number=s.number[:32], title=s.title[:300], kind=s.kind, start=s.start, end=s.end)
        session.add(row)
        session.flush()
        ids[s.id] = row.id
    return ids
