"""Plain-text files in the encodings bureaus actually use."""

from __future__ import annotations

import pytest

from eduplan.ingest import read_document

TEXT = "示例镇教育工作要点\n\n一、工作目标\n\n到2025年，学前三年入园率达到９８．５％以上。\n"


@pytest.mark.parametrize(
    "encoding, prefix",
    [
        pytest.param("utf-8", b"", id="utf8"),
        pytest.param("utf-8", b"\xef\xbb\xbf", id="utf8-bom"),
        pytest.param("gbk", b"", id="gbk"),
        pytest.param("gb18030", b"", id="gb18030"),
        pytest.param("utf-16", b"", id="utf16-bom"),
    ],
)
def test_encodings_give_the_same_text(tmp_path, encoding, prefix):
    path = tmp_path / "plan.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    doc = read_document(path)
    # full-width digits and % become half-width; the Chinese comma stays a comma
    assert doc.text == "示例镇教育工作要点\n\n一、工作目标\n\n到2025年,学前三年入园率达到98.5%以上。"
    assert doc.title == "示例镇教育工作要点"
    assert [s.title for s in doc.sections] == ["工作目标"]


def test_gbk_with_rare_characters_is_not_mistaken(tmp_path):
    # 洞头 and 婺 are fine in GBK; a long GBK text must not be read as something else
    text = "婺城区、洞头区、缙云县教育事业发展规划。" * 50
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    assert read_document(path).text == text


def test_offsets_index_the_stored_text(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("规划\n\n（一）总体要求\n\n内容。\n\n（二）主要任务\n\n内容。", encoding="utf-8")
    doc = read_document(path)
    assert [s.title for s in doc.sections] == ["总体要求", "主要任务"]
    for s in doc.sections:
        assert doc.text[s.start:].startswith(s.number)
        assert s.title in doc.text[s.start:s.end]
