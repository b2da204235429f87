"""The indicator dictionary (指标库): load it, link plan targets to it, merge, compare.

``link_targets`` runs after ingest: every target of a plan is linked to an indicator by
name and alias through ``matching.IndicatorMatcher`` (threshold measured there); a name
without a match becomes a new indicator flagged ``needs_review``, its unit and kind guessed
from the target. Planners then merge duplicates with ``merge_indicators``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.errors import InputError, NotFoundError
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.dictionary.indicator_specs import (
    IndicatorSpec,
    decimals,
    guess_spec,
    parse_dictionary,
    sample_dictionary_text,
)
from eduplan.services.dictionary.matching import IndicatorMatcher
from eduplan.store.db import unit_of_work
from eduplan.store.models import Indicator, Observation
from eduplan.store.repositories import audit
from eduplan.store.repositories import indicators as indicator_repo
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import targets as target_repo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    id: int
    name: str
    aliases: tuple[str, ...]
    unit: str | None
    direction: str
    kind: str
    precision: int
    max_value: Decimal | None
    min_value: Decimal | None
    needs_review: bool
    version: int

    @classmethod
    def of(cls, i: Indicator) -> IndicatorInfo:
        return cls(i.id, i.name, tuple(sorted(a.alias for a in i.aliases)), i.unit, i.direction, i.kind,
                   i.precision, i.max_value, i.min_value, i.needs_review, i.version)


@dataclass(slots=True)
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases_added: int = 0
    merged: list[str] = field(default_factory=list)  # indicators awaiting review, now aliases


@dataclass(slots=True)
class LinkResult:
    plan_id: int
    linked: int = 0  # targets linked to a dictionary entry (including one created earlier in the run)
    created: list[str] = field(default_factory=list)  # new indicators flagged needs_review
    skipped: int = 0  # targets without an indicator name


@dataclass(frozen=True, slots=True)
class ObservationConflict:
    region: str
    year: int
    kept_value: Decimal
    dropped_value: Decimal


@dataclass(slots=True)
class MergeResult:
    kept: IndicatorInfo
    merged_name: str
    aliases_moved: list[str]
    targets_moved: int
    observations_moved: int
    conflicts: list[ObservationConflict]


@dataclass(frozen=True, slots=True)
class IndicatorSuggestion:
    id: int
    name: str
    unit: str | None
    score: float


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    plan_id: int
    plan_title: str
    region: str | None
    year: int | None
    comparator: str
    value: Decimal | None
    unit: str | None
    kind: str
    baseline_year: int | None
    baseline_value: Decimal | None
    quote: str


@dataclass(frozen=True, slots=True)
class Comparison:
    indicator: IndicatorInfo
    rows: list[ComparisonRow]


# ---- dictionary ---------------------------------------------------------------------

def load_indicators(engine: Engine, source: str | Path | None = None, *, actor: Actor | None = None) -> LoadResult:
    """Insert or update dictionary entries from YAML/CSV (default: the shipped starter).

    An entry updates the indicator of the same name (or the one that has its name as an
    alias) and clears its ``needs_review`` flag; an indicator awaiting review whose name is
    an entry's alias is merged into the entry. All entries are checked first; an alias
    owned by another indicator, or naming a confirmed one, is an error and nothing is written.
    """
    if source is None:
        text, name = sample_dictionary_text(), "indicators.yaml"
    elif isinstance(source, Path):
        if not source.is_file():
            raise InputError(f"找不到文件：{source}")
        text, name = source.read_text(encoding="utf-8-sig"), source.name
    else:
        text, name = source, "indicators.yaml"
    specs = parse_dictionary(text, source_name=name)
    result = LoadResult()
    with unit_of_work(engine) as session:
        access.require(actor, Action.INDICATOR)
        by_name = {i.name: i for i in indicator_repo.all_indicators(session)}
        owners = indicator_repo.alias_owners(session)
        _check_alias_owners(specs, by_name, owners, name)
        for spec in specs:
            indicator = by_name.get(spec.name) or _by_id(by_name, owners.get(spec.name))
            if indicator is None:
                indicator = _new_indicator(spec)
                session.add(indicator)
                by_name[spec.name] = indicator
                result.created += 1
                result.aliases_added += len(indicator_repo.add_aliases(session, indicator, spec.aliases))
                continue
            changed = _apply(indicator, spec)
            added = indicator_repo.add_aliases(session, indicator, spec.aliases)
            result.aliases_added += len(added)
            if changed or added:
                result.updated += 1
            else:
                result.unchanged += 1
        session.flush()
        for spec in specs:  # indicators created for review before the dictionary knew the name
            kept = by_name[spec.name] if spec.name in by_name else _by_id(by_name, owners.get(spec.name))
            for alias in spec.aliases:
                pending = by_name.get(alias)
                if pending is not None and pending.id != kept.id and pending.needs_review:
                    merge_into(session, kept, pending, user_id=access.user_id(actor))
                    by_name.pop(alias)
                    result.merged.append(alias)
        audit.record(session, user_id=access.user_id(actor), action="import", object_type="indicator",
                     object_id=None, summary=f"导入指标库（{name}）：新增 {result.created}，更新 {result.updated}",
                     new={"created": result.created, "updated": result.updated, "aliases": result.aliases_added})
    log.info("indicators loaded source=%s created=%s updated=%s", name, result.created, result.updated)
    return result


def _check_alias_owners(specs: list[IndicatorSpec], by_name: dict[str, Indicator], owners: dict[str, int],
                        source: str) -> None:
    problems = []
    for n, spec in enumerate(specs, 1):
        own = by_name.get(spec.name) or _by_id(by_name, owners.get(spec.name))
        for alias in spec.aliases:
            owner = owners.get(alias)
            if owner is not None and (own is None or owner != own.id):
                other = _by_id(by_name, owner)
                problems.append(f"第{n}条“{spec.name}”的别名“{alias}”已属于指标“{other.name if other else owner}”")
            named = by_name.get(alias)
            if named is not None and not named.needs_review and (own is None or named.id != own.id):
                problems.append(f"第{n}条“{spec.name}”的别名“{alias}”是已确认的另一个指标")
    if problems:
        raise InputError("别名冲突，未导入任何内容", location=source, hint="；".join(problems[:10]))


def _by_id(by_name: dict[str, Indicator], indicator_id: int | None) -> Indicator | None:
    if indicator_id is None:
        return None
    return next((i for i in by_name.values() if i.id == indicator_id), None)


def _new_indicator(spec: IndicatorSpec) -> Indicator:
    return Indicator(name=spec.name, unit=spec.unit, direction=spec.direction, kind=spec.kind,
                     precision=spec.precision, max_value=spec.max_value, min_value=spec.min_value,
                     description=spec.description, needs_review=spec.needs_review, aliases=[])


def _apply(indicator: Indicator, spec: IndicatorSpec) -> bool:
    values = {"unit": spec.unit, "direction": spec.direction, "kind": spec.kind, "precision": spec.precision,
              "max_value": spec.max_value, "min_value": spec.min_value, "needs_review": False}
    if spec.description:
        values["description"] = spec.description
    changed = False
    for key, value in values.items():
        current = getattr(indicator, key)
        if (Decimal(current) if isinstance(value, Decimal) and current is not None else current) != value:
            setattr(indicator, key, value)
            changed = True
    return changed


def list_indicators(engine: Engine, *, needs_review: bool | None = None) -> list[IndicatorInfo]:
    with unit_of_work(engine) as session:
        return [IndicatorInfo.of(i) for i in indicator_repo.all_indicators(session, needs_review=needs_review)]


def build_matcher(session: Session) -> IndicatorMatcher:
    return IndicatorMatcher(indicator_repo.matcher_entries(session))


def suggest_indicators(engine: Engine, query: str, *, limit: int = 8) -> list[IndicatorSuggestion]:
    """Dictionary indicators close to ``query`` (name or alias), best first: the exact
    match, then the matcher's candidates, then names containing the query."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    with unit_of_work(engine) as session:
        matcher = build_matcher(session)
        found: dict[int, tuple[str, float]] = {}
        exact = matcher.exact(query)
        if exact:
            found[exact.indicator_id] = (exact.name, 100.0)
        for m in matcher.candidates(query, limit=limit, cutoff=30.0):
            found.setdefault(m.indicator_id, (m.name, m.score))
        if len(found) < limit:
            for indicator_id, name, aliases in indicator_repo.matcher_entries(session):
                if len(found) >= limit:
                    break
                if indicator_id not in found and any(query in n for n in (name, *aliases)):
                    found[indicator_id] = (name, 50.0)
        units = indicator_repo.units_of(session, list(found))
        ranked = sorted(found.items(), key=lambda kv: -kv[1][1])[:limit]
        return [IndicatorSuggestion(i, name, units.get(i), score) for i, (name, score) in ranked]


