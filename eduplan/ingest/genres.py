"""What kind of document this is, and which year it speaks of.

A figure means different things in different genres: "在校生131164人" in a 统计公报 is an
achieved value of the bulletin's year, the same words in a plan's 发展基础 a baseline, and
"新增学位3000个" in a 民生实事 list a commitment for the list's year. The genres, their
title patterns and what their figures are live in ``rules/genres.yaml``; this module reads
them and answers two questions for a document: its genre and its reporting year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from eduplan.domain import DocType
from eduplan.errors import RuleDataError

FIGURES = ("commitments", "results", "mixed_results")


class _Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    text: str = ""
    year: int | None = None


class _GenreData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    label: str
    figures: str
    title: list[str]
    opening: list[str] = []
    examples: list[_Example] = []


class _GenresFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    genres: list[_GenreData]
    content: dict[str, list[str] | str]


@dataclass(frozen=True, slots=True)
class Genre:
    key: str
    label: str
    figures: str  # commitments | results | mixed_results
    title: tuple[re.Pattern, ...]
    opening: tuple[re.Pattern, ...]
    examples: tuple[_Example, ...]

    @property
    def doc_type(self) -> DocType:
        return DocType(self.key)

    @property
    def reports_results(self) -> bool:
        return self.figures != "commitments"


@dataclass(frozen=True, slots=True)
class Genres:
    ordered: tuple[Genre, ...]
    content: dict[str, tuple[str, ...]]
    default: str

    def get(self, key: str) -> Genre:
        for g in self.ordered:
            if g.key == key:
                return g
        raise KeyError(key)


@lru_cache(maxsize=1)
def load_genres() -> Genres:
    name = "genres.yaml"
    try:
        raw = yaml.safe_load((files("eduplan.ingest") / "rules" / name).read_text(encoding="utf-8"))
        data = _GenresFile.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleDataError(f"规则数据错误：{exc}", location=name) from exc
    ordered = []
    for g in data.genres:
        if g.figures not in FIGURES:
            raise RuleDataError(f"figures 应为 {'/'.join(FIGURES)}", location=f"{name} 体裁 {g.key}")
        try:
            DocType(g.key)
        except ValueError as exc:
            raise RuleDataError("体裁没有对应的文件类型（domain.DocType）", location=f"{name} 体裁 {g.key}") from exc
        try:
            title = tuple(re.compile(p) for p in g.title)
            opening = tuple(re.compile(p, re.M) for p in g.opening)
        except re.error as exc:
            raise RuleDataError(f"正则表达式无效：{exc}", location=f"{name} 体裁 {g.key}") from exc
        ordered.append(Genre(g.key, g.label, g.figures, title, opening, tuple(g.examples)))
    content = {k: tuple(v) for k, v in data.content.items() if isinstance(v, list)}
    default = data.content.get("default", "plan")
    return Genres(tuple(ordered), content, str(default))


def title_candidates(title: str, text: str) -> list[str]:
    """The guessed title and the first line (a web page's headline often is only the latter).

    A long first line is a sentence, not a title: only its head can name the document
    (a title run into the body, "市教育局2022年工作总结及2023年工作计划2022年,本局…")."""
    out = [_head(title)] if title else []
    for line in text[:2000].split("\n"):
        line = line.strip()
        if line:
            if line != title:
                out.append(_head(line))
            break
    return out


def _head(line: str) -> str:
    if len(line) <= 60 and not line.endswith("。"):
        return line
    cut = re.search(r"[,，。;；:：]", line)
    head = line[:cut.start()] if cut else line
    return head[:40]


def detect_genre(title: str, text: str) -> tuple[Genre, str]:
    """The genre and how it was found ("title", "opening" or "content")."""
    genres = load_genres()
    for candidate in title_candidates(title, text):
        head = re.sub(r"\s+", "", candidate)
        for g in genres.ordered:
            if any(p.search(head) for p in g.title):
                return g, "title"
    opening = "\n".join(line.strip() for line in text[:1500].split("\n")[:12])
    for g in genres.ordered:
        if any(p.search(opening) for p in g.opening):
            return g, "opening"
    return genres.get(_by_content(text, genres)), "content"


def _by_content(text: str, genres: Genres) -> str:
    """Count the words of each kind of text in the first pages; the most frequent wins."""
    sample = text[:6000]
    counts = {key: sum(sample.count(w) for w in words) for key, words in genres.content.items()}
    if not counts or max(counts.values()) == 0:
        return genres.default
    best = max(counts, key=lambda k: counts[k])
    return {"summary": DocType.PROGRESS.value}.get(best, best)


# --- the reporting year ------------------------------------------------------------------
_SCHOOL_YEAR = re.compile(r"((?:19|20)\d\d)\s*[/~\-—–至]\s*(?:19|20)?\d\d\s*学年")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:年|学年|[)）])")
_ABBREVIATED = re.compile(r"简称\s*((?:19|20)\d\d)\s*年")
_OPENING_YEAR = re.compile(r"(?<![到至争前])((?:19|20)\d\d)\s*(?:年度|学年|年)(?!\d{1,2}月\d{1,2}日)(?!(?:底前|前|以前))")
_ASOF = re.compile(r"截[至止](?:到)?\s*((?:19|20)\d\d)\s*年")
_DATE_LINE = re.compile(r"^\s*((?:19|20)\d\d)(?:\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-./]\d{1,2}[-./]\d{1,2}|(?:0[1-9]|1[0-2]))\s*$",
                        re.M)
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def reporting_year(genre: Genre, title: str, text: str, source: str = "") -> int | None:
    """The year a document reports on or commits for; None for multi-year plans.

    Plans and action plans have a period instead; a yearly plan (2024年工作要点) or any
    results document has one year. The order of evidence is documented in genres.yaml.
    A government work report's year is the year it is given (2024年政府工作报告), which
    plans that year and reviews the one before: the first year its text names is the
    reviewed one.
    """
    if genre.key == DocType.GOV_REPORT.value:
        given = _SPEECH_DATE.search(text[:600])
        if given:
            return int(given.group(1))  # ——2024年1月16日在…人民代表大会…上: the year it is given
    year, from_title = _reporting_year(genre, title, text, source)
    if genre.key == DocType.GOV_REPORT.value and year is not None and not from_title:
        return year + 1
    return year


def written_year(text: str, source: str = "") -> int | None:
    """The year a document was written: its date line (at the end, else the start), else a
    year in its file name. A plan's "目前共有…" speaks of that year."""
    dates = _DATE_LINE.findall(text[-400:]) or _DATE_LINE.findall(text[:400])
    if dates:
        return int(dates[-1])
    years = _FILE_YEAR.findall(Path(source).stem if source else "")
    return int(years[0]) if years else None


# the line under a government work report's title: when and where it was given
_SPEECH_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^\n]{0,12}(?:在|于)[^\n]{0,40}(?:代表大会|会议)")
# the edition of a yearbook: 某区年鉴(2023), 江苏教育年鉴2019, 2023年鉴
_EDITION = re.compile(r"年鉴\s*[(（]?\s*((?:19|20)\d\d)\s*[)）]?\s*$|^\s*((?:19|20)\d\d)\s*年鉴")


