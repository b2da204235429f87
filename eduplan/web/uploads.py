"""File uploads of the JSON API: size limit (413) and type check (422) before a service
sees the bytes.

``LimitedRoute`` refuses a request whose declared ``Content-Length`` is over the limit
before the body is read; ``read_upload`` enforces the limit again while reading (chunked
requests declare no length) and checks the suffix against the file's first bytes, so a
renamed executable or a zip posing as CSV is refused with a message saying what to send.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import Request, Response, UploadFile
from fastapi.routing import APIRoute

from eduplan.errors import InputError

MULTIPART_SLACK = 64 * 1024  # form fields and boundaries around the file
ZIP = b"PK\x03\x04"
MAGIC = {".docx": ZIP, ".xlsx": ZIP, ".xlsm": ZIP, ".pdf": b"%PDF"}
TEXT = {".txt", ".text", ".md", ".csv", ".html", ".htm"}


class FileTooLargeError(InputError):
    http_status = 413
    kind = "file_too_large"


def too_large(max_bytes: int, name: str | None = None) -> FileTooLargeError:
    limit = f"{max_bytes / 1048576:g} MB" if max_bytes >= 1048576 else f"{max_bytes / 1024:g} KB"
    return FileTooLargeError(f"文件过大（上限 {limit}）", location=name,
                             hint="请拆分文件后分批上传，或由管理员调高 EDUPLAN_MAX_FILE_MB")


class LimitedRoute(APIRoute):
    """An API route that refuses bodies declared larger than the upload limit."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            limit = request.app.state.settings.max_file_bytes
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
                raise too_large(limit)
            return await handler(request)

        return limited


def read_upload(file: UploadFile, *, max_bytes: int, suffixes: tuple[str, ...]) -> tuple[bytes, str]:
    """(bytes, file name) of an upload whose suffix is one of ``suffixes`` and whose
    content looks like that type."""
    name = Path(file.filename or "").name
    suffix = Path(name).suffix.lower()
    shown = "、".join(suffixes)
    if suffix not in suffixes:
        raise InputError(f"不支持的文件类型：{suffix or '（无扩展名）'}", location=name or None,
                         hint=f"请上传 {shown} 文件")
    data = file.file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(max_bytes, name)
    if not data.strip():
        raise InputError("文件是空的", location=name, hint="请确认选择了正确的文件")
    magic = MAGIC.get(suffix)
    if (magic and not data.startswith(magic)) or (suffix in TEXT and b"\x00" in data[:8192]
                                                  and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise InputError(f"文件内容与扩展名 {suffix} 不符", location=name,
                         hint=f"请上传真正的 {suffix} 文件（不要只改扩展名）")
    return data, name
