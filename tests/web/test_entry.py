"""数据填报: the grid per role, one-cell saves (validation, unchanged, conflicts, rights),
upload with preview and confirmation, template download, bad uploads."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from eduplan.store.db import unit_of_work
from eduplan.store.models import AuditEntry, Indicator, Observation, Region
from tests.conftest import row_counts
from tests.factories import make_plan, setup_dictionary
from tests.web.conftest import csrf_of

TARGETS = [
    {"indicator_name": "义务教育巩固率", "value": 100, "unit": "%", "units": ["县教育局"], "link": "义务教育巩固率",
     "baseline_value": 98.6, "baseline_year": 2020},
    {"indicator_name": "高中阶段毛入学率", "value": 98, "unit": "%", "units": ["县发改局"], "link": "高中阶段毛入学率"},
    {"indicator_name": "新增学位数", "value": 12000, "unit": "个", "units": ["县教育局", "县发改局"],
     "link": "新增学位数"},  # shared by two units
]
HEADER = "指标,区域,年份,数值,单位,来源,备注\n"


@pytest.fixture
def ids(engine, users):
    """Names → ids of the plan, its region and indicators."""
    setup_dictionary(engine)
    plan_id = make_plan(engine, targets=TARGETS)
    with unit_of_work(engine) as session:
        out = {name: session.scalar(select(Indicator.id).where(Indicator.name == name))
               for name in ("义务教育巩固率", "高中阶段毛入学率", "新增学位数")}
        out["region"] = session.scalar(select(Region.id).where(Region.name == "示例县"))
    out["plan"] = plan_id
    return out


def save(client, ids, indicator="义务教育巩固率", *, value, version=0, year=2023, **extra):
    data = {"plan": ids["plan"], "indicator": ids[indicator], "region": ids["region"], "year": year,
            "version": version, "value": value, **extra}
    return client.post("/entry/cell", data=data, headers={"X-CSRF-Token": csrf_of(client), "HX-Request": "true"})


def stored(engine, ids, indicator="义务教育巩固率", year=2023) -> Observation | None:
    with unit_of_work(engine) as session:
        return session.scalar(select(Observation).where(Observation.indicator_id == ids[indicator],
                                                        Observation.year == year))


def upload(client, ids, content: bytes, filename: str):
    return client.post("/entry/upload", data={"plan": ids["plan"]}, files={"file": (filename, content)},
                       headers={"X-CSRF-Token": csrf_of(client), "HX-Request": "true"})


def confirm(client, html: str):
    fields = dict(re.findall(r'<input type="hidden" name="(sha256|suffix|name|plan)" value="([^"]*)"', html))
    return client.post("/entry/import", data=fields, headers={"X-CSRF-Token": csrf_of(client), "HX-Request": "true"})


def grid_rows(html: str) -> list[str]:
    return re.findall(r'data-testid="entry-row" data-indicator-id="(\d+)"', html)


# ---- the grid ------------------------------------------------------------------------------

def test_planner_sees_every_unit_and_may_edit_every_row(signed_in, ids):
    planner = signed_in("planner")
    assert 'selected>示例县教育事业发展十四五规划<' in planner.get("/entry").text  # the first plan by default
    page = planner.get(f"/entry?plan={ids['plan']}&year=2023")
    assert page.status_code == 200
    assert sorted(map(int, grid_rows(page.text))) == sorted([ids["义务教育巩固率"], ids["高中阶段毛入学率"], ids["新增学位数"]])
    assert page.text.count('data-testid="entry-cell-input"') == 3
    assert 'data-testid="entry-upload-form"' in page.text and "下载填报模板" in page.text
    assert "98.6" in page.text and "≥100" in page.text  # baseline and target


def test_unit_user_sees_only_its_own_unit(signed_in, ids):
    page = signed_in("unit").get(f"/entry?plan={ids['plan']}&year=2023&unit=999")
    assert sorted(map(int, grid_rows(page.text))) == sorted([ids["义务教育巩固率"], ids["新增学位数"]])
    assert page.text.count('data-testid="entry-cell-input"') == 2
    assert re.search(r'data-testid="entry-unit">县教育局<', page.text)  # fixed, not a choice


def test_viewer_sees_the_grid_read_only(signed_in, ids, engine):
    save(signed_in("admin"), ids, value="99.1")
    page = signed_in("viewer").get(f"/entry?plan={ids['plan']}&year=2023")
    assert len(grid_rows(page.text)) == 3
    assert 'data-testid="entry-cell-input"' not in page.text and 'data-testid="entry-upload-form"' not in page.text
    assert re.search(r'data-testid="entry-cell-value">99.1<', page.text)
    assert "只读账号" in page.text
    viewer = signed_in("viewer")
    before = row_counts(engine)
    assert save(viewer, ids, value="99", version=1).status_code == 403  # a forged POST
    assert upload(viewer, ids, (HEADER + "义务教育巩固率,示例县,2023,99,%,,\n").encode(), "a.csv").status_code == 403
    assert row_counts(engine) == before


def test_previous_years_are_shown_read_only(signed_in, ids):
    admin = signed_in("admin")
    save(admin, ids, value="98.9", year=2021)
    page = admin.get(f"/entry?plan={ids['plan']}&year=2022")
    head = page.text[page.text.index("<thead>"):page.text.index("</thead>")]
    assert re.findall(r"(\d{4})年", head) == ["2021", "2022"]  # earlier years, then the chosen one
    assert re.search(r'class="num entry-previous"[^>]*>98.9<', page.text)


# ---- saving one cell -----------------------------------------------------------------------

def test_saving_a_cell_stores_the_value_with_the_user_and_an_audit_entry(signed_in, ids, users, engine):
    response = save(signed_in("unit"), ids, value="99.2", source="教育统计年报")
    assert response.status_code == 200 and "已保存" in response.text
    assert 'data-version="1"' in response.text
    obs = stored(engine, ids)
    assert (obs.value, obs.recorded_by, obs.source, obs.version) == (Decimal("99.2"), users["unit"].id, "教育统计年报", 1)
    with unit_of_work(engine) as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.object_type == "observation"))
    assert (entry.user_id, entry.action, entry.object_id) == (users["unit"].id, "create", obs.id)
    again = save(signed_in("unit"), ids, value="99.4", version=1)
    assert "原值 99.2" in again.text and 'data-version="2"' in again.text


INVALID = [  # (indicator, typed value, part of the message)
    ("义务教育巩固率", "很多", "数值应为数字"),
    ("义务教育巩固率", "-1", "数值不能为负数"),
    ("义务教育巩固率", "101", "比率不能超过100%"),
    ("新增学位数", "12%", "与指标单位“个”不一致"),
]


def test_invalid_values_are_explained_in_the_cell(signed_in, ids, engine):
    planner = signed_in("planner")
    before = row_counts(engine)
    for indicator, value, message in INVALID:
        response = save(planner, ids, indicator, value=value)
        assert response.status_code == 422, value
        assert 'data-state="error"' in response.text and message in response.text, value
        assert f'value="{value}"' in response.text  # the input keeps what was typed
    assert row_counts(engine) == before


def test_an_unchanged_value_says_so_and_is_not_stored_again(signed_in, ids, engine):
    planner = signed_in("planner")
    save(planner, ids, value="99.2")
    before = row_counts(engine)
    response = save(planner, ids, value="99.20", version=1)
    assert response.status_code == 200 and "数值未变化" in response.text
    assert row_counts(engine) == before and stored(engine, ids).version == 1


def test_the_second_of_two_users_editing_the_same_value_gets_a_conflict(signed_in, ids, engine):
    planner, admin = signed_in("planner"), signed_in("admin")
    save(planner, ids, value="99.0")
    # both open the grid and see version 1; the planner saves first
    assert save(planner, ids, value="99.3", version=1).status_code == 200
    late = save(admin, ids, value="99.5", version=1)
    assert late.status_code == 409
    assert "该数据已被他人修改" in late.text and "planner用户" in late.text
    assert re.search(r'data-testid="entry-conflict-current">99.3<', late.text)
    assert "你的输入 99.5 未保存" in late.text and 'data-testid="entry-conflict-reload"' in late.text
    assert stored(engine, ids).value == Decimal("99.3")  # not silently overwritten


def test_new_value_saved_by_someone_else_first_is_a_conflict_too(signed_in, ids, engine):
    save(signed_in("unit"), ids, value="99.0")
    late = save(signed_in("planner"), ids, value="98.0", version=0)
    assert late.status_code == 409 and "unit用户" in late.text
    assert stored(engine, ids).value == Decimal("99.0")


def test_unit_user_forging_a_post_for_another_units_indicator_is_refused(signed_in, ids, engine):
    response = save(signed_in("unit"), ids, "高中阶段毛入学率", value="97")
    assert response.status_code == 403 and "无权" in response.text
    assert stored(engine, ids, "高中阶段毛入学率") is None
    client = signed_in("planner")  # a cross-site POST without the CSRF token
    response = client.post("/entry/cell", data={"plan": ids["plan"], "indicator": ids["义务教育巩固率"],
                                                "region": ids["region"], "year": 2023, "version": 0, "value": "99"})
    assert response.status_code == 403 and stored(engine, ids) is None


# ---- upload, preview, confirm --------------------------------------------------------------

def test_preview_lists_changes_and_errors_and_writes_nothing(signed_in, ids, engine, app):
    admin = signed_in("admin")
    save(admin, ids, value="99.0", year=2021)
    save(admin, ids, value="99.1", year=2022)
    before = row_counts(engine)
    good = (HEADER + "义务教育巩固率,示例县,2021,99.0,%,,\n义务教育巩固率,示例县,2022,99.4,%,,\n"
            "义务教育巩固率,示例县,2023,99.6,%,年报,\n").encode()
    preview = upload(admin, ids, good, "监测数据.csv")
    assert preview.status_code == 200 and row_counts(engine) == before
    changes = re.findall(r'data-testid="entry-preview-row" data-change="(\w+)"', preview.text)
    assert sorted(changes) == ["changed", "new", "unchanged"]
    assert 'data-testid="entry-confirm"' in preview.text and "确认导入（新增 1，修改 1）" in preview.text
    stash = list((app.state.settings.data_dir / "uploads").iterdir())
    assert len(stash) == 1 and stash[0].suffix == ".csv"

    bad = (HEADER + "义务教育巩固率,示例县,2023,99.6,%,,\n义务教育巩固率,示例县,2024,abc,%,,\n"
           "不存在的指标,示例县,2023,1,,,\n").encode()
    errors = upload(admin, ids, bad, "有错.csv")
    assert errors.status_code == 200 and row_counts(engine) == before
    listed = re.findall(r'<tr data-testid="entry-preview-error"><td>([^<]+)</td><td class="num">(\d+)</td>\s*'
                        r'<td>([^<]+)</td><td>([^<]+)</td>', errors.text)
    assert listed == [("—", "3", "义务教育巩固率", "数值"), ("—", "4", "不存在的指标", "指标")]  # sheet, row, indicator
    assert 'data-testid="entry-confirm"' not in errors.text and "整个文件不会导入" in errors.text

    done = confirm(admin, preview.text)
    assert done.status_code == 200 and "新增 1，修改 1，未变 1" in done.text
    assert stored(engine, ids, year=2022).value == Decimal("99.4")
    assert stored(engine, ids, year=2023).source == "年报"
    assert not list((app.state.settings.data_dir / "uploads").iterdir())  # deleted after the import
    assert confirm(admin, preview.text).status_code == 422  # once only


def test_unit_user_preview_flags_values_of_other_units(signed_in, ids, engine):
    clerk = signed_in("unit")
    before = row_counts(engine)
    data = (HEADER + "义务教育巩固率,示例县,2023,99.6,%,,\n高中阶段毛入学率,示例县,2023,97,%,,\n").encode()
    preview = upload(clerk, ids, data, "混合.csv")
    assert preview.status_code == 200 and row_counts(engine) == before
    assert 'data-testid="entry-preview-problem"' in preview.text and "高中阶段毛入学率" in preview.text
    assert 'data-testid="entry-confirm"' not in preview.text


def test_filled_template_round_trip(signed_in, ids, engine):
    clerk = signed_in("unit")
    download = clerk.get(f"/entry/template?plan={ids['plan']}&unit=999")
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert "filename*=UTF-8''" in download.headers["content-disposition"]
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["填报说明", "县教育局", "_eduplan"]  # the unit's own sheet only
    ws = book["县教育局"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("2023年") + 1, 99.7)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(clerk, ids, buffer.getvalue(), "填好的模板.xlsx")
    assert "确认导入（新增 1，修改 0）" in preview.text
    assert confirm(clerk, preview.text).status_code == 200
    assert stored(engine, ids, year=2023).value == Decimal("99.7")


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


BAD_UPLOADS = [  # (file name, content, status, part of the message)
    ("数据.txt", b"a,b\n", 422, "不支持的文件类型"),
    ("数据", b"a,b\n", 422, "不支持的文件类型"),
    ("数据.xlsx", b"this is not a zip", 422, "不是有效的 Excel"),
    ("数据.xlsx", _zip_without_workbook(), 422, "没有工作簿内容"),
    ("数据.csv", b"PK\x03\x04\x00\x00binary", 422, "不是文本格式"),
    ("数据.csv", b"", 422, "文件是空的"),
    ("数据.csv", HEADER.encode() + b"x" * 3000, 413, "文件过大"),
]


def test_bad_uploads_are_rejected(signed_in, ids, engine, app):
    app.state.settings.max_file_mb = 2000 / 1048576
    planner = signed_in("planner")
    before = row_counts(engine)
    for filename, content, status, message in BAD_UPLOADS:
        response = upload(planner, ids, content, filename)
        assert response.status_code == status and message in response.text, filename
    assert row_counts(engine) == before
    uploads = app.state.settings.data_dir / "uploads"
    assert not uploads.exists() or not list(uploads.iterdir())


def test_forged_confirmations_are_refused(signed_in, ids, app):
    client = signed_in("planner")
    secret = app.state.settings.data_dir / "secret.csv"
    secret.write_text(HEADER)
    for sha256, suffix, name in [("../secret", ".csv", "x.csv"), ("a" * 63, ".csv", "x.csv"),
                                 ("g" * 64, ".csv", "x.csv"), ("a" * 64, ".exe", "x.exe"),
                                 ("a" * 64, ".csv", "never-uploaded.csv")]:
        response = client.post("/entry/import", data={"sha256": sha256, "suffix": suffix, "name": name,
                                                      "plan": ids["plan"]},
                               headers={"X-CSRF-Token": csrf_of(client), "HX-Request": "true"})
        assert response.status_code == 422, sha256
    assert secret.exists()


def test_stale_stashed_files_are_swept(tmp_path):
    import os
    import time

    from eduplan.web.stash import UploadStash

    stash = UploadStash(tmp_path / "uploads")
    old = stash.put(b"a,b\n", ".csv", "old.csv")
    path = stash.folder / old.filename
    os.utime(path, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    fresh = stash.put(b"c,d\n", ".csv", "new.csv")  # every upload sweeps
    assert not path.exists() and (stash.folder / fresh.filename).exists()


# ---- 上报与审核 on the entry page ----------------------------------------------------------------

def approval_step(client, ids, unit_id, step, *, version, comment=""):
    return client.post("/entry/approval", data={"plan": ids["plan"], "unit": unit_id, "year": 2023, "step": step,
                                                "version": version, "comment": comment,
                                                "csrf_token": csrf_of(client)}, follow_redirects=False)


def test_submit_approve_lock_reopen_on_the_entry_page(signed_in, ids, engine):
    from tests.factories import unit_id

    unit = unit_id(engine, "县教育局")
    clerk, planner = signed_in("unit"), signed_in("planner")
    assert save(clerk, ids, value="99.1").status_code == 200
    page = clerk.get(f"/entry?plan={ids['plan']}&unit={unit}&year=2023").text
    assert 'data-state="open"' in page and 'data-testid="approval-submit"' in page
    assert 'data-testid="approval-approve"' not in page  # a unit does not approve
    r = approval_step(clerk, ids, unit, "submit", version=0)
    assert r.status_code == 303 and "done=submit" in r.headers["location"]
    assert "已上报，等待规划科审核" in clerk.get(r.headers["location"]).text
    assert approval_step(clerk, ids, unit, "approve", version=1).status_code == 403
    review = planner.get(f"/entry?plan={ids['plan']}&unit={unit}&year=2023").text
    assert 'data-state="submitted"' in review and 'data-testid="approval-approve"' in review
    assert approval_step(planner, ids, unit, "approve", version=1).status_code == 303
    locked = save(clerk, ids, value="50", version=1)
    assert locked.status_code == 409 and "已审核通过并锁定" in locked.text
    grid = clerk.get(f"/entry?plan={ids['plan']}&unit={unit}&year=2023").text
    assert "is-locked" in grid and 'data-state="approved"' in grid
    assert approval_step(planner, ids, unit, "reopen", version=2, comment="更正口径").status_code == 303
    assert save(clerk, ids, value="98.9", version=1).status_code == 200


def test_return_without_a_comment_is_refused_with_a_message(signed_in, ids, engine):
    from tests.factories import unit_id

    unit = unit_id(engine, "县教育局")
    save(signed_in("unit"), ids, value="99.1")
    approval_step(signed_in("unit"), ids, unit, "submit", version=0)
    r = approval_step(signed_in("planner"), ids, unit, "return", version=1)
    assert r.status_code == 422 and "请填写退回意见" in r.text
    r = approval_step(signed_in("planner"), ids, unit, "return", version=1, comment="请核实巩固率")
    page = signed_in("unit").get(r.headers["location"]).text
    assert 'data-state="returned"' in page and "意见：请核实巩固率" in page
