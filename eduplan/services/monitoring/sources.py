"""Documents as sources of monitoring data: proposals, their review and reconciliation.

A bureau's actual values mostly arrive as documents — the 统计公报 and 年鉴, the 工作总结 of
the bureau and of each 责任单位, the 政府工作报告, the 民生实事 完成情况. When such a document
is ingested, each achieved value it states (``services.monitoring.proposals``) becomes a *proposal*:
an observation of an indicator, region and year that waits for a person.

Reviewing a proposal is reconciling it with what is stored:

* nothing stored → accepting creates the observation, with the document and the quote as
  its source;
* the same value stored → accepting marks it confirmed by a second source (audited);
* another value stored → the two are shown side by side (stored value, its source and who
  entered it; the new value and its quote); accepting replaces the stored one (audited).

Accepting goes through the same checks as an import (indicator, unit, bounds, role and
data scope, approval locks) and is all or nothing. A plan's own stated results (发展基础)
take the same path at ingest: their base-year values are accepted at once when nothing is
stored (monitoring data wins over a number quoted in a plan).

Who reviews: admin and planner every source; a unit user the sources it uploaded (and it
writes only what its unit may report, like any import).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from eduplan.domain import DocType, Role, TargetKind, beijing_time, plain_number
from eduplan.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.exchange.data_files import DataFile, RawRow
from eduplan.services.exchange.quantities import convert
from eduplan.services.monitoring.proposals import proposable
from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator, Observation, Plan, Proposal, Region, Target, User
from eduplan.store.models.base import utcnow
from eduplan.store.repositories import audit
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import regions as region_repo

log = logging.getLogger(__name__)

PROPOSED, ACCEPTED, REJECTED = "proposed", "accepted", "rejected"
STATE_LABELS = {PROPOSED: "待审核", ACCEPTED: "已采纳", REJECTED: "已驳回"}
# how a proposal stands against the stored value of its indicator, region and year
NEW, SAME, CONFLICT, UNLINKED = "new", "same", "conflict", "unlinked"
MATCH_LABELS = {NEW: "新数据", SAME: "与已有数据一致", CONFLICT: "与已有数据不一致", UNLINKED: "未关联指标或区域"}


@dataclass(frozen=True, slots=True)
class StoredValue:
    id: int
    value: Decimal
    source: str | None
    note: str | None
    recorded_by: str | None
    recorded_at: datetime | None
    version: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "value": plain_number(self.value), "source": self.source, "note": self.note,
                "recorded_by": self.recorded_by,
                "recorded_at": beijing_time(self.recorded_at).isoformat() if self.recorded_at else None,
                "version": self.version}


@dataclass(frozen=True, slots=True)
class ProposalView:
    id: int
    source_id: int
    source: str
    name: str
    indicator_id: int | None
    indicator: str | None
    region_id: int | None
    region: str | None
    year: int
    value: Decimal
    unit: str | None
    quote: str
    start: int
    end: int
    state: str
    version: int
    stored: StoredValue | None
    match: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def match_label(self) -> str:
        return MATCH_LABELS.get(self.match, self.match)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``eduplan observations proposed`` and of the API."""
        return {"id": self.id, "source": self.source, "source_id": self.source_id, "name": self.name,
                "indicator": self.indicator, "indicator_id": self.indicator_id, "region": self.region,
                "region_id": self.region_id, "year": self.year, "value": plain_number(self.value), "unit": self.unit,
                "quote": self.quote, "start": self.start, "end": self.end, "state": self.state,
                "match": self.match, "stored": self.stored.to_dict() if self.stored else None, "version": self.version}


@dataclass(frozen=True, slots=True)
class SourceSummary:
    id: int
    title: str
    genre: str
    genre_label: str
    region: str | None
    reporting_year: int | None
    uploaded_by: int | None
    counts: dict[str, int] = field(default_factory=dict)  # proposed / accepted / rejected / conflicting / matched

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "genre": self.genre, "genre_label": self.genre_label,
                "region": self.region, "reporting_year": self.reporting_year, "counts": dict(self.counts)}


