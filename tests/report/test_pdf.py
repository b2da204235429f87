"""The DOCX and XLSX print: LibreOffice converts them to PDF, and the PDF is checked
where a person would look — nothing outside the margins, page numbers on alternating
sides, the 督办清单 one page wide with its header on every page. The first pages are
kept as PNGs in ``artifacts/report/`` for people to look at."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from eduplan.report import charts
from tests.conftest import ROOT
from tests.report.pdf_pages import PDFTOPPM, needs_office, overflow, page_texts, to_pdf

ARTIFACTS = ROOT / "artifacts" / "report"
pytestmark = needs_office


def ink(path: Path) -> float:
    """Share of pixels that are not (nearly) white."""
    image = Image.open(path).convert("L")
    histogram = image.histogram()  # 256 counts of grey levels
    return sum(histogram[:200]) / sum(histogram)


def test_docx_prints_within_the_margins_with_alternating_page_numbers(rendered, report_context, tmp_path):
    pdf = to_pdf(rendered("docx"), "docx", tmp_path)
    assert pdf.stat().st_size > 10_000
    assert overflow(pdf, left_mm=28, right_mm=26) == []  # no table or figure wider than the text
    texts = page_texts(pdf)
    assert len(texts) >= 4
    import pdfplumber

    with pdfplumber.open(pdf) as doc:  # — 1 — at the right of page 1, — 2 — at the left of page 2
        for n in (1, 2):
            page = doc.pages[n - 1]
            digits = [c for c in page.chars if c["text"] == str(n) and c["top"] > page.height * 0.85]
            assert digits, f"no page number on page {n}"
            assert (digits[-1]["x0"] > page.width / 2) == (n % 2 == 1)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run([PDFTOPPM, "-png", "-r", "50", "-f", "1", "-l", "4", str(pdf), str(ARTIFACTS / "page")],
                   check=True, timeout=60)
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) == 4
    assert ink(pages[0]) > 0.01, "first page looks blank"
    if shutil.which("pdffonts") and Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists():
        fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts  # 仿宋/小标宋 → serif, 黑体 → sans
    sector = next(x for x in report_context.sectors if charts.completion_shown(x))
    (ARTIFACTS / "chart-completion.png").write_bytes(charts.completion_chart(sector,
                                                                             time_share=report_context.time_share))
    (ARTIFACTS / "chart-trend.png").write_bytes(charts.trend_chart(report_context.lagging))


def test_supervision_list_prints_one_page_wide(rendered, tmp_path):
    pdf = to_pdf(rendered("xlsx"), "xlsx", tmp_path)
    texts = page_texts(pdf)
    # every page holds the first and the last column: no page carries only the columns that spilled over
    for t in texts:
        first, last = ("督办事项", "办结情况") if "督办事项" in t else ("编号", "规划原文")
        assert first in t and last in t, t[:200]
    assert overflow(pdf, left_mm=5, right_mm=5) == []