def find_indicator(session: Session, ref: str | int, *, matcher: IndicatorMatcher | None = None) -> Indicator:
    """An indicator by id, name or alias (compared after normalisation); else NotFoundError
    naming the closest indicators."""
    text = str(ref).strip()
    if text.isdigit():
        found = session.get(Indicator, int(text))
        if found:
            return found
    matcher = matcher or build_matcher(session)
    hit = matcher.exact(text)
    if hit:
        return session.get(Indicator, hit.indicator_id)
    close = matcher.suggest(text)
    raise NotFoundError(f"指标库中没有“{text}”", hint=f"是否指：{'、'.join(close)}" if close else
                        "用 eduplan indicator list 查看指标库")


# ---- linking targets ----------------------------------------------------------------

def link_targets(engine: Engine, plan_ref: str | int, *, actor: Actor | None = None) -> LinkResult:
    """Link every unlinked target of a plan (id, unique part of the title or sha256 prefix)
    to the dictionary, in one transaction."""
    with unit_of_work(engine) as session:
        access.require(actor, Action.TARGET)
        return link_plan_targets(session, plan_repo.find(session, plan_ref).id, user_id=access.user_id(actor))


def link_plan_targets(session: Session, plan_id: int, *, user_id: int | None = None,
                      matcher: IndicatorMatcher | None = None) -> LinkResult:
    """Session-level ``link_targets`` for callers that own the transaction (ingest)."""
    session.flush()
    matcher = matcher or build_matcher(session)
    result = LinkResult(plan_id)
    new_values: dict[int, tuple[Indicator, list]] = {}  # indicators created for review → the values they carry
    wordings: dict[int, set[str]] = {}  # … and the other wordings of the plan linked to them
    for target in target_repo.unlinked(session, plan_id):
        name = (target.indicator_name or "").strip()
        if not name:
            result.skipped += 1
            continue
        hit = matcher.match(name)
        if hit is None:
            spec = with_target_semantics(guess_spec(name, unit=target.unit, value=target.value,
                                                    quote=target.quote or ""), target)
            indicator = indicator_repo.by_name(session, spec.name) or _new_indicator(spec)
            if indicator.id is None:
                session.add(indicator)
                session.flush()
                result.created.append(spec.name)
                audit.record(session, user_id=user_id, action="create", object_type="indicator",
                             object_id=indicator.id, summary=f"新建待审核指标“{spec.name}”（规划 {plan_id}）",
                             new={"name": spec.name, "unit": spec.unit, "kind": spec.kind,
                                  "direction": spec.direction, "guess": list(spec.reasons)})
            matcher.add(indicator.id, indicator.name)
            target.indicator_id = indicator.id
            if indicator.needs_review:
                new_values.setdefault(indicator.id, (indicator, []))[1].append(target.value)
        else:
            target.indicator_id = hit.indicator_id
            result.linked += 1
            if hit.indicator_id in new_values:
                new_values[hit.indicator_id][1].append(target.value)
                wordings.setdefault(hit.indicator_id, set()).add(name[:200])
    for indicator, values in new_values.values():  # 0.50 0.45 0.40: reported with two decimals
        indicator.precision = max([indicator.precision, *(decimals(v) for v in values if v is not None)])
    _keep_wordings(session, new_values, wordings)
    session.flush()
    log.info("linked plan_id=%s linked=%s created=%s", plan_id, result.linked, len(result.created))
    return result


