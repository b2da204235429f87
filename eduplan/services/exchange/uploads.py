"""Reading uploaded files safely: archive limits first, then the reading itself in a worker
process that is stopped after a time limit (``isolation.run_isolated``).

A .docx or .xlsx is a zip. Its size on the wire says little: a 725 KB .docx whose
document.xml expands to 296 MB once kept a core busy for 18 minutes. ``check_archive``
reads only the zip's directory and refuses (413) an archive whose parts would expand
beyond ``max_unzipped`` bytes in all, or a part over 1 MB that expands more than
``MAX_RATIO``-fold — before any XML parser sees it. The directory could lie about sizes;
the worker's time limit covers that case.

The functions ``read_plan_file`` and ``read_data_bytes`` run in the worker: this module is
what the worker's forkserver imports up front, so it imports the readers at the top.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from eduplan.errors import InputError
from eduplan.extract.pipeline import extract_document
from eduplan.extract.records import Extraction
from eduplan.ingest import Document
from eduplan.services.exchange.data_files import DataFile, read_data_file
from eduplan.services.exchange.documents import read_all
from eduplan.services.exchange.isolation import run_isolated

MAX_RATIO = 100  # a real .docx/.xlsx part expands 3–30 fold; far more is built to explode
RATIO_FLOOR = 1 << 20  # parts under 1 MB may expand as they like
ZIP_SUFFIXES = (".docx", ".xlsx", ".xlsm")


class ArchiveTooLargeError(InputError):
    """The archive would expand beyond what the server reads."""

    http_status = 413
    kind = "file_too_large"


def check_archive(data: bytes, name: str, *, max_unzipped: int) -> None:
    """Refuse a zip-based upload whose parts expand too far (see the module docstring)."""
    if Path(name).suffix.lower() not in ZIP_SUFFIXES or not data.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not a readable zip: the reader says what is wrong with it
    total = 0
    limit = f"{max_unzipped / 1048576:g} MB"
    for part in parts:
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ArchiveTooLargeError(
                f"文件中的“{part.filename[:60]}”解压后达 {part.file_size / 1048576:.0f} MB，压缩比 {ratio:.0f} 倍，"
                "远超正常文档，已拒绝", location=name,
                hint="这不像正常的 Word/Excel 文件（可能是“压缩炸弹”）；请用原软件重新保存后上传")
        if total > max_unzipped:
            raise ArchiveTooLargeError(f"文件解压后超过 {limit}，已拒绝", location=name,
                                       hint="请拆分文件后分批上传，或由管理员调高 EDUPLAN_MAX_UNZIPPED_MB")


def read_plan_file(data: bytes, name: str, *, max_bytes: int, doc_type: str | None, region: str | None,
                   workdir: str) -> list[tuple[Document, Extraction]]:
    """(document, extraction) of an uploaded plan file: the worker's side of a plan upload."""
    Path(workdir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=workdir, prefix="upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        docs = read_all([path], max_bytes=max_bytes, doc_type=doc_type, region=region)
    return [(doc, extract_document(doc)) for doc in docs]


def read_data_bytes(data: bytes, name: str) -> DataFile:
    """The raw rows of an uploaded data file: the worker's side of a data upload."""
    return read_data_file(data, name=name)


def parse_plan_upload(data: bytes, name: str, *, max_bytes: int, max_unzipped: int, timeout: float,
                      doc_type: str | None, region: str | None, workdir: Path) -> list[tuple[Document, Extraction]]:
    check_archive(data, name, max_unzipped=max_unzipped)
    return run_isolated(read_plan_file, data, name, max_bytes=max_bytes, doc_type=doc_type, region=region,
                        workdir=str(workdir), timeout=timeout, name=name)


def parse_data_upload(data: bytes, name: str, *, max_unzipped: int, timeout: float) -> DataFile:
    check_archive(data, name, max_unzipped=max_unzipped)
    return run_isolated(read_data_bytes, data, name, timeout=timeout, name=name)