@dataclass(frozen=True, slots=True)
class ReviewResult:
    accepted: int = 0  # new observations written
    replaced: int = 0  # stored values replaced by the document's
    confirmed: int = 0  # stored values the document agrees with
    rejected: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"accepted": self.accepted, "replaced": self.replaced, "confirmed": self.confirmed,
                "rejected": self.rejected}


# ---- at ingest -------------------------------------------------------------------------

def record_proposals(session: Session, plan: Plan, *, user_id: int | None = None) -> int:
    """Propose the achieved values a stored document states (its targets of kind actual,
    linked to the dictionary already); returns how many. Called for every document."""
    session.flush()
    rows = list(session.scalars(select(Target).where(
        Target.plan_id == plan.id, Target.kind == TargetKind.ACTUAL.value, Target.value.is_not(None),
        Target.year.is_not(None)).order_by(Target.start, Target.id)))
    units = _indicator_units(session, {t.indicator_id for t in rows if t.indicator_id})
    seen: set[tuple] = set()
    created = 0
    for t in rows:
        if proposable(_Figure(t), plan.text) is not None:
            continue
        value, unit, indicator_id = t.value, t.unit, t.indicator_id
        if indicator_id is not None:
            try:
                value = convert(t.value, t.unit, units.get(indicator_id))
                unit = units.get(indicator_id) or t.unit
            except ValueError:
                indicator_id = None  # a value in 元 is no value of a % indicator
        key = (indicator_id or t.indicator_name, t.year, value)
        if key in seen:
            continue  # one figure restated (a table and its paragraph)
        seen.add(key)
        session.add(Proposal(plan_id=plan.id, target_id=t.id, name=t.indicator_name[:300], indicator_id=indicator_id,
                             region_id=plan.region_id, year=t.year, value=value, unit=unit, quote=t.quote,
                             start=t.start, end=t.end, state=PROPOSED))
        created += 1
    if created:
        session.flush()
    log.info("proposals plan_id=%s created=%s", plan.id, created)
    return created


def accept_plan_baselines(session: Session, plan: Plan, *, user_id: int | None = None) -> int:
    """A plan's stated base-year results become its region's observations: the proposals
    of its base year that are linked and find nothing stored are accepted at once (the
    others wait for review). Returns how many were accepted."""
    if plan.region_id is None or plan.base_year is None or DocType(plan.doc_type).reports_results:
        return 0
    proposals = list(session.scalars(select(Proposal).where(
        Proposal.plan_id == plan.id, Proposal.state == PROPOSED, Proposal.year == plan.base_year,
        Proposal.indicator_id.is_not(None))))
    stored = {(o.indicator_id, o.year) for o in session.scalars(select(Observation).where(
        Observation.region_id == plan.region_id, Observation.year == plan.base_year,
        Observation.indicator_id.in_({p.indicator_id for p in proposals})))} if proposals else set()
    fresh: list[Proposal] = []
    for p in proposals:
        if (p.indicator_id, p.year) not in stored:
            stored.add((p.indicator_id, p.year))
            fresh.append(p)
    if not fresh:
        return 0
    _write_new(session, plan, fresh, user_id=user_id, note=f"《{plan.title[:150]}》所述基期值")
    audit.record(session, user_id=user_id, action="create", object_type="observation", object_id=None,
                 summary=f"规划《{plan.title}》所述{plan.base_year}年基期值记为监测数据：{len(fresh)} 项",
                 new={"plan_id": plan.id, "year": plan.base_year, "created": len(fresh)})
    return len(fresh)


# ---- reading ---------------------------------------------------------------------------

def list_sources(engine: Engine, *, actor: Actor | None = None) -> list[SourceSummary]:
    """Documents with proposals (a unit user: those it uploaded), newest first, with counts."""
    with unit_of_work(engine) as session:
        plans = list(session.scalars(select(Plan).where(Plan.id.in_(select(Proposal.plan_id).distinct()))
                                     .order_by(Plan.id.desc())))
        out = []
        for plan in plans:
            if not _may_review(actor, plan):
                continue
            views = _views(session, [plan.id])
            counts = Counter(v.state for v in views)
            counts["conflicting"] = sum(1 for v in views if v.state == PROPOSED and v.match == CONFLICT)
            counts["matched"] = sum(1 for v in views if v.state == PROPOSED and v.match in (NEW, SAME))
            out.append(_summary(plan, counts))
        return out


