"""create_app(settings) → the FastAPI application.

Nothing is built at import time: the CLI (``eduplan serve``), uvicorn's factory mode and
the tests each build their own app from their own settings.
"""

from __future__ import annotations

import importlib
from importlib.resources import files

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from eduplan import __version__
from eduplan.config import Settings, get_settings
from eduplan.logs import configure_logging
from eduplan.web import errors
from eduplan.web.caching import new_view_cache
from eduplan.web.deps import verify_csrf
from eduplan.web.security import CSRF_COOKIE, SessionSigner, new_csrf_token

# Screens and API resources, one module each (eduplan.web.pages.<name> / eduplan.web.api.<name>),
# each exposing ``router``.
PAGE_MODULES = ["auth", "dashboard", "entry", "indicators", "plans", "tasks", "audit", "reports"]
API_MODULES: list[str] = ["plans", "targets", "indicators", "regions", "observations", "tasks", "projects", "evaluation", "tokens"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.check_for_production()
    configure_logging(settings.log_level)
    from eduplan.services.database import open_database

    app = FastAPI(title="eduplan", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json",
                  description="教育发展规划监测评估系统 JSON API。写操作需要登录会话（附 CSRF 令牌）或 API 令牌"
                              "（Authorization: Bearer …）。")
    app.state.settings = settings
    app.state.engine = open_database(settings.database_url)
    app.state.signer = SessionSigner(settings.secret_key)
    app.state.view_cache = new_view_cache()
    errors.install(app)
    _middleware(app, settings)
    app.mount("/static", StaticFiles(directory=str(files("eduplan.web") / "static")), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="eduplan API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    for name in PAGE_MODULES:
        module = importlib.import_module(f"eduplan.web.pages.{name}")
        app.include_router(module.router, dependencies=[Depends(verify_csrf)], include_in_schema=False)
    for name in API_MODULES:
        module = importlib.import_module(f"eduplan.web.api.{name}")
        app.include_router(module.router, prefix="/api/v1", dependencies=[Depends(verify_csrf)])
    return app


def _middleware(app: FastAPI, settings: Settings) -> None:
    secure = settings.env == "prod"

    @app.middleware("http")
    async def csrf_cookie_and_headers(request: Request, call_next):
        token = request.cookies.get(CSRF_COOKIE)
        if not token:
            token = new_csrf_token()
            request.state.csrf_token = token
        response = await call_next(request)
        if not request.cookies.get(CSRF_COOKIE):
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
        )
        return response


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers): settings from the environment."""
    return create_app(Settings())
