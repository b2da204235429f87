"""Exports: a plan goes out as JSON and comes back through ``eduplan ingest`` and
``eduplan import`` unchanged; CSV and XLSX observations import again."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eduplan.errors import InputError
from eduplan.services.evaluation.results import evaluate_plan_targets
from eduplan.services.exchange.exports import OBSERVATION_HEADERS, TARGET_HEADERS, export_plan
from eduplan.services.exchange.plan_json import EXPORT_FORMAT
from eduplan.services.monitoring.observations import import_observations
from eduplan.services.plans.ingest import ingest_exports
from eduplan.store.db import make_engine, unit_of_work
from eduplan.store.migrate import upgrade
from eduplan.store.models import Indicator, Observation, Plan, Project, Region, Section, Target, Task
from tests.cli_helpers import run_cli
from tests.report.factories import make_report_plan


@pytest.fixture
def fresh(tmp_path):
    """An empty database of its own (SQLite), the destination of every round trip."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def snapshot(engine, plan_id: int) -> dict:
    """Everything the round trip must keep, without database ids. Units are compared as
    sets: the link tables have no position, so no order is stored to keep."""
    with unit_of_work(engine) as session:
        sections = {s.id: f"{s.number}{s.title}" for s in session.scalars(select(Section)
                                                                            .where(Section.plan_id == plan_id))}
        targets = session.scalars(select(Target).where(Target.plan_id == plan_id)
                                  .options(selectinload(Target.units), selectinload(Target.indicator))
                                  .order_by(Target.start, Target.id))
        tasks = session.scalars(select(Task).where(Task.plan_id == plan_id).options(selectinload(Task.units))
                                .order_by(Task.start))
        projects = session.scalars(select(Project).where(Project.plan_id == plan_id).order_by(Project.start))
        observations = session.execute(select(Indicator.name, Region.code, Observation.year, Observation.value,
                                              Observation.unit, Observation.source, Observation.note)
                                       .join(Indicator, Indicator.id == Observation.indicator_id)
                                       .join(Region, Region.id == Observation.region_id)
                                       .order_by(Indicator.name, Region.code, Observation.year))
        plan = session.get(Plan, plan_id)
        return {
            "plan": (plan.title, plan.issuer, plan.region_name, plan.doc_type, plan.period_start, plan.period_end,
                     plan.base_year, plan.sha256, plan.text),
            "sections": sorted(sections.values()),
            "targets": [(t.indicator_name, t.indicator.name if t.indicator else None, t.comparator, t.value, t.unit,
                         t.year, t.kind, t.baseline_year, t.baseline_value, t.quote, t.start, t.end, t.review_state,
                         sorted(u.name for u in t.units), sections.get(t.section_id)) for t in targets],
            "tasks": [(k.number, k.title, k.text, k.due_year, k.status, k.progress, sorted(u.name for u in k.units),
                       sections.get(k.section_id)) for k in tasks],
            "projects": [(p.name, p.level, p.stage, p.investment, p.investment_done, p.seats, p.seats_done, p.year,
                          p.quote, sections.get(p.section_id)) for p in projects],
            "observations": [tuple(r) for r in observations],
        }


def test_json_round_trip_through_ingest_and_import(engine, fresh, tmp_path):
    plan_id = make_report_plan(engine)
    with unit_of_work(engine) as session:  # a review state other than the factory's
        session.scalars(select(Target).where(Target.indicator_name == "新增学位")).one().review_state = "edited"
    (export,) = export_plan(engine, plan_id, fmt="json", output=tmp_path / "plan")
    assert export.path.name == "plan.json"
    export.path.write_bytes(export.content)
    data = json.loads(export.content)
    assert (data["format"], data["version"]) == (EXPORT_FORMAT, 1)

    ingested = run_cli(fresh, ["ingest", str(export.path)])
    assert ingested.exit_code == 0, ingested.output
    assert "已入库" in ingested.output
    imported = run_cli(fresh, ["import", str(export.path)])
    assert imported.exit_code == 0, imported.output
    assert "新增 16" in imported.output

    with unit_of_work(fresh) as session:
        new_id = session.scalars(select(Plan.id)).one()
    before, after = snapshot(engine, plan_id), snapshot(fresh, new_id)
    assert after == before
    old = evaluate_plan_targets(engine, plan_id, as_of=2023)
    new = evaluate_plan_targets(fresh, new_id, as_of=2023)
    assert [(t.target_name, t.status, t.assessment.completion) for t in new.targets] == \
        [(t.target_name, t.status, t.assessment.completion) for t in old.targets]

    again = run_cli(fresh, ["ingest", str(export.path)])
    assert "已存在，跳过" in again.output


