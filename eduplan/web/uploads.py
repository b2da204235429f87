"""Checks on uploaded files before a service sees the bytes — the JSON API, the plan
upload page and the data-entry upload all use them: size (413), then type and content
(422), and a file name safe to show and store.

``LimitedRoute`` (and ``refuse_declared_size`` for a handler that reads its form itself)
refuses a request whose declared ``Content-Length`` is over the limit before the body is
read; ``read_upload`` enforces the limit again while reading (chunked requests declare no
length) and checks the suffix against the file's content, so a renamed executable, a zip
posing as CSV or a zip that holds no workbook is refused with a message saying what to
send.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Coroutine
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.datastructures import UploadFile

from eduplan.errors import InputError

MULTIPART_SLACK = 64 * 1024  # form fields and boundaries around the file
ZIP = b"PK\x03\x04"
MAGIC = {".docx": ZIP, ".xlsx": ZIP, ".xlsm": ZIP, ".pdf": b"%PDF"}
WORKBOOKS = {".xlsx", ".xlsm"}  # zips that must hold the workbook part
TEXT = {".txt", ".text", ".md", ".csv", ".html", ".htm"}
UTF16_TEXT = TEXT - {".csv"}  # the document readers decode UTF-16 (BOM first); the CSV importer does not
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


class FileTooLargeError(InputError):
    http_status = 413
    kind = "file_too_large"


def too_large(max_bytes: int, name: str | None = None) -> FileTooLargeError:
    limit = f"{max_bytes / 1048576:g} MB" if max_bytes >= 1048576 else f"{max_bytes / 1024:g} KB"
    return FileTooLargeError(f"文件过大（上限 {limit}）", location=name,
                             hint="请拆分文件后分批上传，或由管理员调高 EDUPLAN_MAX_FILE_MB")


def refuse_declared_size(request: Request) -> None:
    """``FileTooLargeError`` when the request says its body is over the upload limit."""
    limit = request.app.state.settings.max_file_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise too_large(limit)


class LimitedRoute(APIRoute):
    """An API route that refuses bodies declared larger than the upload limit."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            refuse_declared_size(request)
            return await handler(request)

        return limited


def safe_name(filename: str | None, suffix: str | None = None) -> str:
    """The base name of a user's file, without folders or control characters (at most
    120 characters); with ``suffix``, a name that does not end in it becomes 上传文件<suffix>."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = _UNSAFE_NAME.sub("", name).strip()[:120]
    if suffix is not None and not name.lower().endswith(suffix):
        name = f"上传文件{suffix}"
    return name


def read_limited(stream: BinaryIO, max_bytes: int, name: str | None = None) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(max_bytes, name)
    return data


def read_upload(file: UploadFile, *, max_bytes: int, suffixes: tuple[str, ...],
                hint: str | None = None) -> tuple[bytes, str]:
    """(bytes, safe file name) of an upload whose suffix is one of ``suffixes`` and whose
    content looks like that type; ``hint`` says what to upload instead of a wrong type."""
    name = safe_name(file.filename)
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        raise InputError(f"不支持的文件类型：{suffix or '（无扩展名）'}", location=name or None,
                         hint=hint or f"请上传 {'、'.join(suffixes)} 文件")
    data = read_limited(file.file, max_bytes, name)
    if not data.strip():
        raise InputError("文件是空的", location=name, hint="请确认选择了正确的文件")
    _check_content(data, suffix, name)
    return data, name


def _check_content(data: bytes, suffix: str, name: str) -> None:
    def mismatch(what: str = "", hint: str = f"请上传真正的 {suffix} 文件（不要只改扩展名）") -> InputError:
        return InputError(f"文件内容与扩展名 {suffix} 不符{'：' + what if what else ''}", location=name, hint=hint)

    magic = MAGIC.get(suffix)
    if suffix in WORKBOOKS:
        _check_workbook(data, mismatch)
    elif magic and not data.startswith(magic):
        raise mismatch()
    elif suffix in TEXT and (data.startswith(ZIP) or b"\x00" in data[:8192]) and not (
            suffix in UTF16_TEXT and data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        if suffix == ".csv":
            raise mismatch("不是文本格式的 CSV", "Excel 文件请保存为 .xlsx 上传；CSV 请用“另存为 CSV UTF-8”")
        raise mismatch("不是文本格式")


def _check_workbook(data: bytes, mismatch: Callable[..., InputError]) -> None:
    hint = "请上传用 Excel 或 WPS 保存的工作簿；文件可能已损坏或只是改了扩展名"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {n.lower() for n in archive.namelist()}
    except (zipfile.BadZipFile, ValueError) as exc:
        raise mismatch("不是有效的 Excel 工作簿", hint) from exc
    if "xl/workbook.xml" not in parts:
        raise mismatch("压缩包中没有工作簿内容", hint)
