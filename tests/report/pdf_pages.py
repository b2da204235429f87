"""Convert a DOCX or XLSX to PDF with LibreOffice (the fontconfig fallbacks of
``templates/fonts.conf``) and read the pages back, so tests look at what prints."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from eduplan.report.docx_style import fontconfig_file

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOPPM = shutil.which("pdftoppm")
MM = 72 / 25.4  # PDF points per millimetre
HANGING = set("，。、；：！？）》”’")

needs_office = pytest.mark.skipif(
    not (LIBREOFFICE and PDFTOPPM),
    reason="LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui) or pdftoppm (poppler-utils) not installed")


def to_pdf(data: bytes, suffix: str, folder: Path) -> Path:
    """The PDF LibreOffice prints from ``data`` (a .docx or .xlsx)."""
    source = folder / f"report.{suffix}"
    source.write_bytes(data)
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())}
    subprocess.run([LIBREOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/lo",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, timeout=240, env=env, capture_output=True)
    pdf = folder / "report.pdf"
    if not pdf.is_file():
        pytest.skip(f"LibreOffice could not print the .{suffix} file (is libreoffice-calc-nogui installed?)")
    return pdf


def overflow(pdf: Path, *, right_mm: float, left_mm: float, slack_mm: float = 1.5) -> list[str]:
    """Characters and images printed outside the text area (left and right margins),
    page by page — a table or figure wider than the page shows up here."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            low, high = left_mm * MM - slack_mm * MM, page.width - right_mm * MM + slack_mm * MM
            for ch in page.chars:
                if ch["text"] in HANGING:  # CJK punctuation may hang into the margin by design
                    continue
                if ch["x1"] > high or ch["x0"] < low:
                    out.append(f"page {n}: {ch['text']!r} at x={ch['x0']:.0f}–{ch['x1']:.0f} (text area ≤ {high:.0f})")
            for im in page.images:
                if im["x1"] > high or im["x0"] < low:
                    out.append(f"page {n}: image at x={im['x0']:.0f}–{im['x1']:.0f}")
    return out


def page_texts(pdf: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]