def get_source(engine: Engine, source: str | int, *, actor: Actor | None = None
               ) -> tuple[SourceSummary, str, list[ProposalView]]:
    """One source: its summary, its stored text and its proposals (for the review page)."""
    with unit_of_work(engine) as session:
        plan = plan_repo.find(session, source)
        _require_reader(actor, plan)
        views = _views(session, [plan.id])
        counts = Counter(v.state for v in views)
        counts["conflicting"] = sum(1 for v in views if v.state == PROPOSED and v.match == CONFLICT)
        counts["matched"] = sum(1 for v in views if v.state == PROPOSED and v.match in (NEW, SAME))
        return _summary(plan, counts), plan.text, views


def list_proposals(engine: Engine, source: str | int | None = None, *, state: str | None = None,
                   actor: Actor | None = None) -> list[ProposalView]:
    """Proposals of one source (every source when None), in text order."""
    with unit_of_work(engine) as session:
        if source is not None:
            plan = plan_repo.find(session, source)
            _require_reader(actor, plan)
            ids = [plan.id]
        else:
            ids = [p.id for p in session.scalars(select(Plan).where(
                Plan.id.in_(select(Proposal.plan_id).distinct()))) if _may_review(actor, p)]
        views = _views(session, ids)
        if state is not None:
            if state not in STATE_LABELS:
                raise InputError(f"不认识的状态：{state}", hint="可选 proposed、accepted、rejected")
            views = [v for v in views if v.state == state]
        return views


def indicator_names(engine: Engine) -> list[str]:
    """Every indicator's name, for the review page's suggestions."""
    with unit_of_work(engine) as session:
        return list(session.scalars(select(Indicator.name).order_by(Indicator.name)))


# ---- review ----------------------------------------------------------------------------

def accept_proposals(engine: Engine, ids: list[int], *, actor: Actor | None = None,
                     versions: dict[int, int] | None = None) -> ReviewResult:
    """Accept proposals (all or nothing): write new values, replace differing ones, mark
    equal ones confirmed. ``versions`` are the versions the reviewer saw (409 when stale)."""
    with unit_of_work(engine) as session:
        proposals = _load(session, ids, actor, versions)
        return _accept(session, proposals, actor=actor)


def accept_matched(engine: Engine, source: str | int, *, actor: Actor | None = None) -> ReviewResult:
    """Bulk accept: every proposal of the source that is linked and agrees with what is
    stored or finds nothing stored (conflicts and unlinked ones wait for a person)."""
    with unit_of_work(engine) as session:
        plan = plan_repo.find(session, source)
        _require_reviewer(actor, plan)
        views = [v for v in _views(session, [plan.id]) if v.state == PROPOSED and v.match in (NEW, SAME)]
        values: dict[tuple, set[Decimal]] = {}
        for v in views:
            values.setdefault((v.indicator_id, v.region_id, v.year), set()).add(v.value)
        # two different values for one indicator, region and year: a person decides
        views = [v for v in views if len(values[(v.indicator_id, v.region_id, v.year)]) == 1]
        if not views:
            return ReviewResult()
        proposals = _load(session, [v.id for v in views], actor, None)
        return _accept(session, proposals, actor=actor)


def reject_proposals(engine: Engine, ids: list[int], *, actor: Actor | None = None,
                     versions: dict[int, int] | None = None) -> ReviewResult:
    with unit_of_work(engine) as session:
        proposals = _load(session, ids, actor, versions)
        now, user_id = utcnow(), access.user_id(actor)
        for p in proposals:
            p.state, p.reviewed_by, p.reviewed_at = REJECTED, user_id, now
            audit.record(session, user_id=user_id, action="reject", object_type="proposal", object_id=p.id,
                         summary=f"驳回来源数据：{p.name} {p.year}年 {_show(p.value)}{p.unit or ''}",
                         old={"state": PROPOSED}, new={"state": REJECTED})
        _flush(session)
        return ReviewResult(rejected=len(proposals))