def test_csv_export_writes_targets_and_importable_observations(engine, fresh, tmp_path):
    plan_id = make_report_plan(engine)
    files = export_plan(engine, plan_id, fmt="csv", output=tmp_path / "out.csv")
    assert [f.path.name for f in files] == ["out-targets.csv", "out-observations.csv"]
    targets = list(csv.reader(io.StringIO(files[0].content.decode("utf-8-sig"))))
    assert tuple(targets[0]) == TARGET_HEADERS
    row = next(r for r in targets if r[3] == "普惠性幼儿园覆盖率")
    assert (row[1], row[2], row[6], row[7], row[8], row[11], row[12]) == \
        ("二、主要任务", "1.扩大普惠资源", "90", "%", "2025", "80", "县发改局、县教育局")
    observations = list(csv.reader(io.StringIO(files[1].content.decode("utf-8-sig"))))
    assert tuple(observations[0]) == OBSERVATION_HEADERS == ("指标", "区域", "年份", "数值", "单位", "来源", "备注", "填报口径")
    assert ["学前三年毛入园率", "测试县", "2023", "95.6", "%", "统计年报", "", ""] in observations

    (archive,) = export_plan(engine, plan_id, fmt="json", output=tmp_path / "plan.json")
    archive.path.write_bytes(archive.content)
    ingest_exports(fresh, [archive.path], max_bytes=10 * 2**20)
    result = import_observations(fresh, files[1].content, name="out-observations.csv")
    assert result.created == len(observations) - 1
    with unit_of_work(fresh) as session:
        new_id = session.scalars(select(Plan.id)).one()
    assert snapshot(fresh, new_id)["observations"] == snapshot(engine, plan_id)["observations"]


def test_xlsx_export_has_targets_and_observations_the_importer_reads(engine, fresh, tmp_path):
    plan_id = make_report_plan(engine)
    (file,) = export_plan(engine, plan_id, fmt="xlsx", output=tmp_path / "out")
    assert file.path.name == "out.xlsx"
    book = load_workbook(io.BytesIO(file.content))
    assert book.sheetnames == ["目标", "监测数据"]
    assert tuple(c.value for c in book["目标"][1]) == TARGET_HEADERS
    assert book["监测数据"].freeze_panes == "A2"
    (archive,) = export_plan(engine, plan_id, fmt="json", output=tmp_path / "plan.json")
    archive.path.write_bytes(archive.content)
    ingest_exports(fresh, [archive.path], max_bytes=10 * 2**20)
    result = import_observations(fresh, file.content, name="out.xlsx")
    assert (result.created, result.updated) == (16, 0)


def test_export_cli_writes_the_files(engine, tmp_path):
    make_report_plan(engine)
    out = tmp_path / "x.csv"
    result = run_cli(engine, ["export", "1", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x-targets.csv").is_file() and (tmp_path / "x-observations.csv").is_file()


def test_ingest_refuses_what_is_not_a_plan_export(fresh, tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="不是 eduplan 导出的规划文件"):
        ingest_exports(fresh, [other], max_bytes=2**20)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 JSON 文件"):
        ingest_exports(fresh, [broken], max_bytes=2**20)
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": EXPORT_FORMAT, "version": 99}), encoding="utf-8")
    with pytest.raises(InputError, match="版本"):
        ingest_exports(fresh, [newer], max_bytes=2**20)
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text(json.dumps({"format": EXPORT_FORMAT, "version": 1, "plan": {"title": "某规划"}}),
                          encoding="utf-8")
    with pytest.raises(InputError, match="不完整") as caught:
        ingest_exports(fresh, [incomplete], max_bytes=2**20)
    assert "plan.sha256" in caught.value.hint
    text = tmp_path / "plan.txt"
    text.write_text("某规划", encoding="utf-8")
    with pytest.raises(InputError, match="分开入库"):
        ingest_exports(fresh, [newer, text], max_bytes=2**20)


def test_import_of_an_export_with_a_bad_row_stores_nothing(engine, fresh, tmp_path):
    plan_id = make_report_plan(engine)
    (archive,) = export_plan(engine, plan_id, fmt="json", output=tmp_path / "plan.json")
    archive.path.write_bytes(archive.content)
    ingest_exports(fresh, [archive.path], max_bytes=10 * 2**20)
    data = json.loads(archive.content)
    data["observations"][2]["value"] = "很多"
    with pytest.raises(InputError) as caught:
        import_observations(fresh, json.dumps(data, ensure_ascii=False).encode("utf-8"), name="bad.json")
    assert [e.row for e in caught.value.errors] == [3]
    with unit_of_work(fresh) as session:
        assert session.scalars(select(Observation)).first() is None
