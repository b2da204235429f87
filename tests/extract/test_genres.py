"""Genres as data: every example in ingest/rules/genres.yaml is a test, and each genre's
figures read as what they are (our own short documents)."""

from __future__ import annotations

import pytest
import yaml

from eduplan.errors import RuleDataError
from eduplan.ingest import genres as genre_module
from eduplan.ingest import read_text
from eduplan.ingest.genres import detect_genre, load_genres, reporting_year

GENRES = load_genres()
EXAMPLES = [pytest.param(g, e, id=f"{g.key}:{e.title or e.text[:12]}") for g in GENRES.ordered for e in g.examples]


@pytest.mark.parametrize(("genre", "example"), EXAMPLES)
def test_genre_example(genre, example):
    text = (example.title + "\n" if example.title else "") + (example.text or "正文。")
    found, _how = detect_genre(example.title, text)
    assert found.key == genre.key
    assert reporting_year(found, example.title, text) == example.year


def test_every_genre_has_examples_and_a_doc_type():
    for g in GENRES.ordered:
        assert g.examples, g.key
        assert g.doc_type.label  # a Chinese label for the pages


def test_bad_genre_data_names_the_file(monkeypatch, tmp_path):
    raw = yaml.safe_load((genre_module.files("eduplan.ingest") / "rules" / "genres.yaml").read_text(encoding="utf-8"))
    raw["genres"][0]["figures"] = "numbers"
    bad = tmp_path / "genres.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    class Folder:
        def __truediv__(self, name):
            return bad if name == "genres.yaml" else self

    monkeypatch.setattr(genre_module, "files", lambda _pkg: Folder())
    load_genres.cache_clear()
    try:
        with pytest.raises(RuleDataError) as info:
            load_genres()
        assert "genres.yaml" in info.value.location
    finally:
        load_genres.cache_clear()


def test_a_bulletin_section_without_title_is_recognised_by_its_opening_and_content():
    doc = read_text("七、教育\n2022年末全县共有普通中学12所,在校学生1.52万人;小学31所,在校学生2.47万人。")
    assert doc.doc_type == "statistics" and doc.reporting_year == 2022


def test_a_long_first_sentence_is_no_title():
    doc = read_text("2019年,全区教育系统深入贯彻落实教育规划纲要,各项工作取得新进展。全区现有幼儿园45所,"
                    "比上年增加3所;在园幼儿1.2万人,比上年增加360人。小学28所,在校生3.1万人。")
    assert doc.doc_type != "plan" and doc.reporting_year == 2019


def test_overrides_win(tmp_path):
    doc = read_text("某某情况\n全县现有学校40所。", doc_type="statistics", year=2017)
    assert (doc.doc_type, doc.reporting_year) == ("statistics", 2017)


def test_year_from_the_file_name_when_the_text_has_none():
    doc = read_text("义务教育\n全县共有小学20所,在校生8600人。", source="示例县_2024_教育统计.txt")
    assert doc.reporting_year == 2024
