"""Renderers of one ``ReportContext``: DOCX, HTML, Markdown (the mid-term evaluation report)
and XLSX (the supervision list with every target).

A renderer is any ``(context, *, on_progress=None) -> bytes``. Each module is imported
only when its format is asked for, so python-docx, Jinja2, openpyxl and matplotlib stay
out of start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eduplan.report.context import ReportContext

Progress = Callable[[int, int], None]


class ReportFormat(StrEnum):
    DOCX = "docx"
    HTML = "html"
    MD = "md"
    XLSX = "xlsx"


@dataclass(frozen=True, slots=True)
class FormatSpec:
    module: str
    suffix: str
    media_type: str
    label: str


FORMATS: dict[ReportFormat, FormatSpec] = {
    ReportFormat.DOCX: FormatSpec("eduplan.report.docx", "docx",
                                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                  "评估报告（Word）"),
    ReportFormat.HTML: FormatSpec("eduplan.report.html", "html", "text/html; charset=utf-8", "评估报告（网页，单个文件）"),
    ReportFormat.MD: FormatSpec("eduplan.report.markdown", "md", "text/markdown; charset=utf-8",
                                "评估报告（Markdown）"),
    ReportFormat.XLSX: FormatSpec("eduplan.report.xlsx", "xlsx",
                                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  "督办清单（Excel）"),
}


def render(context: ReportContext, fmt: ReportFormat | str, *, on_progress: Progress | None = None) -> bytes:
    """``context`` as the bytes of a file in ``fmt``."""
    spec = FORMATS[ReportFormat(fmt)]
    module = importlib.import_module(spec.module)
    return module.render(context, on_progress=on_progress)


__all__ = ["FORMATS", "FormatSpec", "ReportFormat", "render"]
