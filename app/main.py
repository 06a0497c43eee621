"""Create the app: routes, the page, static files, offline API docs, error handlers, headers, limits.

`app` is what uvicorn serves (`uvicorn app.main:app`); `create_app(settings)` builds another, e.g.
with tighter limits in a test.
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic_core import to_json
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine import ExpressionError

from . import api
from .bounded import bound_log_records, short_echo
from .settings import Settings
from .work import RETRY_AFTER_SECONDS, Busy, WorkGate

ROOT = Path(__file__).resolve().parent.parent
GZIP_MINIMUM_BYTES = 16_384
log = logging.getLogger("chainrule")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# Swagger UI's React components write inline styles; /docs alone allows them (scripts stay 'self').
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
DOCS_PATHS = ("/docs", "/docs/", "/docs/init.js")


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    policy = DOCS_CONTENT_SECURITY_POLICY if path in DOCS_PATHS else CONTENT_SECURITY_POLICY
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]


class SecurityHeaders:
    """Add the security headers to every HTTP response, errors and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = security_headers(scope["path"])
        names = {name for name, _ in extra}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse a request body over `limit` bytes with 413: by its Content-Length, and by counting the
    bytes that arrive (a chunked body has no Content-Length, and a client may lie); and one that
    has not all arrived `timeout` seconds after the headers with 408 (a declared body that never
    comes held its connection for ever). The body is read here, at most `limit` bytes of it, and
    handed on in one piece."""

    def __init__(self, app: ASGIApp, limit: int, timeout: float = 10.0) -> None:
        self.app = app
        self.limit = limit
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await self.too_large(scope, send)
        chunks: list[bytes] = []
        try:
            async with asyncio.timeout(self.timeout):
                complete = await self.read_body(receive, chunks)
        except TimeoutError:
            return await self.too_slow(scope, send)
        if complete is None:
            return  # the client went away
        if not complete:
            return await self.too_large(scope, send)
        body: Message | None = {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        async def replay() -> Message:
            nonlocal body
            if body is not None:
                message, body = body, None
                return message
            return await receive()

        await self.app(scope, replay, send)

    async def read_body(self, receive: Receive, chunks: list[bytes]) -> bool | None:
        """Read the body into `chunks`: True when it is all in, False past the limit, None if the client left."""
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return False
            chunks.append(chunk)
            if not message.get("more_body", False):
                return True

    async def too_slow(self, scope: Scope, send: Send) -> None:
        message = (f"the request body did not arrive within {self.timeout:g} s of its headers; "
                   f"the server sets the time with CHAINRULE_BODY_TIMEOUT")
        response = error_response(408, "limit", message)
        response.headers["Connection"] = "close"
        await response(scope, _no_body, send)

    async def too_large(self, scope: Scope, send: Send) -> None:
        message = (f"the request body is larger than {self.limit} bytes (the limit is {self.limit}); "
                   f"the server sets it with CHAINRULE_MAX_BODY_BYTES")
        response = error_response(413, "limit", message)
        await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def error_response(status: int, kind: str, message: str, position: int | None = None,
                   span: list[int] | None = None) -> JSONResponse:
    return JSONResponse({"detail": {"kind": kind, "message": message, "position": position, "span": span}},
                        status_code=status)


# ---- error handlers --------------------------------------------------------------------------------

async def expression_error(request: Request, error: ExpressionError) -> JSONResponse:
    return JSONResponse({"detail": error.to_dict()}, status_code=400)


async def validation_error(request: Request, error: RequestValidationError) -> Response:
    # FastAPI's own handler, except that what it echoes is short (a prefix of the input, of a key in
    # its location: bytes decoded with bad bytes escaped, never a 500), and NaN and Infinity (which
    # Python's JSON parser accepts in a body) are encoded as null instead of failing with a 500.
    content = {"detail": jsonable_encoder([short_errors(e) for e in error.errors()])}
    return Response(to_json(content, inf_nan_mode="null"), status_code=422, media_type="application/json")


def short_errors(error: dict) -> dict:
    error = {**error, "loc": [short_echo(part) for part in error.get("loc", ())]}
    if "input" in error:
        error["input"] = short_echo(error["input"])
    if "ctx" in error:
        error["ctx"] = {key: short_echo(value) if isinstance(value, str) else value for key, value in error["ctx"].items()}
    return error


async def http_error(request: Request, error: StarletteHTTPException) -> Response:
    # FastAPI answers 400 when a body cannot be decoded at all (a JSON number of 5,000 digits, JSON
    # nested 100,000 deep): that is a validation failure like any other malformed JSON, so 422.
    if error.status_code == 400 and error.detail == "There was an error parsing the body":
        return JSONResponse({"detail": [{"type": "json_invalid", "loc": ["body"], "input": None,
                                         "msg": "the body could not be decoded as JSON"}]}, status_code=422)
    return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)


async def busy(request: Request, error: Busy) -> JSONResponse:
    response = error_response(503, "limit", str(error))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def internal_error(request: Request, error: Exception) -> JSONResponse:
    # The last resort, outside every middleware: so it sets the security headers itself.
    log.exception("internal error on %s %s", request.method, request.url.path)
    response = error_response(500, "internal", "an internal error occurred; it has been logged")
    response.raw_headers.extend(security_headers(request.url.path))
    return response


# ---- the page and the docs ---------------------------------------------------------------------------

def page_route(app: FastAPI, templates: Jinja2Templates) -> None:
    # HEAD too: uptime checks and `curl -I` ask the page with HEAD (Starlette sends the headers only).
    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    async def index(request: Request) -> Response:
        """The explorer page."""
        if not (ROOT / "templates" / "index.html").is_file():
            return HTMLResponse("<!doctype html><title>chainrule</title><p>The explorer page is not installed. "
                                "The API is described at <a href=\"docs\">/docs</a>.</p>", status_code=503)
        return templates.TemplateResponse(request, "index.html", {"modules": PAGE_MODULES})


# The page's ES modules, preloaded by the page all at once: without it the browser learns them import by
# import, three round trips deep (bench/page_bench.py).
PAGE_MODULES = sorted(path.name for path in (ROOT / "static" / "js").glob("*.js"))


DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>chainrule API</title>
<link rel="icon" href="static/vendor/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
"""
# No inline script: the page loads this file, so script-src 'self' holds on /docs too.
DOCS_INIT = """SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
"""


