"""Monitoring data read from documents: proposals, reconciliation with stored values, bulk
accept, audit entries and role checks (services.monitoring.sources), on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from eduplan.errors import InputError, PermissionDeniedError
from eduplan.extract import extract_document
from eduplan.ingest import read_text
from eduplan.services.monitoring import sources
from eduplan.services.monitoring.observations import record_observation
from eduplan.services.plans.ingest import ingest_documents
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Observation, Proposal
from tests.factories import make_plan, make_user, setup_dictionary

# our own bulletin: 学前三年毛入园率 agrees with the stored value, 高中阶段毛入学率 differs,
# 义务教育巩固率 is new; the counts are new indicators; the change and the typo are no levels
BULLETIN = """示例县2023年教育事业发展统计公报

一、学前教育
全县现有幼儿园48所,比上年增加2所。学前三年毛入园率97.8%。
二、义务教育
义务教育巩固率100%。小学招生2100人,较上年减少1.5人。
三、高中阶段教育
全县高中阶段毛入学率95.1%,比上年提高0.3个百分点。
"""
TARGETS = [
    {"indicator_name": name, "value": 98, "unit": "%", "units": ["县教育局"], "link": name, "review_state": "confirmed"}
    for name in ("学前三年毛入园率", "义务教育巩固率", "高中阶段毛入学率")
]


@pytest.fixture
def world(engine):
    setup_dictionary(engine)
    make_plan(engine, targets=TARGETS)
    planner = make_user(engine, "planner")
    record_observation(engine, indicator="学前三年毛入园率", region="示例县", year=2023, value="97.8", actor=planner,
                       source="县教育局统计年报")
    record_observation(engine, indicator="高中阶段毛入学率", region="示例县", year=2023, value="94.6", actor=planner,
                       source="县教育局统计年报")
    return planner


def ingest_bulletin(engine, text=BULLETIN, *, user=None, region="示例县"):
    doc = read_text(text, source="公报.txt", region=region)
    [result] = ingest_documents(engine, [doc], extractor=extract_document, user_id=user.id if user else None)
    return result.plan_id


def by_name(views):
    return {(v.indicator or v.name): v for v in views}


def test_a_bulletin_becomes_a_source_with_one_proposal_per_level(engine, world):
    source = ingest_bulletin(engine)
    views = by_name(sources.list_proposals(engine, source))
    assert views["学前三年毛入园率"].match == sources.SAME
    assert views["高中阶段毛入学率"].match == sources.CONFLICT
    assert views["高中阶段毛入学率"].stored.value == Decimal("94.6")
    assert views["高中阶段毛入学率"].stored.source == "县教育局统计年报"
    assert views["义务教育巩固率"].match == sources.NEW
    assert all(v.year == 2023 and v.region == "示例县" and v.state == sources.PROPOSED for v in views.values())
    assert not [v for v in views.values() if "比上年" in v.name or v.value == Decimal("1.5")]  # changes, typos
    summary = next(s for s in sources.list_sources(engine) if s.id == source)
    assert (summary.genre, summary.reporting_year) == ("statistics", 2023)
    assert summary.counts["conflicting"] == 1 and summary.counts["proposed"] == len(views)


def test_bulk_accept_takes_the_matched_ones_and_leaves_the_conflict(engine, world):
    source = ingest_bulletin(engine)
    before = _audits(engine)
    result = sources.accept_matched(engine, source, actor=world)
    assert result.confirmed == 1 and result.accepted >= 1 and result.replaced == 0
    views = by_name(sources.list_proposals(engine, source))
    assert views["高中阶段毛入学率"].state == sources.PROPOSED  # a person decides
    assert views["义务教育巩固率"].state == sources.ACCEPTED
    with unit_of_work(engine) as session:
        stored = session.scalars(select(Observation).where(Observation.value == Decimal(100))).one()
        assert stored.source_plan_id == source and "义务教育巩固率100%" in stored.source_quote
        assert "公报" in (stored.source or "")
    actions = [a.action for a in _audits(engine)[len(before):]]
    assert "confirm" in actions and "import" in actions


def test_accepting_a_conflict_replaces_the_stored_value_and_is_audited(engine, world):
    source = ingest_bulletin(engine)
    conflict = by_name(sources.list_proposals(engine, source))["高中阶段毛入学率"]
    result = sources.accept_proposals(engine, [conflict.id], actor=world, versions={conflict.id: conflict.version})
    assert result.replaced == 1
    with unit_of_work(engine) as session:
        o = session.get(Observation, conflict.stored.id)
        assert o.value == Decimal("95.1") and o.source_plan_id == source
        update = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "observation",
                                                          AuditEntry.object_id == o.id,
                                                          AuditEntry.action == "update")).all()
        assert update and "94.6" in str(update[-1].old) and "95.1" in str(update[-1].new)


def test_reject_writes_nothing_and_a_second_review_is_refused(engine, world):
    source = ingest_bulletin(engine)
    new = by_name(sources.list_proposals(engine, source))["义务教育巩固率"]
    count = _observations(engine)
    sources.reject_proposals(engine, [new.id], actor=world)
    assert _observations(engine) == count
    with pytest.raises(Exception, match="已驳回"):
        sources.accept_proposals(engine, [new.id], actor=world)


def test_an_unlinked_proposal_cannot_be_accepted_until_its_indicator_is_chosen(engine, world):
    source = ingest_bulletin(engine, BULLETIN.replace("学前三年毛入园率97.8%", "学前教育普及水平指数97.8"))
    views = sources.list_proposals(engine, source)
    assert all(v.indicator_id is not None or v.match == sources.UNLINKED for v in views)
    odd = next(v for v in views if v.name == "全县现有幼儿园" or v.name == "幼儿园")
    if odd.indicator_id is None:
        with pytest.raises(InputError, match="未关联指标"):
            sources.accept_proposals(engine, [odd.id], actor=world)
    moved = sources.edit_proposal(engine, odd.id, actor=world, expected_version=odd.version, year=2022)
    assert moved.year == 2022


def test_a_unit_reviews_only_the_sources_it_uploaded(engine, world):
    own = make_user(engine, "unit", unit="县教育局")
    other = make_user(engine, "unit", unit="县教育局")
    source = ingest_bulletin(engine, user=own)
    new = by_name(sources.list_proposals(engine, source))["义务教育巩固率"]
    with pytest.raises(PermissionDeniedError):
        sources.accept_proposals(engine, [new.id], actor=other)
    with pytest.raises(PermissionDeniedError):
        sources.get_source(engine, source, actor=other)
    assert [s.id for s in sources.list_sources(engine, actor=other)] == []
    assert sources.accept_proposals(engine, [new.id], actor=own).accepted == 1
    viewer = make_user(engine, "viewer")
    with pytest.raises(PermissionDeniedError):
        sources.accept_matched(engine, source, actor=viewer)


def test_a_unit_cannot_write_another_regions_values_through_a_source(engine, world):
    own = make_user(engine, "unit", unit="县教育局")
    source = ingest_bulletin(engine, BULLETIN.replace("示例县", "示范县"), user=own, region="示范县")
    new = by_name(sources.list_proposals(engine, source))["义务教育巩固率"]
    count = _observations(engine)
    with pytest.raises(PermissionDeniedError):
        sources.accept_proposals(engine, [new.id], actor=own)
    assert _observations(engine) == count


def test_a_plans_stated_results_become_baselines_through_the_same_path(engine):
    setup_dictionary(engine)
    plan_text = ("示范县教育事业发展“十四五”规划\n\n一、发展基础\n2020年,全县学前三年毛入园率达到96.5%,"
                 "义务教育巩固率达到99.8%。\n\n二、主要目标\n到2025年,学前三年毛入园率达到98%。\n")
    plan = ingest_bulletin(engine, plan_text, region="示范县")
    views = by_name(sources.list_proposals(engine, plan))
    assert views["学前三年毛入园率"].state == sources.ACCEPTED and views["学前三年毛入园率"].year == 2020
    with unit_of_work(engine) as session:
        o = session.get(Observation, views["学前三年毛入园率"].stored.id)
        assert o.value == Decimal("96.5") and o.source_plan_id == plan and "96.5%" in o.source_quote
        assert session.scalar(select(func.count()).select_from(Proposal).where(Proposal.plan_id == plan)) >= 2


def _audits(engine):
    with unit_of_work(engine) as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _observations(engine) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(func.count()).select_from(Observation))


def test_the_cli_lists_accepts_and_rejects(engine, world, tmp_path):
    import json

    from tests.cli_helpers import run_cli

    path = tmp_path / "示例县2023年教育统计公报.txt"
    path.write_text(BULLETIN, encoding="utf-8")
    assert run_cli(engine, ["ingest", str(path), "--region", "示例县"]).exit_code == 0
    out = run_cli(engine, ["observations", "proposed", "--format", "json"])
    rows = json.loads(out.stdout)
    keys = {"id", "source", "indicator", "indicator_id", "region", "year", "value", "unit", "quote", "start", "end",
            "state"}
    assert rows and all(keys <= set(r) for r in rows)
    conflict = next(r for r in rows if r["indicator"] == "高中阶段毛入学率")
    assert (conflict["match"], conflict["stored"]["value"], conflict["value"]) == ("conflict", 94.6, 95.1)
    accepted = run_cli(engine, ["observations", "accept", "--all-matched"])
    assert accepted.exit_code == 0 and "确认 1 项" in accepted.stdout
    assert run_cli(engine, ["observations", "reject", str(conflict["id"])]).exit_code == 0
    states = {r["indicator"]: r["state"] for r in json.loads(run_cli(engine, ["observations", "proposed", "--format",
                                                                             "json"]).stdout) if r["indicator"]}
    assert states["高中阶段毛入学率"] == "rejected" and states["义务教育巩固率"] == "accepted"
    again = run_cli(engine, ["observations", "accept", str(conflict["id"])])
    assert again.exit_code != 0 and "已驳回" in again.output


def test_the_report_appendix_names_where_the_latest_values_came_from(engine, world):
    from eduplan.services.evaluation.reports import render_report

    source = ingest_bulletin(engine)
    sources.accept_matched(engine, source, actor=world)
    plan = make_plan(engine, title="示例县教育事业发展规划（附件测试）", targets=TARGETS)
    md = render_report(engine, plan, as_of=2023, fmt="md").content.decode()
    annex = md[md.index("监测数据来源"):]
    assert "《示例县2023年教育事业发展统计公报》" in annex and "义务教育巩固率100%" in annex
    assert "县教育局统计年报" in annex  # a value entered with its 来源
