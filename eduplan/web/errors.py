"""One handler turns an EduplanError into an HTML page or a JSON body by route; anything
unexpected becomes a plain 500 without a stack trace (the trace goes to the log)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from eduplan.errors import AuthenticationError, ConflictError, EduplanError, InputError
from eduplan.web.validation import describe

log = logging.getLogger(__name__)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "") and \
        "text/html" not in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    from eduplan.web.templating import render

    @app.exception_handler(EduplanError)
    async def eduplan_error(request: Request, exc: EduplanError):
        if wants_json(request):
            return JSONResponse({"error": exc.to_dict()}, status_code=exc.http_status)
        if isinstance(exc, AuthenticationError) and request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        if request.headers.get("hx-request"):
            return render(request, "_error.html", {"error": exc}, status_code=exc.http_status)
        return render(request, "error.html", {"error": exc}, status_code=exc.http_status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = {404: "页面不存在", 405: "不支持的请求方法"}.get(exc.status_code, str(exc.detail))
        err = EduplanError(message)
        err.http_status = exc.status_code
        if wants_json(request):
            return JSONResponse({"error": {"type": "http_error", "message": message}}, status_code=exc.status_code)
        return render(request, "error.html", {"error": err}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = describe(list(exc.errors()))
        err = InputError(f"请求内容不符合要求：{problems[0]}" if problems else "请求内容不符合要求",
                         hint="；".join(problems) or None)
        if wants_json(request):
            return JSONResponse({"error": err.to_dict()}, status_code=422)
        if request.headers.get("hx-request"):
            return render(request, "_error.html", {"error": err}, status_code=422)
        return render(request, "error.html", {"error": err}, status_code=422)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError):
        """Two requests racing to create the same row: the loser gets 409, not 500."""
        log.info("integrity conflict path=%s: %s", request.url.path, str(exc.orig)[:200])
        err = ConflictError("数据刚被他人同时修改或录入", hint="请刷新页面后重试；导入文件可直接重新提交")
        return await eduplan_error(request, err)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unhandled error path=%s", request.url.path)
        err = EduplanError("服务器内部错误，请稍后再试或联系管理员")
        err.http_status = 500
        if wants_json(request):
            return JSONResponse({"error": {"type": "server_error", "message": err.message}}, status_code=500)
        return render(request, "error.html", {"error": err}, status_code=500)