def _keep_wordings(session: Session, created: dict[int, tuple[Indicator, list]], wordings: dict[int, set[str]]) -> None:
    """Other wordings a plan uses for an indicator it created for review become its aliases,
    so monitoring files may name it either way (优质幼儿园(一、二级)在园幼儿占比 beside
    优质园在园幼儿覆盖率). A wording another indicator owns is left alone."""
    if not wordings:
        return
    session.flush()
    owners = indicator_repo.alias_owners(session)
    for indicator_id, names in wordings.items():
        indicator = created[indicator_id][0]
        free = [n for n in sorted(names) if n not in owners and n != indicator.name
                and indicator_repo.by_name(session, n) is None]
        indicator_repo.add_aliases(session, indicator, free)


MEASURE_KINDS = {"level": "level", "rank": "level", "maintain": "maintain", "cumulative": "cumulative",
                 "per_year": "cumulative", "yearly_amount": "cumulative", "binary": "binary",
                 "growth_rate": "growth_rate"}


def with_target_semantics(spec: IndicatorSpec, target) -> IndicatorSpec:
    """A guessed indicator takes the kind and direction extraction decided for the target
    that creates it (a 创成 goal is binary, a 近视率 read from a table is lower-is-better)."""
    kind = MEASURE_KINDS.get(target.measure or "", spec.kind)
    direction = target.direction or spec.direction
    max_value = Decimal(1) if kind == "binary" else spec.max_value
    unit = spec.unit
    if target.measure == "per_year" and target.unit == "个百分点":  # the yearly change of a rate: the rate
        kind, unit, max_value = "level", "%", Decimal(100)
    reasons = spec.reasons + ((f"提取：{target.measure}",) if target.measure else ())
    return replace(spec, kind=kind, direction=direction, max_value=max_value, unit=unit, reasons=reasons)


# ---- merging --------------------------------------------------------------------------

