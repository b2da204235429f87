"""Target review: confirm, reject, edit, link, add from a selection — role, version,
validation and audit on every write, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from eduplan.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from eduplan.services.dictionary.indicators import suggest_indicators
from eduplan.services.plans.drafts import draft_target
from eduplan.services.plans.targets import (
    CONFLICT_MESSAGE,
    add_target,
    confirm_target,
    get_target,
    link_target,
    reject_target,
    update_target,
)
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Target
from tests.conftest import row_counts
from tests.factories import make_user
from tests.services.plans.helpers import make_review_plan

RATE = "学前三年毛入园率达到98%以上"


@pytest.fixture
def plan(engine):
    return make_review_plan(engine)


@pytest.fixture
def planner(engine):
    return make_user(engine, "planner")


def version(engine, target_id: int) -> int:
    return get_target(engine, target_id).version


def last_audit(engine) -> AuditEntry:
    with unit_of_work(engine) as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()


def test_confirm_sets_state_bumps_version_and_audits(engine, plan, planner):
    tid = plan.targets[RATE]
    seen = version(engine, tid)
    info = confirm_target(engine, tid, actor=planner, expected_version=seen)
    assert (info.review_state, info.version) == ("confirmed", seen + 1)
    entry = last_audit(engine)
    assert (entry.action, entry.object_type, entry.object_id, entry.user_id) == ("confirm", "target", tid, planner.id)
    assert entry.old == {"review_state": "extracted", "version": seen}
    assert entry.new == {"review_state": "confirmed", "version": seen + 1}


def test_reject_keeps_the_reason_in_the_audit_summary(engine, plan, planner):
    info = reject_target(engine, plan.targets["新建幼儿园5所"], actor=planner, expected_version=version(engine, plan.targets["新建幼儿园5所"]), reason="重复")
    assert info.review_state == "rejected"
    assert "重复" in last_audit(engine).summary


def test_update_changes_fields_sets_edited_and_audits_old_and_new(engine, plan, planner):
    tid = plan.targets[RATE]
    info = update_target(engine, tid, actor=planner, expected_version=version(engine, tid), value="98.5", comparator=">=",
                         year="2025", unit="%", indicator_name="学前三年毛入园率")
    assert (info.value, info.unit, info.review_state) == (Decimal("98.5"), "%", "edited")
    entry = last_audit(engine)
    assert entry.action == "update"
    assert (entry.old["value"], entry.new["value"]) == ("98", "98.5")
    assert (entry.old["review_state"], entry.new["review_state"]) == ("extracted", "edited")
    assert "comparator" not in entry.new  # unchanged fields stay out of the entry


def test_update_folds_a_magnitude_unit_into_the_value(engine, plan, planner):
    info = update_target(engine, plan.targets["新增学位3000个"], actor=planner, expected_version=version(engine, plan.targets["新增学位3000个"]),
                         value="1.2", unit="万个")
    assert (info.value, info.unit) == (Decimal("12000"), "个")


def test_stale_version_is_a_conflict_with_a_clear_message(engine, plan, planner):
    tid = plan.targets[RATE]
    seen = version(engine, tid)
    confirm_target(engine, tid, actor=planner, expected_version=seen)  # someone else, first
    before = row_counts(engine)
    with pytest.raises(ConflictError) as err:
        update_target(engine, tid, actor=planner, expected_version=seen, value="99")
    assert err.value.message == CONFLICT_MESSAGE == "该目标已被他人修改，请刷新后重试"
    assert err.value.http_status == 409
    assert row_counts(engine) == before
    assert get_target(engine, tid).value == Decimal("98")


@pytest.mark.parametrize(("fields", "part"), [
    pytest.param({"comparator": "about"}, "比较方式", id="bad-comparator"),
    pytest.param({"value": "九十八"}, "目标值", id="value-not-a-number"),
    pytest.param({"value": "-3"}, "负数", id="negative-value"),
    pytest.param({"value": ""}, "不能为空", id="missing-value"),
    pytest.param({"unit": "12个"}, "单位", id="unit-with-digits"),
    pytest.param({"unit": "万"}, "不完整", id="bare-magnitude"),
    pytest.param({"value": "98%", "unit": "所"}, "不一致", id="value-unit-clash"),
    pytest.param({"year": "1800"}, "年份", id="year-out-of-range"),
    pytest.param({"year": "二〇二五"}, "年份", id="year-not-digits"),
    pytest.param({"kind": "wish"}, "类型", id="bad-kind"),
    pytest.param({"indicator_name": "  "}, "指标名称", id="empty-name"),
])
def test_update_rejects_bad_input_and_writes_nothing(engine, plan, planner, fields, part):
    before = row_counts(engine)
    with pytest.raises(InputError) as err:
        update_target(engine, plan.targets[RATE], actor=planner, expected_version=version(engine, plan.targets[RATE]), **fields)
    assert part in err.value.message
    assert row_counts(engine) == before


def test_increase_and_decrease_may_have_no_value(engine, plan, planner):
    info = update_target(engine, plan.targets[RATE], actor=planner, expected_version=version(engine, plan.targets[RATE]), comparator="increase",
                         value="")
    assert (info.comparator, info.value) == ("increase", None)


def test_unknown_field_is_a_programming_error(engine, plan, planner):
    with pytest.raises(TypeError):
        update_target(engine, plan.targets[RATE], actor=planner, expected_version=version(engine, plan.targets[RATE]), colour="red")


@pytest.mark.parametrize("role", ["viewer", "unit"])
def test_only_admin_and_planner_review(engine, plan, role):
    actor = make_user(engine, role, unit="县教育局" if role == "unit" else None)
    tid = plan.targets["新建幼儿园5所"]  # a target of 县教育局's task: still not the unit's to review
    seen = version(engine, tid)
    for call in (lambda: confirm_target(engine, tid, actor=actor, expected_version=seen),
                 lambda: reject_target(engine, tid, actor=actor, expected_version=seen),
                 lambda: update_target(engine, tid, actor=actor, expected_version=seen, value="6"),
                 lambda: link_target(engine, tid, "新增学位数", actor=actor, expected_version=seen),
                 lambda: add_target(engine, plan.plan_id, actor=actor, start=0, end=4, indicator="x", comparator=">=",
                                    value="1", unit="所", year=2025),
                 lambda: draft_target(engine, plan.plan_id, 0, 4, actor=actor)):
        with pytest.raises(PermissionDeniedError):
            call()
    assert get_target(engine, tid).version == seen


def test_admin_reviews_too(engine, plan):
    admin = make_user(engine, "admin")
    assert confirm_target(engine, plan.targets[RATE], actor=admin, expected_version=version(engine, plan.targets[RATE])).review_state == "confirmed"


def test_link_by_name_alias_or_id(engine, plan, planner):
    tid = plan.targets["新增学位3000个"]
    info = link_target(engine, tid, "新增学位数量", actor=planner, expected_version=version(engine, tid))  # an alias
    assert info.indicator == "新增学位数"
    again = link_target(engine, tid, str(info.indicator_id), actor=planner, expected_version=info.version)
    assert again.indicator_id == info.indicator_id
    assert again.review_state == "extracted"  # linking says what it measures, not that the values are right
    with pytest.raises(NotFoundError):
        link_target(engine, tid, "不存在的指标名称", actor=planner, expected_version=again.version)


def test_add_target_from_offsets(engine, plan, planner):
    quote = "新建幼儿园5所,新增学位3000个"
    start = plan.text.index(quote)
    info = add_target(engine, plan.plan_id, actor=planner, start=start, end=start + len(quote),
                      indicator="新增学位", comparator=">=", value="3000", unit="个", year="2025", quote=quote)
    assert (info.quote, info.start, info.end, info.review_state) == (quote, start, start + len(quote), "manual")
    assert info.section_label == "1. 实施幼儿园扩容工程"  # the innermost section holding the start
    assert set(info.units) == {"县教育局", "县财政局"}  # the units of the task stating it
    assert info.indicator == "新增学位数"  # linked through the dictionary
    entry = last_audit(engine)
    assert (entry.action, entry.object_id, entry.old) == ("create", info.id, None)
    assert entry.new["quote"] == quote and entry.new["review_state"] == "manual"


@pytest.mark.parametrize(("start", "end", "part"), [
    pytest.param(-1, 5, "超出", id="before-the-text"),
    pytest.param(10, 10, "超出", id="empty-span"),
    pytest.param(20, 10, "超出", id="reversed"),
    pytest.param(0, 10**6, "超出", id="after-the-text"),
    pytest.param("a", 5, "无效", id="not-a-number"),
])
def test_add_target_checks_offsets(engine, plan, planner, start, end, part):
    before = row_counts(engine)
    with pytest.raises(InputError) as err:
        add_target(engine, plan.plan_id, actor=planner, start=start, end=end, indicator="新增学位", comparator=">=",
                   value="1", unit="个", year=2025)
    assert part in err.value.message
    assert row_counts(engine) == before


def test_add_target_quote_must_be_the_text_at_the_offsets(engine, plan, planner):
    with pytest.raises(InputError, match="不一致"):
        add_target(engine, plan.plan_id, actor=planner, start=0, end=4, indicator="新增学位", comparator=">=",
                   value="1", unit="个", year=2025, quote="别的文字")


def test_add_target_refuses_a_second_target_on_the_same_span(engine, plan, planner):
    quote = "新增学位3000个"
    start = plan.text.index(quote)
    with pytest.raises(InputError, match="已有"):
        add_target(engine, plan.plan_id, actor=planner, start=start, end=start + len(quote), indicator="新增学位",
                   comparator=">=", value="3000", unit="个", year=2025)


def test_add_target_unknown_plan(engine, plan, planner):
    with pytest.raises(NotFoundError):
        add_target(engine, 999, actor=planner, start=0, end=4, indicator="新增学位", comparator=">=", value="1",
                   unit="个", year=2025)


def test_draft_trims_the_selection_and_guesses_the_values(engine, plan, planner):
    quote = "改造农村学校食堂12所"
    start = plan.text.index(quote)
    draft = draft_target(engine, plan.plan_id, start - 1, start + len(quote) + 1, actor=planner)  # "。改造…所。"
    assert draft.quote == f"。{quote}。"  # only spaces are trimmed: the selected punctuation stays
    assert draft.value == Decimal(12) and draft.unit == "所"
    assert draft.year == 2025  # no year in the selection: the plan's last year
    spaced = plan.text.index("\n二、")
    blank = draft_target(engine, plan.plan_id, spaced, spaced + 3, actor=planner)
    assert blank.quote == "二、" and blank.start == spaced + 1


def test_suggestions(engine, plan):
    names = [s.name for s in suggest_indicators(engine, "学前三年入园率")]
    assert names[0] == "学前三年毛入园率"
    assert suggest_indicators(engine, "  ") == []


def test_rejected_target_is_kept(engine, plan, planner):
    tid = plan.targets["新建幼儿园5所"]
    reject_target(engine, tid, actor=planner, expected_version=version(engine, tid))
    with unit_of_work(engine) as session:
        assert session.get(Target, tid).review_state == "rejected"


TABLE_PLAN = """某县教育事业发展规划
一、主要指标
指标\t单位\t2020年\t2025年\t属性
学前三年毛入园率\t%\t95\t98\t预期性
义务教育巩固率\t%\t99.1\t99.5\t约束性
二、主要任务
推进学校建设。
"""


@pytest.mark.parametrize("selected", ["义务教育巩固率", "义务教育巩固率\t%\t99.1\t99.5\t约束性", "99.5"],
                         ids=["name-cell", "whole-row", "target-cell"])
def test_a_table_row_prefills_the_form(engine, planner, selected):
    """The issue: 添加为目标 on a table row opened an empty form. The row is read with its
    table's header, so the commitment (2025, 99.5%) is filled in, not the 2020 baseline."""
    made = make_review_plan(engine, text=TABLE_PLAN)
    row = made.text.index("义务教育巩固率\t")
    start = made.text.index(selected, row)
    draft = draft_target(engine, made.plan_id, start, start + len(selected), actor=planner)
    assert (draft.indicator_name, draft.value, draft.unit, draft.year) == ("义务教育巩固率", Decimal("99.5"), "%", 2025)
    assert draft.comparator in (">=", "=") and draft.quote == selected


def test_table_probe_outside_tables_is_none():
    from eduplan.services.plans.drafts import table_probe

    text = "正文一段。\n指标\t2025年\n入园率\t98\n"
    assert table_probe(text, 0, 3) is None
    row = text.index("入园率")
    assert table_probe(text, row, row + 3) == "指标\t2025年\n入园率\t98"
