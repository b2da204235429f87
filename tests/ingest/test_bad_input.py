"""Every unusable file gets one clear error, exit status 2, and the database unchanged."""

from __future__ import annotations

import io
import os

import pytest

from eduplan.errors import InputError
from eduplan.ingest import read_document
from tests.conftest import row_counts
from tests.cli_helpers import run_cli


def _old_doc(p):
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def _image_pdf(p):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buf, format="PDF")
    p.write_bytes(buf.getvalue())


def _binary(p):
    p.write_bytes(os.urandom(4096) + b"\x00\x01\x02")


def _corrupt_docx(p):
    p.write_bytes(b"PK\x03\x04 this is not really a zip file")


CASES = [
    pytest.param("plan.doc", _old_doc, "另存为 .docx", id="old-word-doc"),
    pytest.param("scan.pdf", _image_pdf, "OCR", id="image-only-pdf"),
    pytest.param("empty.txt", lambda p: p.write_bytes(b""), "空", id="empty"),
    pytest.param("blank.txt", lambda p: p.write_bytes(b"\n  \n"), "空", id="whitespace-only"),
    pytest.param("data.txt", _binary, "二进制", id="binary"),
    pytest.param("broken.docx", _corrupt_docx, "另存为 .docx", id="corrupt-docx"),
    pytest.param("sheet.xls", lambda p: p.write_bytes(b"abc"), "不支持", id="unknown-suffix"),
]


@pytest.mark.parametrize("name, make, hint_part", CASES)
def test_reader_error_names_file_problem_and_fix(tmp_path, name, make, hint_part):
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError) as info:
        read_document(path)
    err = info.value
    assert err.location and name in err.location
    assert hint_part in (err.message + (err.hint or ""))


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="文件夹"):
        read_document(tmp_path)


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("教育" * 2000, encoding="utf-8")
    with pytest.raises(InputError, match="文件过大"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=100_000).text


@pytest.mark.parametrize("name, make, hint_part", CASES)
def test_cli_bad_file_exit_2_and_database_unchanged(engine, tmp_path, name, make, hint_part, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("某县教育规划\n\n一、目标\n\n到2025年入园率达到98%。", encoding="utf-8")
    assert run_cli(engine, ["ingest", str(good)]).exit_code == 0
    before = row_counts(engine)
    bad = tmp_path / name
    make(bad)
    # a batch with one bad file stores nothing, not even the good new file
    other = tmp_path / "other.txt"
    other.write_text("另一县教育规划\n\n一、目标\n\n内容。", encoding="utf-8")
    result = run_cli(engine, ["ingest", str(other), str(bad)])
    assert result.exit_code == 2, result.output
    assert name in result.output
    assert "Traceback" not in result.output
    assert row_counts(engine) == before


def test_cli_oversize_file(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("EDUPLAN_MAX_FILE_MB", "0.001")
    big = tmp_path / "big.txt"
    big.write_text("教育" * 2000, encoding="utf-8")
    before = row_counts(engine)
    result = run_cli(engine, ["ingest", str(big)])
    assert result.exit_code == 2
    assert "文件过大" in result.output and "EDUPLAN_MAX_FILE_MB" in result.output
    assert row_counts(engine) == before


def test_cli_missing_file(engine, tmp_path):
    before = row_counts(engine)
    result = run_cli(engine, ["ingest", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "文件不存在" in result.output
    assert row_counts(engine) == before
