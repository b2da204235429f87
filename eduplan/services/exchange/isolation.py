"""Run untrusted parsing in a worker process that can be stopped.

An uploaded file is read (and a plan extracted) by ``run_isolated(fn, …, timeout=…)`` in
a child process forked from a forkserver that has the readers imported already (a child
starts in milliseconds). When the time is up the child is killed — a thread could not be
— so a file built to take minutes (a decompression bomb, a pathological table) costs at
most ``EDUPLAN_PARSE_TIMEOUT`` seconds of one core, and the server keeps answering and
can shut down. The child's ``EduplanError`` comes back as the same error; anything else
it raises, or dying, becomes an ``InputError`` naming the file.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from eduplan.errors import EduplanError, InputError, RowError

log = logging.getLogger(__name__)

T = TypeVar("T")
_lock = threading.Lock()
_context: Any = None


class ParseTimeoutError(InputError):
    """Reading the file took longer than allowed; the worker was stopped."""

    kind = "parse_timeout"


def _ctx(preload: str) -> Any:
    """The forkserver context, made at the first call: ``preload`` (the module of the
    first function run, which imports the readers) is imported once in the forkserver
    and inherited by every child."""
    global _context
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([preload])
            _context = ctx
        return _context


def run_isolated(fn: Callable[..., T], /, *args: Any, timeout: float, name: str = "", **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a child process, killed after ``timeout`` seconds.
    ``fn``, its arguments and its result must pickle (module-level functions, dataclasses)."""
    ctx = _ctx(fn.__module__)
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, fn, args, kwargs), daemon=True, name="eduplan-parse")
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            log.warning("parse worker killed after %.1fs file=%s", timeout, name)
            raise ParseTimeoutError(f"文件解析超时（超过 {timeout:g} 秒），已停止", location=name or None,
                                    hint="文件可能过大、结构异常或经过恶意构造；请拆分文件或另存为标准格式后重试")
        try:
            outcome, payload = receiver.recv()
        except (EOFError, OSError) as exc:
            raise InputError("读取文件时处理进程意外退出", location=name or None,
                             hint="文件可能已损坏或过大；请另存为标准格式后重试") from exc
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():  # pragma: no cover - a child that ignores SIGKILL
            process.kill()
    if outcome == "ok":
        return payload
    if outcome == "eduplan":
        module_name, class_name, message, hint, location, errors = payload
        raise _rebuild(module_name, class_name, message, hint, location, errors)
    log.error("parse worker failed file=%s\n%s", name, payload)
    raise InputError("无法读取文件", location=name or None, hint="文件可能已损坏；请用原软件打开后另存为标准格式再上传")


def _child(sender: Any, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        result = ("ok", fn(*args, **kwargs))
    except EduplanError as exc:
        result = ("eduplan", (type(exc).__module__, type(exc).__qualname__, exc.message, exc.hint, exc.location,
                              [(e.row, e.column, e.message, e.value) for e in exc.errors]))
    except Exception:  # noqa: BLE001 - the edge of the worker: report, never crash the parent
        result = ("error", traceback.format_exc(limit=20))
    try:
        sender.send(result)
    finally:
        sender.close()


def _rebuild(module_name: str, class_name: str, message: str, hint: str | None, location: str | None,
             errors: list) -> EduplanError:
    import importlib

    cls: type = InputError
    try:
        found = getattr(importlib.import_module(module_name), class_name)
        if isinstance(found, type) and issubclass(found, EduplanError):
            cls = found
    except (ImportError, AttributeError):
        pass
    return cls(message, hint=hint, location=location, errors=[RowError(*e) for e in errors])
