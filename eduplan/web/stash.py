"""Keep an uploaded data file between its preview and the confirmed import.

Web processes are stateless (several workers, restarts between two clicks), so the
upload is written to ``<data_dir>/uploads/<sha256><suffix>`` and the preview page carries
only the hash, the suffix and the user's file name in hidden fields. Confirming reads the
file back by that hash — the name is checked to be 64 hex digits and the content must
hash to it, so a forged field can neither reach another path nor swap the content — and
the file is deleted after the import. Files left by previews nobody confirmed are swept
when they are older than a day (at every upload). Re-uploading on confirm would avoid the
folder, but browsers cannot re-send a chosen file without asking the user to pick it again.
The upload itself is checked (size, type, content) by ``eduplan.web.uploads``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from eduplan.errors import InputError
from eduplan.web.uploads import safe_name

log = logging.getLogger(__name__)

SUFFIXES = (".xlsx", ".csv")
MAX_AGE_SECONDS = 24 * 3600
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class StashedFile:
    sha256: str
    suffix: str  # ".xlsx" or ".csv"
    name: str  # the user's file name (base name only), for messages and as the values' source

    @property
    def filename(self) -> str:
        return f"{self.sha256}{self.suffix}"


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
