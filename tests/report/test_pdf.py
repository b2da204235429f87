"""The DOCX opens in LibreOffice and prints real pages.

LibreOffice (headless) converts the report to PDF with the fontconfig fallbacks of
``eduplan/report/templates/fonts.conf``; poppler renders the first pages to PNG; the
first page must not be blank. The PNGs (and a chart) are kept in ``artifacts/report/``
for people to look at: fonts without tofu boxes, tables, charts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from eduplan.report import charts
from eduplan.report.docx_style import fontconfig_file
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts" / "report"
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOPPM = shutil.which("pdftoppm")

pytestmark = pytest.mark.skipif(
    not (LIBREOFFICE and PDFTOPPM), reason="LibreOffice (libreoffice-writer-nogui) or pdftoppm (poppler-utils) not installed")


def ink(path: Path) -> float:
    """Share of pixels that are not (nearly) white."""
    image = Image.open(path).convert("L")
    histogram = image.histogram()  # 256 counts of grey levels
    return sum(histogram[:200]) / sum(histogram)


def test_docx_converts_to_pdf_with_real_pages(rendered, report_context, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(rendered("docx"))
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())}
    subprocess.run([LIBREOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=180, env=env, capture_output=True)
    pdf = tmp_path / "report.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 10_000
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
    chart = charts.completion_chart(report_context.chapters[0], time_share=report_context.time_share)
    (ARTIFACTS / "chart-completion.png").write_bytes(chart)
    (ARTIFACTS / "chart-trend.png").write_bytes(charts.trend_chart(report_context.lagging))
