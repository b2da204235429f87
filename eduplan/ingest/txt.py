"""Plain-text reader: UTF-8 (with or without BOM) or GB18030/GBK, detected."""

from __future__ import annotations

from pathlib import Path

from eduplan.errors import InputError
from eduplan.ingest.normalise import decode_bytes, looks_binary
from eduplan.ingest.readers_base import RawText


def read_txt(path: Path, data: bytes) -> RawText:
    if looks_binary(data):
        raise InputError(
            "不是文本文件（含有二进制内容）",
            location=path.name,
            hint="请提供 .txt（UTF-8 或 GBK 编码）、.docx、.html 或带文字层的 .pdf 文件",
        )
    try:
        text, _encoding = decode_bytes(data)
    except UnicodeError as exc:
        raise InputError(
            "无法识别文本编码",
            location=path.name,
            hint="请另存为 UTF-8 编码的 .txt 文件",
        ) from exc
    return RawText(text=text)