def _reporting_year(genre: Genre, title: str, text: str, source: str) -> tuple[int | None, bool]:
    if genre.key in (DocType.PLAN.value, DocType.ACTION_PLAN.value, DocType.NOTICE.value):
        return None, False
    for candidate in title_candidates(title, text):
        edition = _EDITION.search(candidate)
        if edition:
            # 某区年鉴(2023) records the year before, unless its text dates itself
            m = _SCHOOL_YEAR.search(text[:600]) or _OPENING_YEAR.search(text[:800])
            return (int(m.group(1)) if m else int(edition.group(1) or edition.group(2)) - 1), False
        m = _SCHOOL_YEAR.search(candidate) or _TITLE_YEAR.search(candidate)
        if m:
            return int(m.group(1)), True
    m = _ABBREVIATED.search(text[:3000]) or _SCHOOL_YEAR.search(text[:600])
    if m:
        return int(m.group(1)), False
    head = text[:800]
    m = _ASOF.search(head)
    if m:
        return int(m.group(1)), False
    m = _OPENING_YEAR.search(head)
    if m:
        return int(m.group(1)), False
    dates = _DATE_LINE.findall(text[-400:]) or _DATE_LINE.findall(text[:400])
    if dates:
        return int(dates[-1]), False
    m = _OPENING_YEAR.search(text[:5000])
    if m:
        return int(m.group(1)), False
    years = _FILE_YEAR.findall(source)
    return (int(years[0]) if years else None), False