def docs_routes(app: FastAPI) -> None:
    # Swagger UI is vendored under static/vendor/swagger-ui (see its README.txt): /docs works offline.
    # The page uses relative URLs (static/..., openapi.json): it works behind a path prefix.
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> HTMLResponse:
        """Swagger UI for this API, served from local files."""
        return HTMLResponse(DOCS_PAGE)

    @app.get("/docs/init.js", include_in_schema=False)
    async def docs_init() -> PlainTextResponse:
        """Starts Swagger UI: a file, so the docs page needs no inline script."""
        return PlainTextResponse(DOCS_INIT, media_type="text/javascript")


# ---- the app -----------------------------------------------------------------------------------------

DESCRIPTION = """See automatic differentiation happen: the cached chain rule, step by step, in forward mode
(tangents, dual numbers) and reverse mode (adjoints, backpropagation).

Every error is JSON: expression errors are 400 with `{"detail": {kind, message, position, span}}`,
a body over the size limit is 413 in the same shape, as are a body that does not arrive in time (408) and
a busy server (503, with Retry-After), and a request that fails validation is 422."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    bound_log_records()
    app = FastAPI(title="chainrule", version="0.1.0", summary="Automatic differentiation, step by step.",
                  description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.work_gate = WorkGate(settings.max_computing, settings.max_waiting)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=ROOT / "static", check_dir=False), name="static")
    # autoescape on for every template, whatever its extension: the page escapes all it echoes.
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "templates"), autoescape=True)
    app.state.templates = Jinja2Templates(env=environment)
    page_route(app, app.state.templates)
    docs_routes(app)

    app.add_exception_handler(ExpressionError, expression_error)  # type: ignore[arg-type]
    app.add_exception_handler(Busy, busy)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, internal_error)

    # The last added runs first: headers wrap everything, including the 413 and CORS answers.
    # A big trace travels compressed to a client that accepts gzip (a browser, httpx, curl --compressed):
    # a 1,000-node trace's 1 MB of JSON is about 180 kB at level 1, for some 5 ms of the server's time.
    # Small replies (a small trace, /healthz) are sent as they are: compressing them costs more than it saves.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=1)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, timeout=settings.body_timeout)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type"])
    app.add_middleware(SecurityHeaders)
    return app


app = create_app()