def edit_proposal(engine: Engine, proposal_id: int, *, actor: Actor | None = None, expected_version: int,
                  indicator: str | int | None = None, year: int | None = None, value: object = None,
                  region: str | int | None = None) -> ProposalView:
    """Correct a proposal before accepting it: the indicator (from the suggestions), the
    year, the value or the region."""
    from eduplan.services.dictionary.indicators import find_indicator
    from eduplan.services.exchange.quantities import parse_value, parse_year

    with unit_of_work(engine) as session:
        [p] = _load(session, [proposal_id], actor, {proposal_id: expected_version})
        old = _snapshot(p)
        if indicator not in (None, ""):
            found = find_indicator(session, indicator)
            unit = found.unit
            if unit and p.unit and unit != p.unit:
                try:
                    p.value = convert(p.value, p.unit, unit)
                except ValueError as exc:
                    raise InputError(f"单位“{p.unit}”不能换算为指标“{found.name}”的单位“{unit}”",
                                     hint="请选择计量单位相同的指标") from exc
            p.indicator_id, p.unit = found.id, unit or p.unit
        if year not in (None, ""):
            p.year = parse_year(year)
        if value not in (None, ""):
            p.value, given_unit = parse_value(value)
            if given_unit and p.unit and given_unit != p.unit:
                raise InputError(f"数值的单位“{given_unit}”与“{p.unit}”不一致")
        if region not in (None, ""):
            found_region = region_repo.by_name(session, str(region)) if not str(region).isdigit() else \
                session.get(Region, int(region))
            if found_region is None:
                raise InputError(f"没有名为“{region}”的区域", hint="请先用 eduplan region load 载入区域")
            p.region_id = found_region.id
        audit.record(session, user_id=access.user_id(actor), action="update", object_type="proposal", object_id=p.id,
                     summary=f"修改来源数据：{p.name}", old=old, new=_snapshot(p))
        _flush(session)
        return _views(session, [p.plan_id], only={p.id})[0]


# ---- building blocks ---------------------------------------------------------------------

class _Figure:
    """A stored actual value seen as the extraction record ``proposable`` reads."""

    def __init__(self, t: Target) -> None:
        self.indicator, self.kind, self.value, self.unit, self.year = t.indicator_name, t.kind, t.value, t.unit, t.year
        self.start, self.end, self.role = t.start, t.end, None


def _accept(session: Session, proposals: list[Proposal], *, actor: Actor | None) -> ReviewResult:
    user_id, now = access.user_id(actor), utcnow()
    missing = [p for p in proposals if p.indicator_id is None or p.region_id is None]
    if missing:
        names = "、".join(f"{p.name}（{p.year}年）" for p in missing[:5])
        raise InputError(f"以下来源数据未关联指标或区域，不能采纳：{names}",
                         hint="请先在审核页面为其选择指标（和区域），或驳回")
    keys: dict[tuple[int, int, int], Proposal] = {}
    for p in proposals:
        key = (p.indicator_id, p.region_id, p.year)
        if key in keys and keys[key].value != p.value:
            raise InputError(f"同一指标、区域和年份有两个不同的数值：{p.name} {p.year}年",
                             hint="请只采纳其中一个")
        keys[key] = p
    stored = {(o.indicator_id, o.region_id, o.year): o for o in _stored(session, keys)}
    same = [p for k, p in keys.items() if k in stored and stored[k].value == p.value]
    writes = [p for k, p in keys.items() if not (k in stored and stored[k].value == p.value)]
    replaced = sum(1 for p in writes if (p.indicator_id, p.region_id, p.year) in stored)
    if writes:
        plans = {p.plan_id: session.get(Plan, p.plan_id) for p in writes}
        _write_checked(session, writes, plans, actor=actor)
    observed = {(o.indicator_id, o.region_id, o.year): o for o in _stored(session, keys)}
    for p in proposals:
        o = observed[(p.indicator_id, p.region_id, p.year)]
        p.state, p.observation_id, p.reviewed_by, p.reviewed_at = ACCEPTED, o.id, user_id, now
    for p in same:
        audit.record(session, user_id=user_id, action="confirm", object_type="observation",
                     object_id=observed[(p.indicator_id, p.region_id, p.year)].id,
                     summary=f"第二来源确认：{p.name} {p.year}年 {_show(p.value)}{p.unit or ''}",
                     new={"proposal_id": p.id, "source_plan_id": p.plan_id, "quote": p.quote[:200]})
    _flush(session)
    return ReviewResult(accepted=len(writes) - replaced, replaced=replaced, confirmed=len(same))


