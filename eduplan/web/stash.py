"""Keep an uploaded data file between its preview and the confirmed import.

Web processes are stateless (several workers, restarts between two clicks), so the
upload is written to ``<data_dir>/uploads/<sha256><suffix>`` and the preview page carries
only the hash, the suffix and the user's file name in hidden fields. Confirming reads the
file back by that hash — the name is checked to be 64 hex digits and the content must
hash to it, so a forged field can neither reach another path nor swap the content — and
the file is deleted after the import. Files left by previews nobody confirmed are swept
when they are older than a day (at every upload). Re-uploading on confirm would avoid the
folder, but browsers cannot re-send a chosen file without asking the user to pick it again.

``check_upload`` refuses what the importer cannot read before anything is stored: a
suffix other than .xlsx/.csv, more than ``max_bytes``, an XLSX that is not a zip holding
the workbook part (``xl/workbook.xml``), or a "CSV" that is binary.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from eduplan.errors import InputError

log = logging.getLogger(__name__)

SUFFIXES = (".xlsx", ".csv")
MAX_AGE_SECONDS = 24 * 3600
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


class FileTooLargeError(InputError):
    http_status = 413
    kind = "file_too_large"


@dataclass(frozen=True, slots=True)
class StashedFile:
    sha256: str
    suffix: str  # ".xlsx" or ".csv"
    name: str  # the user's file name (base name only), for messages and as the values' source

    @property
    def filename(self) -> str:
        return f"{self.sha256}{self.suffix}"


def too_large(max_bytes: int, name: str | None = None) -> FileTooLargeError:
    return FileTooLargeError(f"文件过大（上限 {max_bytes / 1048576:.1f} MB）", location=name,
                             hint="请拆分文件后分批上传，或请管理员调高 EDUPLAN_MAX_FILE_MB")


def read_limited(stream: BinaryIO, max_bytes: int, name: str | None = None) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(max_bytes, name)
    return data


def safe_name(filename: str | None, suffix: str | None = None) -> str:
    """The base name of a user's file, without path or control characters."""
    raw = filename or ""
    name = PureWindowsPath(PurePosixPath(raw).name).name
    name = _UNSAFE_NAME.sub("", name).strip()[:120]
    if suffix is not None and not name.lower().endswith(suffix):
        name = f"上传文件{suffix}"
    return name


def check_upload(data: bytes, filename: str | None, *, max_bytes: int) -> tuple[str, str]:
    """(suffix, safe file name) of an upload the importer can read; else InputError."""
    name = safe_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"不支持的文件类型：{suffix or '（无扩展名）'}", location=name or None,
                         hint="请上传填报模板（.xlsx）或 CSV 文件（.csv）")
    if len(data) > max_bytes:
        raise too_large(max_bytes, name)
    if not data.strip():
        raise InputError("文件是空的", location=name, hint="请确认选择了正确的文件")
    if suffix == ".xlsx":
        _check_workbook(data, name)
    elif data.startswith(b"PK\x03\x04") or b"\x00" in data[:8192]:
        raise InputError("文件内容不是文本格式的 CSV", location=name,
                         hint="Excel 文件请保存为 .xlsx 上传；CSV 请用“另存为 CSV UTF-8”")
    return suffix, name


def _check_workbook(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {n.lower() for n in archive.namelist()}
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError("文件不是有效的 Excel 工作簿（.xlsx）", location=name,
                         hint="文件可能已损坏或只是改了扩展名；请在 Excel 中另存为 .xlsx 后重新上传") from exc
    if "xl/workbook.xml" not in parts:
        raise InputError("文件不是 Excel 工作簿（压缩包中没有工作簿内容）", location=name,
                         hint="请上传用 Excel 或 WPS 保存的 .xlsx 文件")


class UploadStash:
    """Uploaded files by content hash in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def put(self, data: bytes, suffix: str, name: str) -> StashedFile:
        self.sweep()
        self.folder.mkdir(parents=True, exist_ok=True)
        stashed = StashedFile(hashlib.sha256(data).hexdigest(), suffix, name)
        path = self.folder / stashed.filename
        if not path.exists():
            partial = path.with_suffix(path.suffix + ".part")
            partial.write_bytes(data)
            partial.replace(path)
        return stashed

    def find(self, sha256: str, suffix: str, name: str) -> StashedFile:
        """The stashed file named by a confirmation form's hidden fields."""
        sha256 = (sha256 or "").strip().lower()
        if not _HEX64.match(sha256) or suffix not in SUFFIXES:
            raise InputError("确认导入的表单无效", hint="请重新上传文件并预览")
        return StashedFile(sha256, suffix, safe_name(name, suffix))

    def read(self, stashed: StashedFile) -> bytes:
        path = self.folder / stashed.filename
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise InputError("上传的文件已过期或已经导入", location=stashed.name,
                             hint="请重新上传文件并预览") from exc
        if hashlib.sha256(data).hexdigest() != stashed.sha256:
            raise InputError("上传的文件已损坏", location=stashed.name, hint="请重新上传文件并预览")
        return data

    def discard(self, stashed: StashedFile) -> None:
        (self.folder / stashed.filename).unlink(missing_ok=True)

    def sweep(self, *, now: float | None = None) -> int:
        """Delete stashed files older than a day; return how many went."""
        if not self.folder.is_dir():
            return 0
        limit = (now if now is not None else time.time()) - MAX_AGE_SECONDS
        removed = 0
        for path in self.folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another worker swept it first
                continue
        if removed:
            log.info("swept stale uploads folder=%s removed=%s", self.folder, removed)
        return removed
