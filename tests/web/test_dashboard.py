"""一屏掌控: numbers and status counts of a small plan, htmx fragments, region comparison,
latest changes, the empty state and the view cache's invalidation."""

from __future__ import annotations

import html
import json
import re

import pytest

from eduplan.services.monitoring.observations import record_observation
from eduplan.store.db import unit_of_work
from eduplan.store.models import Observation, Region
from eduplan.store.repositories.observations import latest_by_region
from tests.web.plan_fixture import build_sample_plan

HX = {"HX-Request": "true"}
PANELS = {**HX, "HX-Target": "dashboard-panels"}


@pytest.fixture
def sample(engine):
    return build_sample_plan(engine)


def counts(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', page)}


def chart(page: str, element_id: str) -> dict:
    m = re.search(rf'id="{element_id}"[^>]*data-chart=\'([^\']*)\'', page, re.S)
    assert m, f"no chart {element_id}"
    return json.loads(html.unescape(m.group(1)))


def lagging_rows(page: str) -> list[str]:
    table = page.split('class="data lagging', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/indicators/\d+\?plan=\d+">([^<]+)</a>', table)


@pytest.mark.parametrize("role", ["admin", "planner", "unit", "viewer"])
def test_every_role_sees_the_plan_with_its_status_counts(signed_in, sample, role):
    page = signed_in(role).get("/")
    assert page.status_code == 200
    assert "测试县教育事业发展“十四五”规划" in page.text
    assert counts(page.text) == {"total": 4, "achieved": 1, "on_track": 0, "at_risk": 0, "lagging": 1,
                                 "regressing": 1, "overdue": 0, "no_data": 1}


def test_time_share_against_task_share_with_the_engine_sentence(signed_in, sample):
    page = signed_in("viewer").get("/").text
    assert '<option value="2023" selected>' in page  # the latest year with observations
    assert 'data-share="elapsed">60%<' in page and 'data-share="median">20%<' in page
    assert "截至2023年，4项指标中1项已实现、1项滞后、1项倒退、1项无数据。" in page
    assert "任务进度慢于时间进度，未实现“时间过半、任务过半”" in page


def test_lagging_list_worst_first_with_gap_units_and_links(signed_in, sample):
    page = signed_in("viewer").get("/").text
    assert lagging_rows(page) == ["高中阶段毛入学率", "公办(公益)幼儿园在园幼儿覆盖面"]
    row = page.split('data-target="', 3)
    assert "倒退" in row[1] and "94%" in row[1] and "≥98%（2025年）" in row[1] and "4个百分点" in row[1]
    assert "滞后" in row[2] and "16个百分点" in row[2] and "县教育局、县财政局" in row[2] and "20%" in row[2]
    high_school = sample.id_of("高中阶段毛入学率")
    assert f'href="/indicators/{high_school}?plan={sample.plan_id}"' in page


def test_charts_carry_status_colours_and_chapter_counts(signed_in, sample):
    page = signed_in("viewer").get("/").text
    pie = chart(page, "status-chart")["series"][0]["data"]
    assert {d["name"]: (d["value"], d["itemStyle"]["color"]) for d in pie} == {
        "已实现": (1, "#2e7d32"), "滞后": (1, "#e65100"), "倒退": (1, "#c62828"), "无数据": (1, "#8a939e")}
    bars = chart(page, "chapter-chart")
    assert bars["yAxis"]["data"] == ["一、发展目标", "二、主要任务"]
    per_status = {s["name"]: [d["value"] for d in s["data"]] for s in bars["series"]}
    assert per_status == {"已实现": [1, 0], "滞后": [0, 1], "倒退": [1, 0], "无数据": [0, 1]}


def test_changing_the_year_returns_only_the_panels(signed_in, sample):
    client = signed_in("viewer")
    fragment = client.get(f"/?plan={sample.plan_id}&as_of=2020", headers=PANELS)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<header" not in fragment.text
    assert '<option value="2020" selected>' in fragment.text
    assert counts(fragment.text)["no_data"] == 4  # only baseline values by 2020
    full = client.get(f"/?plan={sample.plan_id}&as_of=2020", headers={**PANELS, "HX-History-Restore-Request": "true"})
    assert "<html" in full.text  # a history restore needs the whole page


def test_region_comparison_fragment_ranks_regions_with_the_target_line(signed_in, sample):
    high_school = sample.id_of("高中阶段毛入学率")
    fragment = signed_in("viewer").get(
        f"/dashboard/regions?plan={sample.plan_id}&as_of=2023&indicator={high_school}", headers=HX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "共 2 个县（市、区）有数据" in fragment.text and "示例县排第 <strong data-own-rank>2</strong> 名" in fragment.text
    option = chart(fragment.text, f"region-chart-{high_school}")
    assert option["yAxis"]["data"] == ["示范县", "示例县"]
    assert [d["value"] for d in option["series"][0]["data"]] == [96.4, 94.0]
    assert option["series"][0]["markLine"]["data"] == [{"xAxis": 98.0}]


def test_the_dashboard_compares_regions_on_the_worst_indicator_by_default(signed_in, sample):
    page = signed_in("viewer").get("/").text
    assert f'id="region-chart-{sample.id_of("高中阶段毛入学率")}"' in page


def test_region_comparison_query_keeps_top_n_and_the_own_region(engine, sample):
    indicator = sample.id_of("高中阶段毛入学率")
    with unit_of_work(engine) as session:
        parent = session.query(Region).filter_by(name="示例县").one().parent_id
        for n in range(40):
            region = Region(code=f"98{n:04d}", name=f"对照县{n}", level="county", parent_id=parent)
            session.add(region)
            session.flush()
            session.add(Observation(indicator_id=indicator, region_id=region.id, year=2022, value=96.5 + n / 100))
        own = session.query(Region).filter_by(name="示例县").one().id
        rows = latest_by_region(session, indicator, level="county", as_of=2023, better_up=True, limit=5,
                                include_region=own)
        lowest_first = latest_by_region(session, indicator, level="county", as_of=2023, better_up=False, limit=3)
    assert [r.name for r in rows] == ["对照县39", "对照县38", "对照县37", "对照县36", "对照县35", "示例县"]
    assert rows[-1].rank == 42 and rows[-1].year == 2023 and all(r.total == 42 for r in rows)
    assert [(r.name, r.rank) for r in lowest_first] == [("示例县", 1), ("示范县", 2), ("对照县0", 3)]


def test_latest_changes_show_who_what_and_old_to_new(signed_in, sample, engine):
    record_observation(engine, indicator="高中阶段毛入学率", region="示例县", year=2023, value="94.2")
    page = signed_in("viewer").get("/").text
    changes = page.split('class="changes"', 1)[1]
    first = changes.split("</li>", 1)[0]
    assert "命令行" in first and "修改 · 监测数据" in first
    assert "高中阶段毛入学率 示例县 2023年：94 → 94.2" in first
    assert "<del>94</del> → <ins>94.2</ins>" in first


def test_a_new_value_changes_the_numbers_at_once(signed_in, sample, engine):
    client = signed_in("viewer")
    assert counts(client.get("/").text)["regressing"] == 1  # now cached
    record_observation(engine, indicator="高中阶段毛入学率", region="示例县", year=2023, value="98.5")
    again = counts(client.get("/").text)
    assert again["regressing"] == 0 and again["achieved"] == 2


def test_empty_database_shows_how_to_ingest_a_plan(signed_in):
    page = signed_in("planner").get("/")
    assert page.status_code == 200
    assert "还没有规划" in page.text and "eduplan ingest" in page.text and "eduplan demo" in page.text


def test_unknown_plan_and_absurd_year(signed_in, sample):
    client = signed_in("viewer")
    missing = client.get("/?plan=9999")
    assert missing.status_code == 404 and "找不到编号为 9999 的规划" in missing.text
    assert client.get("/?as_of=3000").status_code == 422


def test_signed_out_visitors_go_to_the_login_page(client, sample):
    for path in ("/", "/dashboard/regions?plan=1&as_of=2023&indicator=1"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_stale_years_setting_applies_to_the_dashboard(signed_in, sample, app):
    def no_data() -> int:
        return counts(signed_in("viewer").get("/", params={"as_of": 2025}).text)["no_data"]

    usual = no_data()  # the 2023 values are two years old in 2025: still current
    app.state.settings.stale_years = 1  # EDUPLAN_STALE_YEARS, as the CLI, API and reports read it
    app.state.view_cache.clear()
    assert no_data() > usual


def test_completeness_per_unit_and_year(signed_in, sample, engine, users):
    """填报进度: filled / expected per unit and year, with the submission state."""
    from eduplan.services.monitoring.approvals import submit_data
    from tests.factories import unit_id

    submit_data(engine, sample.plan_id, unit_id(engine, "县教育局"), 2023, actor=None)
    html = signed_in("viewer").get(f"/?plan={sample.plan_id}&as_of=2023").text
    panel = html[html.index('data-testid="completeness"'):]
    panel = panel[:panel.index("</section>")]
    row = panel[panel.index('data-unit="县教育局"'):]
    row = row[:row.index("</tr>")]
    cell = re.search(r'data-year="2023" data-state="submitted">\s*<a href="[^"]*">(\d+)/(\d+)</a>', row)
    assert cell and int(cell.group(1)) >= 1 and int(cell.group(2)) >= int(cell.group(1))
    assert "已上报待审核" in row and 'data-year="2021" data-state="open"' in row