def merge_indicators(engine: Engine, keep: str | int, other: str | int, *, actor: Actor | None = None) -> MergeResult:
    """Merge ``other`` into ``keep``: aliases move, other's name becomes an alias, targets
    and observations re-point. Two observations for the same region and year: the newer
    (by recorded_at) is kept and the pair is reported. Audited with old and new."""
    with unit_of_work(engine) as session:
        access.require(actor, Action.INDICATOR)
        matcher = build_matcher(session)
        kept, gone = find_indicator(session, keep, matcher=matcher), find_indicator(session, other, matcher=matcher)
        if kept.id == gone.id:
            raise InputError("不能把指标合并到它自己", hint=f"“{keep}”和“{other}”是同一个指标")
        return merge_into(session, kept, gone, user_id=access.user_id(actor))


def merge_into(session: Session, kept: Indicator, gone: Indicator, *, user_id: int | None) -> MergeResult:
    """Session-level merge (the caller owns the transaction and has checked the role)."""
    old = {"indicator": _snapshot(gone), "aliases": sorted(a.alias for a in gone.aliases)}
    conflicts, dropped = _resolve_observation_conflicts(session, kept.id, gone.id)
    moved_aliases = indicator_repo.move_aliases(session, gone.id, kept.id)
    target_ids = target_repo.repoint(session, gone.id, kept.id)
    moved_observations = observation_repo.repoint(session, gone.id, kept.id)
    merged_name = gone.name
    session.expunge(gone)
    indicator_repo.delete_indicator(session, gone.id)
    session.flush()
    session.expire(kept, ["aliases"])
    indicator_repo.add_aliases(session, kept, [merged_name])
    if kept.unit is None and old["indicator"]["unit"]:
        kept.unit = old["indicator"]["unit"]
    session.flush()
    aliases = sorted(set(moved_aliases + [merged_name]))
    audit.record(session, user_id=user_id, action="merge", object_type="indicator", object_id=kept.id,
                 summary=f"指标“{merged_name}”并入“{kept.name}”", old=old,
                 new={"into": kept.id, "name": kept.name, "aliases_moved": aliases, "targets": target_ids,
                      "observations_moved": moved_observations, "observations_dropped": dropped})
    session.refresh(kept)
    log.info("merged indicator=%s into=%s targets=%s observations=%s conflicts=%s",
             old["indicator"]["id"], kept.id, len(target_ids), moved_observations, len(conflicts))
    return MergeResult(IndicatorInfo.of(kept), merged_name, aliases, len(target_ids), moved_observations, conflicts)


def _resolve_observation_conflicts(session: Session, keep_id: int, other_id: int
                                   ) -> tuple[list[ObservationConflict], list[dict]]:
    mine = {(o.region_id, o.year): o for o in observation_repo.for_indicator(session, keep_id)}
    conflicts: list[ObservationConflict] = []
    dropped: list[dict] = []
    names = region_repo.names(session)
    for theirs in observation_repo.for_indicator(session, other_id):
        ours = mine.get((theirs.region_id, theirs.year))
        if ours is None:
            continue
        newer, older = (theirs, ours) if _stamp(theirs) > _stamp(ours) else (ours, theirs)
        conflicts.append(ObservationConflict(names.get(theirs.region_id, str(theirs.region_id)), theirs.year,
                                             newer.value, older.value))
        dropped.append({**observation_repo.snapshot(older), "indicator_id": older.indicator_id,
                        "region_id": older.region_id, "year": older.year})
        observation_repo.delete_one(session, older.id)
        if newer is theirs:  # the newer value moves to the kept indicator with the others
            mine.pop((theirs.region_id, theirs.year))
    return conflicts, dropped


def _stamp(o: Observation) -> tuple[datetime, int]:
    at = o.recorded_at  # naive UTC from SQLite, aware from PostgreSQL
    return (at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at), o.id


def _snapshot(i: Indicator) -> dict:
    return {"id": i.id, "name": i.name, "unit": i.unit, "direction": i.direction, "kind": i.kind,
            "precision": i.precision, "needs_review": i.needs_review,
            "max_value": str(i.max_value) if i.max_value is not None else None}


# ---- comparing plans -----------------------------------------------------------------

def compare_indicator(engine: Engine, ref: str | int) -> Comparison:
    """Every stored plan's targets (and reported values) for one indicator."""
    with unit_of_work(engine) as session:
        indicator = find_indicator(session, ref)
        names = region_repo.names(session)
        plans = {p.id: p for p in plan_repo.rows(session)}
        rows = [ComparisonRow(t.plan_id, plans[t.plan_id].title, names.get(t.region_id) or plans[t.plan_id].region_name,
                              t.year, t.comparator, t.value, t.unit, t.kind, t.baseline_year, t.baseline_value, t.quote)
                for t in target_repo.for_indicator(session, indicator.id)]
        return Comparison(IndicatorInfo.of(indicator), rows)
