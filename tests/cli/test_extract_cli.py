"""eduplan extract: the JSON contract, without a database; ingest stores the same."""

from __future__ import annotations

import json
from importlib.resources import files

from sqlalchemy import select

from eduplan.store.db import unit_of_work
from eduplan.store.models import Section, Target, Task
from tests.cli_helpers import run_cli

SAMPLE = files("eduplan") / "samples" / "示例县教育事业发展十四五规划.txt"


def test_extract_json_contract(engine, tmp_path):
    out = tmp_path / "out.json"
    result = run_cli(engine, ["extract", str(SAMPLE), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"document", "sections", "targets", "tasks", "projects"}
    assert data["document"]["period"] == [2021, 2025]
    assert data["document"]["region"] == "示例县"
    assert set(data["document"]) == {"title", "source", "sha256", "type", "genre", "genre_label", "reporting_year",
                                     "period", "region"}
    assert data["document"]["genre"] == "plan" and data["document"]["reporting_year"] is None
    t0 = data["targets"][0]
    assert set(t0) >= {"indicator", "comparator", "value", "unit", "year", "kind", "baseline", "quote", "start", "end",
                       "section", "confidence"}
    text = SAMPLE.read_text(encoding="utf-8").strip("\n")
    for t in data["targets"]:
        assert text[t["start"]:t["end"]] == t["quote"]
    by_name = {(t["indicator"], t["year"]): t for t in data["targets"]}
    target = by_name[("学前三年入园率", 2025)]
    assert target["value"] == 98.5 and target["unit"] == "%" and target["kind"] == "target"
    assert target["baseline"] == {"year": 2020, "value": 96.5}
    section_ids = {s["id"] for s in data["sections"]}
    assert all(t["section"] in section_ids for t in data["targets"])
    task = next(k for k in data["tasks"] if k["title"] == "补足配齐教师")
    assert task["responsible_units"] == ["县委编办", "县教育局", "县人社局", "县财政局"]
    project = next(p for p in data["projects"] if "第二中学" in p["name"])
    assert (project["investment"], project["seats"], project["year"]) == (420000000, 2400, 2024)


def test_extract_table_format(engine):
    result = run_cli(engine, ["extract", str(SAMPLE), "--format", "table"])
    assert result.exit_code == 0
    assert "学前三年入园率" in result.output and "目标" in result.output


def test_extract_bad_format(engine):
    result = run_cli(engine, ["extract", str(SAMPLE), "--format", "xml"])
    assert result.exit_code == 2 and "json" in result.output


def test_ingest_stores_extraction_linked_to_sections(engine):
    assert run_cli(engine, ["ingest", str(SAMPLE)]).exit_code == 0
    with unit_of_work(engine) as session:
        targets = session.scalars(select(Target)).all()
        assert len(targets) > 30
        assert {t.review_state for t in targets} == {"extracted"}
        for t in targets:
            section = session.get(Section, t.section_id)
            assert section is not None and section.start <= t.start < section.end
        task = session.scalars(select(Task).where(Task.title == "消除大班额")).one()
        assert [u.name for u in task.units] == ["县教育局"]
        # a target stated inside a task answers to the task's units
        inside = session.scalars(select(Target).where(Target.year == 2023, Target.value == 50)).one()
        assert [u.name for u in inside.units] == ["县教育局", "县发改局", "县自然资源局"]
