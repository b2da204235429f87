"""A complete county 十四五 plan (tests/samples/longplan): 目录, eleven chapters with 节,
an indicator table, 专栏 boxes, a project table and an 附件 task table, read as .txt,
.docx, a gov-style .html page and (with LibreOffice) .pdf, scored against its hand-made gold.

The formats are written at test time by make_formats.py, so no binary is committed.
Scores when written (strict F1): txt, docx, html and pdf 0.914 each; 1.000 each after the
extraction work it drove (project deadline columns, payer names, systems, parallel subjects).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from eduplan.extract import extract_document
from eduplan.ingest import read_document
from tests.extract.scoring import SCORER, score, write_prediction

HERE = Path(__file__).resolve().parents[1] / "samples" / "longplan"
FLOOR = 0.97
SPREAD = 0.03
CHAPTERS = ["第一章", "第二章", "第三章", "第四章", "第五章", "第六章", "第七章", "第八章", "第九章", "第十章", "第十一章"]


def _formats():
    spec = importlib.util.spec_from_file_location("longplan_formats", HERE / "make_formats.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    out = tmp_path_factory.mktemp("longplan")
    made = _formats()
    paths = {"txt": HERE / "plan.txt", "docx": made.write_docx(out / "plan.docx"), "html": made.write_html(out / "plan.html")}
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if exe:
        subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/lo",
                        "--convert-to", "pdf", "--outdir", str(out), str(paths["docx"])],
                       check=True, capture_output=True, timeout=180)
        paths["pdf"] = out / "plan.pdf"
    return paths


@pytest.fixture(scope="module")
def documents(files):
    return {fmt: read_document(path) for fmt, path in files.items()}


@pytest.fixture(scope="module")
def scores(documents, tmp_path_factory):
    if not SCORER.exists():
        pytest.skip("../shared/tools/score_extraction.py is not beside the checkout")
    result = {}
    for fmt, doc in documents.items():
        pred = tmp_path_factory.mktemp(f"pred_{fmt}")
        write_prediction(doc, pred / "plan.json")
        result[fmt] = score(HERE / "gold", pred).overall
    return result


def test_gold_quotes_are_in_the_text():
    text = (HERE / "plan.txt").read_text(encoding="utf-8")
    for line in (HERE / "gold" / "plan.jsonl").read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["quote"] in text, line


def test_every_format_scores_above_the_floor_and_alike(scores):
    print(scores)
    assert min(scores.values()) >= FLOOR, scores
    assert max(scores.values()) - min(scores.values()) <= SPREAD, scores


def test_contents_are_dropped(documents):
    for fmt, doc in documents.items():
        assert "目  录" not in doc.text and "目 录" not in doc.text and "……" not in doc.text, fmt
        numbers = [s.number for s in doc.sections if s.level == 1]
        assert numbers == CHAPTERS, (fmt, numbers)  # each chapter once: none from the 目录
        first = next(s.start for s in doc.sections)
        targets = extract_document(doc).targets
        assert all(t.start >= first for t in targets if t.start is not None), fmt


def test_chapters_and_their_sections_are_built(documents):
    for fmt, doc in documents.items():
        by_id = {s.id: s for s in doc.sections}
        jie = [(by_id[s.parent].number, s.number, s.title) for s in doc.sections if s.number.endswith("节")]
        assert jie[:3] == [("第一章", "第一节", "“十三五”发展成就"), ("第一章", "第二节", "面临的形势与挑战"),
                           ("第二章", "第一节", "指导思想")], fmt
        assert ("第十一章", "第五节", "营造安全稳定的育人环境") in jie, fmt
        items = [s.title for s in doc.sections if s.number in ("1.", "2.", "3.")]
        assert items == ["公办幼儿园建设", "普惠性民办幼儿园扶持", "保教质量提升"], fmt  # 专栏1's items


def test_tables_are_read_whole(documents):
    for fmt, doc in documents.items():
        if fmt == "txt":
            continue  # a text file's tab-separated lines are flattened tables, not TableBlocks
        sizes = [len(t.rows) for t in doc.tables]
        assert sizes == [13, 6, 6], (fmt, sizes)  # 表1, 专栏4 projects, 附件 tasks
