"""Hostile uploads: decompression bombs are refused before parsing (413), slow files are
stopped in their worker (422), the server keeps answering; parallel imports never 500."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from eduplan.config import Settings
from eduplan.services.exchange.isolation import ParseTimeoutError, run_isolated
from eduplan.store.db import unit_of_work
from eduplan.store.models import Observation, Plan
from eduplan.web.app import create_app
from tests.web.api_support import World, add_user, token_client
from tests.web.conftest import session_client

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"""


def bomb(kind: str, expanded_mb: int = 296) -> bytes:
    """A .docx (or .xlsx) whose main XML part expands to ``expanded_mb`` MB from well under
    1 MB: the issue's 725 KB → 296 MB document.xml."""
    part = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        if kind == "xlsx":
            archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open(part, "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><w:document><w:body>')
            chunk = b"<w:p><w:r><w:t>AAAAAAAAAAAAAAAA</w:t></w:r></w:p>" * 20_000
            for _ in range(expanded_mb * 1_048_576 // len(chunk)):
                out.write(chunk)
            out.write(b"</w:body></w:document>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return bomb("docx")


@pytest.fixture
def world(engine) -> World:
    built = World.build(engine)
    built.new_target()
    return built


@pytest.fixture
def planner(engine, world):
    return add_user(engine, "planner1", "planner")


def healthy_while(client, work) -> tuple[object, float, list[float]]:
    """Run ``work()`` while another thread asks /healthz every 50 ms: (result, seconds taken,
    answer times of /healthz)."""
    answers: list[float] = []
    done = threading.Event()

    def probe() -> None:
        with session_client(client.app, None) as other:
            while not done.is_set():
                t = time.perf_counter()
                assert other.get("/healthz").status_code == 200
                answers.append(time.perf_counter() - t)
                time.sleep(0.05)

    prober = threading.Thread(target=probe)
    prober.start()
    start = time.perf_counter()
    try:
        result = work()
    finally:
        taken = time.perf_counter() - start
        done.set()
        prober.join()
    return result, taken, answers


def test_the_issue_docx_bomb_is_refused_within_seconds(app, engine, planner, docx_bomb):
    assert len(docx_bomb) < 1_000_000  # under a megabyte on the wire, 296 MB unpacked
    with session_client(app, planner) as client:
        response, taken, answers = healthy_while(client, lambda: client.post(
            "/api/v1/plans", files={"file": ("规划.docx", docx_bomb, "application/octet-stream")}))
        assert response.status_code == 413, response.text
        assert taken < 10 and answers and max(answers) < 2
        error = response.json()["error"]
        assert "document.xml" in error["message"] and "压缩" in error["message"] and error["hint"]
        page = client.post("/plans", files={"file": ("规划.docx", docx_bomb)}, data={})
        assert page.status_code == 413 and "压缩比" in page.text  # the upload page says the same
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 1  # only the world's plan


def test_an_xlsx_bomb_is_refused_on_import_and_on_the_entry_page(app, world, planner):
    data = bomb("xlsx", expanded_mb=40)
    with session_client(app, planner) as client:
        api = client.post("/api/v1/observations/import", files={"file": ("data.xlsx", data)})
        assert api.status_code == 413 and "压缩比" in api.json()["error"]["message"]
        page = client.post("/entry/upload", files={"file": ("data.xlsx", data)}, data={"plan": world.plan_id},
                           headers={"HX-Request": "true"})
        assert page.status_code == 413


def test_a_file_over_the_unzipped_limit_is_refused(engine, tmp_path, world, planner):
    """Below the ratio alarm but above EDUPLAN_MAX_UNZIPPED_MB in all."""
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), secret_key="test-secret",
                        data_dir=tmp_path, max_unzipped_mb=1)
    application = create_app(settings)
    application.state.engine = engine
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # stored: ratio 1
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<w:document>" + b"x" * 1_200_000 + b"</w:document>")
    with session_client(application, planner) as client:
        r = client.post("/api/v1/plans", files={"file": ("规划.docx", buffer.getvalue())})
    assert r.status_code == 413 and "1 MB" in r.json()["error"]["message"]
    assert "EDUPLAN_MAX_UNZIPPED_MB" in r.json()["error"]["hint"]


def test_a_slow_file_is_stopped_and_the_server_keeps_answering(engine, tmp_path, world, planner):
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), secret_key="test-secret",
                        data_dir=tmp_path, parse_timeout=0.5)
    application = create_app(settings)
    application.state.engine = engine
    paragraph = "到2025年，全县学前三年毛入园率达到98%以上，义务教育巩固率达到99.5%，新增学位3000个。\n"
    text = ("示例县教育发展规划\n一、发展目标\n" + paragraph * 60_000).encode()  # 6 MB of targets to extract
    with session_client(application, planner) as client:
        response, taken, answers = healthy_while(client, lambda: client.post(
            "/api/v1/plans", files={"file": ("规划.txt", text, "text/plain")}))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["type"] == "parse_timeout" and "0.5 秒" in response.json()["error"]["message"]
    assert taken < 5 and answers
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 1


def test_the_worker_is_killed_at_the_time_limit():
    start = time.perf_counter()
    with pytest.raises(ParseTimeoutError):
        run_isolated(time.sleep, 30, timeout=0.5, name="slow.docx")
    assert time.perf_counter() - start < 5
    assert run_isolated(sum, [1, 2, 3], timeout=10) == 6  # and the next one runs normally


def test_twenty_parallel_imports_answer_only_200_or_409(app, engine, world, planner):
    """The same new values imported 20 times at once: the first import creates them, the
    others find them unchanged (200) or lose the race for the same rows (409) — never 500,
    and the values are stored once."""
    csv = "指标,区域,年份,数值\n" + "".join(f"义务教育巩固率,示例县,{y},9{y % 10}.5\n" for y in range(1990, 2010))
    clients = [token_client(app, engine, planner) for _ in range(20)]
    barrier = threading.Barrier(20)

    def send(client):
        with client:
            barrier.wait()
            return client.post("/api/v1/observations/import", files={"file": ("data.csv", csv.encode(), "text/csv")})

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(send, clients))
    statuses = sorted(r.status_code for r in answers)
    assert set(statuses) <= {200, 409}, [r.text[:300] for r in answers if r.status_code not in (200, 409)]
    assert 200 in statuses
    for r in answers:
        if r.status_code == 409:
            assert r.json()["error"]["type"] == "conflict" and r.json()["error"]["hint"]
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Observation)) == 20


def test_parallel_uploads_of_one_plan_store_it_once(app, engine, world, planner):
    text = "示例县教育事业发展规划（并发）\n一、发展目标\n到2025年，学前三年毛入园率达到98%以上。\n".encode()
    clients = [token_client(app, engine, planner) for _ in range(8)]
    barrier = threading.Barrier(8)

    def send(client):
        with client:
            barrier.wait()
            return client.post("/api/v1/plans", files={"file": ("规划.txt", text, "text/plain")})

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, clients))
    assert {r.status_code for r in answers} <= {200, 201, 409}, [r.text[:200] for r in answers]
    assert [r.status_code for r in answers].count(201) == 1
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 2  # the world's plan and this one
