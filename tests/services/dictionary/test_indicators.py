"""Indicator dictionary: load, link targets, merge, compare."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from eduplan.errors import InputError, NotFoundError
from eduplan.services.dictionary.indicators import (
    compare_indicator,
    link_targets,
    list_indicators,
    load_indicators,
    merge_indicators,
)
from eduplan.services.dictionary.regions import load_regions
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Indicator, IndicatorAlias, Observation, Region, Target
from tests.conftest import row_counts
from tests.factories import make_plan


def test_load_sample_is_idempotent(engine):
    first = load_indicators(engine)
    assert first.created >= 30 and first.aliases_added > first.created
    again = load_indicators(engine)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    by_name = {i.name: i for i in list_indicators(engine)}
    assert by_name["高中阶段毛入学率"].max_value == 130
    assert by_name["儿童青少年近视率"].direction == "down"
    assert {"公办园在园幼儿占比", "公办园在园幼儿比例", "公办幼儿园在园幼儿占比"} <= set(
        by_name["公办(公益)幼儿园在园幼儿覆盖面"].aliases)
    kinds = {i.kind for i in by_name.values()}
    assert kinds == {"level", "cumulative", "growth_rate", "binary"} | ({"maintain"} & kinds)


def test_bad_dictionary_reports_every_entry_and_writes_nothing(engine):
    text = """
- name: 甲指标
  kind: sometimes
- name: ""
- name: 乙指标
  direction: sideways
  precision: many
