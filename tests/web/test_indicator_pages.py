"""指标: the dictionary list with counts and filter fragment, one indicator's page (series,
target, forecast, other plans, aliases, region fragment) and the guarded edit form."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from eduplan.errors import ConflictError, PermissionDeniedError
from eduplan.services.dictionary.indicator_edit import update_indicator
from eduplan.services.evaluation.results import evaluate_plan_targets
from eduplan.services.views.indicators import evaluate_indicator_targets, indicator_table
from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Indicator
from tests.web.conftest import csrf_of
from tests.web.plan_fixture import build_sample_plan

HX = {"HX-Request": "true"}
HIGH_SCHOOL = "高中阶段毛入学率"
NEW_ONE = "中小学专任教师研究生学历比例"  # created by ingest, awaiting review


@pytest.fixture
def sample(engine):
    return build_sample_plan(engine)


def row_of(page: str, indicator_id: int) -> str:
    return page.split(f'data-indicator="{indicator_id}"', 1)[1].split("</tr>", 1)[0]


def chart(page: str) -> dict:
    m = re.search(r'id="series-chart-\d+"[^>]*data-chart=\'([^\']*)\'', page, re.S)
    assert m, "no series chart"
    return json.loads(html.unescape(m.group(1)))


def edit(client, indicator_id: int, *, version: int, **fields):
    data = {"csrf_token": csrf_of(client), "version": version, "unit": "%", "kind": "level", "direction": "up",
            "precision": "1", "max_value": "100", **fields}
    return client.post(f"/indicators/{indicator_id}", data=data, follow_redirects=False)


def stored(engine, indicator_id: int) -> Indicator:
    with unit_of_work(engine) as session:
        found = session.get(Indicator, indicator_id)
        session.expunge(found)
        return found


# ---- the list ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["admin", "planner", "unit", "viewer"])
def test_the_dictionary_lists_counts_for_every_role(signed_in, sample, role):
    page = signed_in(role).get("/indicators")
    assert page.status_code == 200
    high_school = row_of(page.text, sample.id_of(HIGH_SCHOOL))
    assert HIGH_SCHOOL in high_school and "越高越好" in high_school and "水平值" in high_school
    assert re.search(r"data-targets>1<", high_school) and re.search(r"data-observations>4<", high_school)
    assert "待审核" in row_of(page.text, sample.id_of(NEW_ONE))
    assert "已确认" in high_school


def test_the_filter_box_returns_only_the_table(signed_in, sample):
    client = signed_in("viewer")
    fragment = client.get("/indicators?q=入学率", headers={**HX, "HX-Target": "indicator-rows"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert HIGH_SCHOOL in fragment.text and "学前三年毛入园率" not in fragment.text
    review = client.get("/indicators?review=true", headers={**HX, "HX-Target": "indicator-rows"}).text
    assert NEW_ONE in review and HIGH_SCHOOL not in review
    assert "没有符合条件的指标" in client.get("/indicators?q=不存在的指标名").text


def test_the_list_is_paged_and_counts_only_the_page(engine, sample):
    everything = indicator_table(engine, page_size=1000)
    second = indicator_table(engine, page=2, page_size=10)
    assert second.total == everything.total and second.pages == -(-everything.total // 10) and second.page == 2
    assert [r.info.id for r in second.rows] == [r.info.id for r in everything.rows[10:20]]
    assert indicator_table(engine, page=99, page_size=10).page == second.pages  # clamped to the last page
    counted = {r.info.name: (r.targets, r.observations) for r in everything.rows}
    assert counted[HIGH_SCHOOL] == (1, 4) and counted["学前三年毛入园率"] == (1, 2) and counted[NEW_ONE] == (1, 0)


# ---- one indicator ------------------------------------------------------------------------

def test_one_indicator_evaluation_equals_the_whole_plan_one(engine, sample):
    for name in (HIGH_SCHOOL, "学前三年毛入园率", "公办(公益)幼儿园在园幼儿覆盖面", NEW_ONE):
        indicator = sample.id_of(name)
        for region in (None, "990122"):
            whole = evaluate_plan_targets(engine, sample.plan_id, as_of=2023, region=region)
            expected = [t for t in whole.targets if t.indicator_id == indicator]
            assert len(expected) == 1, name  # not two empty lists
            assert evaluate_indicator_targets(engine, sample.plan_id, indicator, as_of=2023, region=region) == expected


def test_indicator_page_shows_series_target_forecast_and_other_plans(signed_in, sample):
    page = signed_in("viewer").get(f"/indicators/{sample.id_of(HIGH_SCHOOL)}")
    assert page.status_code == 200
    text = page.text
    assert '<option value="990121" selected>示例县（3 个数据）</option>' in text  # the plan's region, most data
    assert re.search(r'data-year="2023">94%<', text) and re.search(r'data-year="2020">95%<', text)
    assert '<span class="badge regressing">倒退</span>' in text and "≥98%（2025年）" in text
    assert "高中段毛入学率" in text  # an alias from the dictionary
    assert "测试县教育事业发展“十四五”规划" in text.split("各规划、各地的同一指标", 1)[1]
    option = chart(text)
    series = {s["name"]: s for s in option["series"]}
    assert series["实际值"]["data"] == [["2020", 95.0], ["2022", 94.5], ["2023", 94.0]]
    assert series["目标值"]["data"] == [["2025", 98.0]] and series["目标值"]["markLine"]["data"] == [{"yAxis": 98.0}]
    assert "基期值" not in series  # the baseline is the 2020 observation, already on the line
    assert "<dt>基期值</dt><dd>95%（2020年）</dd>" in text
    forecast = series["预测"]
    assert forecast["lineStyle"]["type"] == "dashed" and forecast["data"][0]["value"] == ["2023", 94.0]
    assert forecast["data"][1]["value"][0] == "2025"
    assert option["xAxis"]["data"] == ["2020", "2021", "2022", "2023", "2024", "2025"]


def test_choosing_another_region_swaps_the_chart_fragment(signed_in, sample):
    response = signed_in("viewer").get(f"/indicators/{sample.id_of(HIGH_SCHOOL)}?region=990122",
                                       headers={**HX, "HX-Target": "indicator-series"})
    assert response.status_code == 200 and "<html" not in response.text and "别名" not in response.text
    assert '<option value="990122" selected>示范县（1 个数据）</option>' in response.text
    assert re.search(r'data-year="2023">96.4%<', response.text)
    assert "仅有一个数据点" in response.text  # one value: the engine cannot measure progress there


def test_an_indicator_without_data_or_targets(signed_in, sample):
    page = signed_in("viewer").get(f"/indicators/{sample.id_of('普惠性幼儿园覆盖面')}")
    assert page.status_code == 200 and "还没有任何区域" in page.text and "还没有规划为这个指标设定目标" in page.text
    assert signed_in("viewer").get("/indicators/99999").status_code == 404


# ---- editing ------------------------------------------------------------------------------

@pytest.mark.parametrize("role, can_edit", [("viewer", False), ("unit", False), ("planner", True), ("admin", True)])
def test_edit_form_only_for_planners_and_admins(signed_in, sample, role, can_edit):
    page = signed_in(role).get(f"/indicators/{sample.id_of(HIGH_SCHOOL)}").text
    assert ("修改属性" in page) is can_edit
    assert ('name="version"' in page) is can_edit


@pytest.mark.parametrize("role", ["viewer", "unit"])
def test_edit_is_refused_for_viewers_and_units(signed_in, sample, engine, role):
    indicator = sample.id_of(HIGH_SCHOOL)
    before = stored(engine, indicator)
    response = edit(signed_in(role), indicator, version=before.version, unit="‰")
    assert response.status_code == 403
    assert stored(engine, indicator).unit == "%"


def test_planner_edits_with_audit_of_old_and_new(signed_in, sample, engine):
    indicator = sample.id_of(HIGH_SCHOOL)
    before = stored(engine, indicator)
    client = signed_in("planner")
    response = edit(client, indicator, version=before.version, precision="2", max_value="100")
    assert response.status_code == 303 and response.headers["location"] == f"/indicators/{indicator}?saved=1"
    after = stored(engine, indicator)
    assert after.precision == 2 and after.max_value == 100 and after.version == before.version + 1
    with unit_of_work(engine) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "indicator")
                                .order_by(AuditEntry.id.desc())).first()
    assert entry.old == {"precision": 1, "max_value": "130"} and entry.new == {"precision": 2, "max_value": "100"}
    assert "小数位数 1 → 2" in entry.summary
    shown = client.get(response.headers["location"]).text
    assert "已保存指标属性" in shown and "保留 2 位小数" in shown


def test_a_stale_version_is_a_409_with_a_clear_message(signed_in, sample, engine):
    indicator = sample.id_of(HIGH_SCHOOL)
    seen = stored(engine, indicator).version
    update_indicator(engine, indicator, actor=None, expected_version=seen, unit="百分比")  # someone else, first
    response = edit(signed_in("planner"), indicator, version=seen, unit="%")
    assert response.status_code == 409
    assert "已被他人修改" in response.text and "请刷新页面" in response.text
    assert stored(engine, indicator).unit == "百分比"


def test_bad_values_are_explained_and_nothing_is_saved(signed_in, sample, engine):
    indicator = sample.id_of(HIGH_SCHOOL)
    before = stored(engine, indicator)
    response = edit(signed_in("admin"), indicator, version=before.version, precision="9", max_value="很多")
    assert response.status_code == 422
    assert "小数位数应为 0 到 6 的整数" in response.text and "上限应为数字" in response.text
    assert 'value="很多"' in response.text  # the form keeps what was typed
    assert stored(engine, indicator).version == before.version


def test_edit_without_csrf_token_is_refused(signed_in, sample, engine):
    client = signed_in("planner")
    response = client.post(f"/indicators/{sample.id_of(HIGH_SCHOOL)}",
                           data={"version": 1, "unit": "%", "kind": "level", "direction": "up", "precision": "1"})
    assert response.status_code == 403


def test_update_service_checks_role_version_and_skips_no_ops(engine, sample, users):
    indicator = sample.id_of(HIGH_SCHOOL)
    version = stored(engine, indicator).version
    with pytest.raises(PermissionDeniedError):
        update_indicator(engine, indicator, actor=_user(engine, "viewer1"), expected_version=version, unit="‰")
    with pytest.raises(ConflictError):
        update_indicator(engine, indicator, actor=None, expected_version=version + 5, unit="‰")
    same = update_indicator(engine, indicator, actor=None, expected_version=version, unit="%", direction="up")
    assert same.version == version  # nothing changed: no write


def _user(engine, username):
    from eduplan.store.models import User

    with unit_of_work(engine) as session:
        user = session.scalar(select(User).where(User.username == username))
        session.expunge(user)
        return user