def _write_checked(session: Session, proposals: list[Proposal], plans: dict[int, Plan], *,
                   actor: Actor | None) -> None:
    """Write through the import checks (indicator, unit, bounds, scope, locks, audit)."""
    from eduplan.services.monitoring.observations import check_file, write_checked

    names = dict(session.execute(select(Indicator.id, Indicator.name).where(
        Indicator.id.in_({p.indicator_id for p in proposals}))).all())
    regions = dict(session.execute(select(Region.id, Region.name).where(
        Region.id.in_({p.region_id for p in proposals}))).all())
    labels = {"indicator": "指标", "region": "区域", "year": "年份", "value": "数值", "unit": "单位", "source": "来源",
              "note": "备注"}
    title = plans[proposals[0].plan_id].title if len(plans) == 1 else "来源文件"
    data = DataFile(name=f"《{title[:80]}》")
    for n, p in enumerate(proposals, 1):
        data.rows.append(RawRow(n, {"indicator": names[p.indicator_id], "region": regions[p.region_id], "year": p.year,
                                    "value": p.value, "unit": p.unit, "source": f"《{plans[p.plan_id].title[:190]}》",
                                    "note": p.quote[:500]}, labels))
    checked = check_file(session, data, actor=actor)
    write_checked(session, checked, actor=actor)
    _stamp_sources(session, proposals)


def _write_new(session: Session, plan: Plan, proposals: list[Proposal], *, user_id: int | None, note: str) -> None:
    """Create observations for proposals that find nothing stored (the ingest path)."""
    now = utcnow()
    for p in proposals:
        o = Observation(indicator_id=p.indicator_id, region_id=p.region_id, year=p.year, value=p.value, unit=p.unit,
                        source=(p.quote or "").replace("\n", " ")[:200], note=note, recorded_by=user_id,
                        source_plan_id=plan.id, source_quote=p.quote)
        session.add(o)
        session.flush()
        p.state, p.observation_id, p.reviewed_by, p.reviewed_at = ACCEPTED, o.id, user_id, now


def _stamp_sources(session: Session, proposals: list[Proposal]) -> None:
    """The observations written from proposals keep their document and quote (the import
    wrote them with Core statements: the session's copies are stale and are expired)."""
    t = Observation.__table__
    for p in proposals:
        session.execute(update(t).where(t.c.indicator_id == p.indicator_id, t.c.region_id == p.region_id,
                                        t.c.year == p.year).values(source_plan_id=p.plan_id, source_quote=p.quote))
    session.expire_all()


def _stored(session: Session, keys) -> list[Observation]:
    if not keys:
        return []
    indicator_ids = {k[0] for k in keys}
    found = session.scalars(select(Observation).where(Observation.indicator_id.in_(indicator_ids)))
    return [o for o in found if (o.indicator_id, o.region_id, o.year) in keys]


def _load(session: Session, ids: list[int], actor: Actor | None, versions: dict[int, int] | None) -> list[Proposal]:
    if not ids:
        raise InputError("没有选择来源数据", hint="请给出要处理的编号")
    proposals = list(session.scalars(select(Proposal).where(Proposal.id.in_(set(ids))).order_by(Proposal.start)))
    found = {p.id for p in proposals}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"没有编号为 {missing[0]} 的来源数据")
    for plan_id in {p.plan_id for p in proposals}:
        _require_reviewer(actor, session.get(Plan, plan_id))
    for p in proposals:
        if versions and p.id in versions and versions[p.id] != p.version:
            raise ConflictError("该来源数据已被他人处理", hint="请刷新后重试")
        if p.state != PROPOSED:
            raise ConflictError(f"来源数据 {p.id} 已{STATE_LABELS.get(p.state, p.state)}", hint="请刷新后重试")
    return proposals


