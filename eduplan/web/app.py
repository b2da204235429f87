"""create_app(settings) → the FastAPI application.

Nothing is built at import time: the CLI (``eduplan serve``), uvicorn's factory mode and
the tests each build their own app from their own settings.
"""

from __future__ import annotations

import importlib
from importlib.resources import files

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from eduplan import __version__
from eduplan.config import Settings, get_settings
from eduplan.logs import configure_logging
from eduplan.web import errors
from eduplan.web.caching import new_view_cache
from eduplan.web.deps import verify_csrf
from eduplan.web.security import CSRF_COOKIE, SessionSigner, new_csrf_token, new_nonce

# Screens and API resources, one module each (eduplan.web.pages.<name> / eduplan.web.api.<name>),
# each exposing ``router``.
PAGE_MODULES = ["auth", "dashboard", "entry", "sources", "indicators", "plans", "tasks", "audit", "reports"]
API_MODULES: list[str] = ["plans", "targets", "indicators", "regions", "observations", "tasks", "projects", "evaluation", "tokens",
                          "approvals", "sources"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    secret = settings.signing_secret()  # refuses a weak production secret before anything else
    configure_logging(settings.log_level)
    from eduplan.services.database import open_database

    app = FastAPI(title="eduplan", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json",
                  description="教育发展规划监测评估系统 JSON API。写操作需要登录会话（附 CSRF 令牌）或 API 令牌"
                              "（Authorization: Bearer …）。")
    app.state.settings = settings
    app.state.engine = open_database(settings.database_url)
    app.state.signer = SessionSigner(secret)
    app.state.view_cache = new_view_cache()
    errors.install(app)
    _middleware(app, settings)
    app.mount("/static", StaticFiles(directory=str(files("eduplan.web") / "static")), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request):
        page = get_swagger_ui_html(openapi_url=app.openapi_url, title="eduplan API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")
        nonce = request.state.csp_nonce  # the page's one inline script starts Swagger UI
        html = page.body.decode().replace("<script>", f'<script nonce="{nonce}">')
        return HTMLResponse(html)

    for name in PAGE_MODULES:
        module = importlib.import_module(f"eduplan.web.pages.{name}")
        app.include_router(module.router, dependencies=[Depends(verify_csrf)], include_in_schema=False)
    for name in API_MODULES:
        module = importlib.import_module(f"eduplan.web.api.{name}")
        app.include_router(module.router, prefix="/api/v1", dependencies=[Depends(verify_csrf)])
    return app


def _middleware(app: FastAPI, settings: Settings) -> None:
    secure = settings.secure_cookies

    @app.middleware("http")
    async def csrf_cookie_and_headers(request: Request, call_next):
        """The visitor's signed CSRF cookie (made when missing or forged), a CSP nonce for
        this response, and the security headers. No inline script or style runs without
        the nonce; pages have none, /docs marks its one script."""
        signer: SessionSigner = request.app.state.signer
        token = signer.anonymous_token(request.cookies.get(CSRF_COOKIE))
        fresh = token is None
        request.state.anonymous_csrf = token = token or new_csrf_token()
        request.state.csp_nonce = nonce = new_nonce()
        response = await call_next(request)
        if fresh and CSRF_COOKIE not in _set_cookie_names(response):
            response.set_cookie(CSRF_COOKIE, signer.anonymous_cookie(token), httponly=True, samesite="strict",
                                secure=secure)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
            "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
        return response

    if settings.proxy_list:  # X-Forwarded-For / -Proto only from the configured proxies
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.proxy_list)


def _set_cookie_names(response) -> set[str]:
    return {value.split("=", 1)[0].strip() for key, value in response.raw_headers
            if key.decode("latin-1").lower() == "set-cookie" for value in [value.decode("latin-1")]}


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers): settings from the environment."""
    return create_app(Settings())