"""
    before = row_counts(engine)
    with pytest.raises(InputError) as err:
        load_indicators(engine, text)
    assert [(e.row, e.column) for e in err.value.errors] == [(1, "kind"), (2, "name"), (3, "direction"),
                                                              (3, "precision")]
    assert row_counts(engine) == before


def test_csv_dictionary(engine, tmp_path: Path):
    path = tmp_path / "dict.csv"
    path.write_text("name,aliases,unit,direction,kind,precision,max_value\n"
                    "示例指标,示例别名|另一个别名,%,up,level,1,100\n", encoding="utf-8")
    assert load_indicators(engine, path).created == 1
    [info] = list_indicators(engine)
    assert info.aliases == ("另一个别名", "示例别名") and info.max_value == 100


def test_alias_owned_by_another_indicator_is_rejected(engine):
    load_indicators(engine, "- name: 甲\n  aliases: [丙]\n")
    with pytest.raises(InputError, match="别名冲突"):
        load_indicators(engine, "- name: 乙\n  aliases: [丙]\n")


def test_link_targets_by_alias_and_creates_review_indicators(engine):
    load_regions(engine)
    load_indicators(engine)
    plan_id = make_plan(engine, targets=[
        {"indicator_name": "公办幼儿园在园幼儿占比", "value": 60, "unit": "%"},
        {"indicator_name": "全县高中阶段教育毛入学率", "value": 98, "unit": "%"},
        {"indicator_name": "义务教育入学率", "value": 100, "unit": "%"},
        {"indicator_name": "中小学生肥胖率", "value": 10, "unit": "%", "comparator": "<=",
         "quote": "中小学生肥胖率控制在10%以内"},
        {"indicator_name": "新增托位数", "value": 500, "unit": "个", "quote": "新增托位500个"},
        {"indicator_name": "新增托位数", "value": 300, "unit": "个", "year": 2023},
    ])
    result = link_targets(engine, plan_id)
    assert result.linked == 4  # the second 新增托位数 links to the indicator the first created
    assert result.created == ["中小学生肥胖率", "新增托位数"]
    with unit_of_work(engine) as session:
        linked = {t.indicator_name: t.indicator.name for t in session.scalars(select(Target))}
        fat = session.scalar(select(Indicator).where(Indicator.name == "中小学生肥胖率"))
        places = session.scalar(select(Indicator).where(Indicator.name == "新增托位数"))
        assert (fat.needs_review, fat.direction, fat.kind, fat.unit, fat.max_value) == (True, "down", "level", "%", 100)
        assert (places.kind, places.unit, places.precision) == ("cumulative", "个", 0)
        created_audits = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "indicator",
                                                                  AuditEntry.action == "create")).all()
    assert linked["公办幼儿园在园幼儿占比"] == "公办(公益)幼儿园在园幼儿覆盖面"
    assert linked["全县高中阶段教育毛入学率"] == "高中阶段毛入学率"
    assert linked["义务教育入学率"] == "义务教育入学率"
    assert len(created_audits) == 2
    assert link_targets(engine, plan_id).linked == 0  # nothing left to link


def test_loading_the_dictionary_after_ingest_merges_review_indicators(engine):
    load_regions(engine)
    plan_id = make_plan(engine, targets=[{"indicator_name": "学前三年入园率", "value": 98.5, "unit": "%"}])
    assert link_targets(engine, plan_id).created == ["学前三年入园率"]
    result = load_indicators(engine)
    assert result.merged == ["学前三年入园率"]
    with unit_of_work(engine) as session:
        target = session.scalar(select(Target))
        assert target.indicator.name == "学前三年毛入园率"
        assert not target.indicator.needs_review


def _observe(engine, indicator: str, region: str, year: int, value: str, at: datetime) -> None:
    with unit_of_work(engine) as session:
        ind = session.scalar(select(Indicator).where(Indicator.name == indicator))
        reg = session.scalar(select(Region).where(Region.name == region))
        session.add(Observation(indicator_id=ind.id, region_id=reg.id, year=year, value=Decimal(value),
                                recorded_at=at))


def test_merge_moves_aliases_targets_observations_and_reports_conflicts(engine):
    load_regions(engine)
    load_indicators(engine, "- name: 学前三年毛入园率\n  unit: '%'\n  aliases: [学前三年入园率]\n"
                            "- name: 学前教育普及率\n  unit: '%'\n  aliases: [学前普及率]\n")
    make_plan(engine, targets=[{"indicator_name": "学前教育普及率", "value": 95, "unit": "%", "link": "学前教育普及率"}])
    now = datetime.now(UTC)
    _observe(engine, "学前三年毛入园率", "示例县", 2021, "96.0", now - timedelta(days=2))
    _observe(engine, "学前教育普及率", "示例县", 2021, "96.4", now - timedelta(days=1))  # newer: kept
    _observe(engine, "学前三年毛入园率", "示例县", 2022, "97.0", now - timedelta(days=1))  # newer: kept
    _observe(engine, "学前教育普及率", "示例县", 2022, "96.9", now - timedelta(days=3))
    _observe(engine, "学前教育普及率", "示例县", 2023, "97.5", now)

    result = merge_indicators(engine, "学前三年毛入园率", "学前教育普及率")

    assert result.merged_name == "学前教育普及率"
    assert set(result.kept.aliases) == {"学前三年入园率", "学前普及率", "学前教育普及率"}
    assert result.targets_moved == 1
    assert sorted((c.year, c.kept_value, c.dropped_value) for c in result.conflicts) == [
        (2021, Decimal("96.4"), Decimal("96.0")), (2022, Decimal("97.0"), Decimal("96.9"))]
    with unit_of_work(engine) as session:
        assert session.scalar(select(Indicator).where(Indicator.name == "学前教育普及率")) is None
        values = {o.year: o.value for o in session.scalars(select(Observation))}
        assert values == {2021: Decimal("96.4"), 2022: Decimal("97.0"), 2023: Decimal("97.5")}
        assert session.scalar(select(Target)).indicator.name == "学前三年毛入园率"
        assert session.scalar(select(IndicatorAlias).where(IndicatorAlias.alias == "学前教育普及率")) is not None
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "merge"))
    assert entry.old["indicator"]["name"] == "学前教育普及率"
    assert {d["value"] for d in entry.new["observations_dropped"]} == {"96", "96.9"}
    # the merged name now finds the kept indicator
    assert compare_indicator(engine, "学前教育普及率").indicator.name == "学前三年毛入园率"


def test_merge_refuses_itself_and_unknown(engine):
    load_indicators(engine, "- name: 甲指标\n  aliases: [甲]\n")
    with pytest.raises(InputError):
        merge_indicators(engine, "甲指标", "甲")
    with pytest.raises(NotFoundError):
        merge_indicators(engine, "甲指标", "乙指标")


def test_compare_lists_every_plan(engine):
    load_regions(engine)
    load_indicators(engine)
    make_plan(engine, title="示例县规划", targets=[
        {"indicator_name": "高中阶段毛入学率", "value": 98, "unit": "%", "link": "高中阶段毛入学率"}])
    make_plan(engine, title="示例市规划", region="示例市", targets=[
        {"indicator_name": "高中段毛入学率", "value": 97, "unit": "%", "link": "高中阶段毛入学率"},
        {"indicator_name": "高中段毛入学率", "value": 95.2, "unit": "%", "year": 2020, "kind": "actual",
         "comparator": "=", "link": "高中阶段毛入学率"}])
    c = compare_indicator(engine, "高中段毛入学率")
    assert c.indicator.name == "高中阶段毛入学率"
    assert [(r.plan_title, r.region, r.year, r.value, r.kind) for r in c.rows] == [
        ("示例县规划", "示例县", 2025, Decimal(98), "target"),
        ("示例市规划", "示例市", 2020, Decimal("95.2"), "actual"),
        ("示例市规划", "示例市", 2025, Decimal(97), "target"),
    ]


def test_compare_unknown_suggests(engine):
    load_indicators(engine)
    with pytest.raises(NotFoundError) as err:
        compare_indicator(engine, "高中阶段入学")
    assert "高中阶段毛入学率" in err.value.hint