def _may_review(actor: Actor | None, plan: Plan) -> bool:
    if actor is None or actor.role in (Role.ADMIN.value, Role.PLANNER.value):
        return True
    if actor.role == Role.UNIT.value:
        return plan.created_by == actor.id
    return actor.role == Role.VIEWER.value  # viewers read every source, write none


def _require_reader(actor: Actor | None, plan: Plan) -> None:
    if not _may_review(actor, plan):
        raise PermissionDeniedError("无权查看该来源文件", hint="责任单位用户只能查看本账号上传的来源文件")


def _require_reviewer(actor: Actor | None, plan: Plan) -> None:
    access.require_role(actor, Action.OBSERVATION)
    if actor is not None and actor.role == Role.UNIT.value and plan.created_by != actor.id:
        raise PermissionDeniedError("无权审核该来源文件的数据", hint="责任单位用户只能审核本账号上传的来源文件")


def _views(session: Session, plan_ids: list[int], *, only: set[int] | None = None) -> list[ProposalView]:
    if not plan_ids:
        return []
    query = select(Proposal).where(Proposal.plan_id.in_(plan_ids)).order_by(Proposal.plan_id, Proposal.start,
                                                                            Proposal.id)
    proposals = [p for p in session.scalars(query) if only is None or p.id in only]
    titles = dict(session.execute(select(Plan.id, Plan.title).where(Plan.id.in_(plan_ids))).all())
    names = dict(session.execute(select(Indicator.id, Indicator.name).where(
        Indicator.id.in_({p.indicator_id for p in proposals if p.indicator_id}))).all())
    regions = dict(session.execute(select(Region.id, Region.name).where(
        Region.id.in_({p.region_id for p in proposals if p.region_id}))).all())
    keys = {(p.indicator_id, p.region_id, p.year) for p in proposals if p.indicator_id and p.region_id}
    stored = {(o.indicator_id, o.region_id, o.year): o for o in _stored(session, keys)}
    users = {uid: shown or username for uid, shown, username in session.execute(
        select(User.id, User.display_name, User.username).where(
            User.id.in_({o.recorded_by for o in stored.values() if o.recorded_by})))}
    out = []
    for p in proposals:
        o = stored.get((p.indicator_id, p.region_id, p.year)) if p.indicator_id and p.region_id else None
        if p.indicator_id is None or p.region_id is None:
            match = UNLINKED
        elif o is None:
            match = NEW
        else:
            match = SAME if o.value == p.value else CONFLICT
        held = StoredValue(o.id, o.value, o.source, o.note, users.get(o.recorded_by), o.recorded_at, o.version) \
            if o is not None else None
        out.append(ProposalView(p.id, p.plan_id, titles.get(p.plan_id, ""), p.name, p.indicator_id,
                                names.get(p.indicator_id), p.region_id, regions.get(p.region_id), p.year, p.value,
                                p.unit, p.quote, p.start, p.end, p.state, p.version, held, match))
    return out


def _summary(plan: Plan, counts: Counter) -> SourceSummary:
    try:
        label = DocType(plan.doc_type).label
    except ValueError:
        label = plan.doc_type
    return SourceSummary(plan.id, plan.title, plan.doc_type, label, plan.region_name, plan.reporting_year,
                         plan.created_by, {k: counts.get(k, 0) for k in (PROPOSED, ACCEPTED, REJECTED, "conflicting",
                                                                        "matched")})


def _indicator_units(session: Session, ids: set[int]) -> dict[int, str | None]:
    if not ids:
        return {}
    return dict(session.execute(select(Indicator.id, Indicator.unit).where(Indicator.id.in_(ids))).all())


def _snapshot(p: Proposal) -> dict[str, Any]:
    return {"indicator_id": p.indicator_id, "region_id": p.region_id, "year": p.year, "value": str(p.value),
            "unit": p.unit, "state": p.state}


def _flush(session: Session) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError("该来源数据已被他人处理", hint="请刷新后重试") from exc


def _show(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize(), "f")
