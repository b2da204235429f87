"""The 数据来源 pages: the list with counts, the review view with conflicts side by side,
accept / reject / bulk accept through forms, and the unit user's limits."""

from __future__ import annotations

import re

from tests.factories import make_plan, make_user, setup_dictionary
from tests.services.monitoring.test_sources import BULLETIN, TARGETS, ingest_bulletin
from tests.web.conftest import session_client


def _form_post(client, path, data=None):
    page = client.get("/sources")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    fields = {"csrf_token": token.group(1) if token else ""}
    fields.update(data or {})
    return client.post(path, data=fields, follow_redirects=True)


def _setup(engine):
    from eduplan.services.monitoring.observations import record_observation

    setup_dictionary(engine)
    make_plan(engine, targets=TARGETS)
    planner = make_user(engine, "planner")
    record_observation(engine, indicator="高中阶段毛入学率", region="示例县", year=2023, value="94.6", actor=planner,
                       source="县教育局统计年报")
    return planner


def test_the_list_and_the_review_page_show_conflicts_side_by_side(app, engine):
    planner = _setup(engine)
    source = ingest_bulletin(engine)
    with session_client(app, planner) as client:
        listing = client.get("/sources").text
        assert "示例县2023年教育事业发展统计公报" in listing and 'data-testid="source-conflicting">1<' in listing
        page = client.get(f"/sources/{source}").text
    conflict = re.search(r'data-match="conflict".*?</form>', page, re.S).group(0)
    assert "95.1" in conflict and "94.6" in conflict and "县教育局统计年报" in conflict and "采纳并替换" in conflict
    assert 'data-testid="accept-matched"' in page and "data-target-id" in page  # figures marked in the text


def test_bulk_accept_then_reject_through_the_forms(app, engine):
    planner = _setup(engine)
    source = ingest_bulletin(engine)
    with session_client(app, planner) as client:
        done = _form_post(client, f"/sources/{source}/accept-matched")
        assert done.status_code == 200 and "已批量采纳" in done.text
        conflict = re.search(r'data-proposal-id="(\d+)" data-state="proposed" data-match="conflict"', done.text)
        version = re.search(rf'/proposals/{conflict.group(1)}/reject".*?name="version" value="(\d+)"', done.text,
                            re.S).group(1)
        rejected = _form_post(client, f"/sources/{source}/proposals/{conflict.group(1)}/reject", {"version": version})
        assert "已驳回" in rejected.text
        assert f'data-proposal-id="{conflict.group(1)}" data-state="rejected"' in rejected.text


def test_a_unit_user_sees_only_its_uploads_and_a_forged_post_changes_nothing(app, engine):
    _setup(engine)
    uploader = make_user(engine, "unit", unit="县教育局")
    stranger = make_user(engine, "unit", unit="县教育局")
    source = ingest_bulletin(engine, user=uploader)
    with session_client(app, stranger) as client:
        assert "示例县2023年教育事业发展统计公报" not in client.get("/sources").text
        assert client.get(f"/sources/{source}").status_code == 403
        forged = _form_post(client, f"/sources/{source}/accept-matched")
        assert forged.status_code == 403
    with session_client(app, uploader) as client:
        page = client.get(f"/sources/{source}").text
        assert 'data-testid="proposal-accept"' in page
    with session_client(app, make_user(engine, "viewer")) as client:
        page = client.get(f"/sources/{source}").text
        assert 'data-testid="proposal-accept"' not in page and "95.1" in page


def test_the_indicator_page_shows_where_a_value_came_from(app, engine):
    from eduplan.services.monitoring import sources
    from eduplan.store.db import unit_of_work
    from eduplan.store.models import Indicator
    from sqlalchemy import select

    planner = _setup(engine)
    source = ingest_bulletin(engine)
    sources.accept_matched(engine, source, actor=planner)
    with unit_of_work(engine) as session:
        indicator = session.scalar(select(Indicator.id).where(Indicator.name == "义务教育巩固率"))
    with session_client(app, planner) as client:
        page = client.get(f"/indicators/{indicator}", params={"region": "示例县"}).text
    assert 'data-testid="observation-sources"' in page
    assert f'href="/sources/{source}"' in page and "《示例县2023年教育事业发展统计公报》" in page
    assert "义务教育巩固率100%" in page  # the quote


def test_the_api_lists_a_source_and_reviews_its_proposals(app, engine):
    planner = _setup(engine)
    source = ingest_bulletin(engine)
    with session_client(app, planner) as client:
        listed = client.get("/api/v1/sources").json()
        assert [s["id"] for s in listed] == [source] and listed[0]["counts"]["conflicting"] == 1
        detail = client.get(f"/api/v1/sources/{source}").json()
        conflict = next(p for p in detail["proposals"] if p["match"] == "conflict")
        assert (conflict["value"], conflict["stored"]["value"]) == (95.1, 94.6)
        stale = client.post(f"/api/v1/sources/{source}/proposals/accept",
                            json={"ids": [conflict["id"]], "versions": {str(conflict["id"]): conflict["version"] + 1}})
        assert stale.status_code == 409
        done = client.post(f"/api/v1/sources/{source}/proposals/accept",
                           json={"ids": [conflict["id"]], "versions": {str(conflict["id"]): conflict["version"]}})
        assert done.status_code == 200 and done.json()["replaced"] == 1
        other = client.post(f"/api/v1/sources/{source + 999}/proposals/reject", json={"ids": [conflict["id"]]})
        assert other.status_code == 404
