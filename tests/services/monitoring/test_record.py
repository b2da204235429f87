"""Recording one observation (the web form): version checks, audit, no-op on equal values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from eduplan.errors import ConflictError, InputError, PermissionDeniedError
from eduplan.services.monitoring.observations import record_observation
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Indicator, Region
from tests.factories import audit_count, make_plan, make_user, observation_state, setup_dictionary


@pytest.fixture
def db(engine):
    setup_dictionary(engine)
    return engine


def record(engine, value, **kw):
    return record_observation(engine, indicator="义务教育巩固率", region="示例县", year=2022, value=value, **kw)


def test_create_then_update_with_the_expected_version(db):
    first = record(db, "99.1", source="年报", expected_version=0)
    assert (first.created, first.changed, first.version, first.old_value) == (True, True, 1, None)
    second = record(db, "99.3", expected_version=1)
    assert (second.created, second.changed, second.version, second.old_value) == (False, True, 2, Decimal("99.1"))
    with unit_of_work(db) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "observation")
                                  .order_by(AuditEntry.id)).all()
    assert [(e.action, (e.old or {}).get("value"), e.new["value"]) for e in entries] == [
        ("create", None, "99.1"), ("update", "99.1", "99.3")]


def test_stale_version_raises_conflict_and_changes_nothing(db):
    record(db, "99.1")
    record(db, "99.2", expected_version=1)  # someone else saved version 2
    before = observation_state(db)
    with pytest.raises(ConflictError) as err:
        record(db, "99.5", expected_version=1)
    assert err.value.exit_code == 6 and err.value.http_status == 409
    assert observation_state(db) == before


def test_new_value_expected_but_someone_created_it(db):
    record(db, "99.1")
    with pytest.raises(ConflictError):
        record(db, "99.4", expected_version=0)


def test_an_unchanged_value_is_not_stored_again(db):
    record(db, "99.1")
    before = observation_state(db)
    result = record(db, "99.10")
    assert (result.changed, result.version) == (False, 1)
    assert observation_state(db) == before
    assert audit_count(db, object_type="observation") == 1


def test_ids_are_accepted_for_the_web_form(db):
    with unit_of_work(db) as session:
        ind = session.scalar(select(Indicator.id).where(Indicator.name == "义务教育巩固率"))
        reg = session.scalar(select(Region.id).where(Region.name == "示例县"))
    assert record_observation(db, indicator=ind, region=reg, year=2022, value=99).created


def test_invalid_value_names_the_field(db):
    with pytest.raises(InputError) as err:
        record(db, "101")
    assert err.value.errors[0].column == "数值"
    assert err.value.message.startswith("数值：")


def test_unit_user_records_only_its_indicators(db):
    make_plan(db, targets=[{"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["基础教育科"],
                            "link": "义务教育巩固率"}])
    own = make_user(db, "unit", unit="基础教育科")
    other = make_user(db, "unit", unit="职成教科")
    assert record(db, "99.1", actor=own).created
    with pytest.raises(PermissionDeniedError):
        record(db, "99.2", actor=other)
    with unit_of_work(db) as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.object_type == "observation"))
    assert entry.user_id == own.id


def test_binary_indicators_accept_yes_and_no(db):
    result = record_observation(db, indicator="创成全国义务教育优质均衡发展县", region="示例县", year=2024, value="是")
    assert result.value == 1
    with pytest.raises(InputError):
        record_observation(db, indicator="创成全国义务教育优质均衡发展县", region="示例县", year=2025, value=2)


@pytest.mark.parametrize("value", ["88.8", "1.5", "3000.01"])
def test_a_count_takes_whole_numbers_only(db, value):
    """新增学位数 is counted in 个 without decimals: 88.8 个 is a typing slip, not a value."""
    before = observation_state(db)
    with pytest.raises(InputError) as err:
        record_observation(db, indicator="新增学位数", region="示例县", year=2022, value=value)
    assert "只能填整数" in err.value.message and "个" in err.value.message
    assert observation_state(db) == before


def test_whole_counts_and_converted_counts_pass(db):
    assert record_observation(db, indicator="新增学位数", region="示例县", year=2022, value="3000").created
    assert record_observation(db, indicator="新增学位数", region="示例县", year=2023, value="1.5万").value == 15000
    assert record(db, "98.76").created  # a rate keeps its decimals
