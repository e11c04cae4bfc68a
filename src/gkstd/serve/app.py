"""The ASGI application of ``gkstd serve`` (Starlette): the ``/v1`` API, the upload
page at ``/``, safe defaults, structured access logs.

Each endpoint group is its own module with a ``ROUTES`` list (:mod:`gkstd.serve.api`,
:mod:`gkstd.serve.page`, …); this module composes them, turns every refusal into a
report-shaped JSON body with a GK8xx finding (never a stack trace), and logs one JSON
line per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.report import Report
from gkstd.serve.config import ServeConfig
from gkstd.serve.lang import request_lang
from gkstd.serve.rules import BAD_REQUEST, NOT_FOUND, OVER_BUDGET, body_refused
from gkstd.serve.runner import Runner
from gkstd.serve.work import RequestError, report_json

__all__ = ["create_app", "error_response"]

ACCESS_LOG = logging.getLogger("gkstd.serve.access")


def error_response(status: int, finding: Finding, lang: str = "zh") -> JSONResponse:
    """The body of a refused request: a report with its one finding (both languages,
    ``text`` in ``lang``)."""
    body = report_json(Report(findings=(finding,)), lang)
    body["status"] = status
    return JSONResponse(body, status_code=status)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    return error_response(exc.status, exc.finding, request_lang(request))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    lang = request_lang(request)
    if exc.status_code == 405:
        finding = NOT_FOUND.emit("method", address=request.url.path, method=request.method)
    elif exc.status_code == 404:
        finding = NOT_FOUND.emit("default", address=request.url.path)
    else:  # another refusal of the web stack itself: its status, said as GK802
        detail = str(exc.detail)[:200]
        finding = body_refused(f"网络服务拒绝了请求（{detail}）", detail)
    response = error_response(exc.status_code, finding, lang)
    if exc.headers and "Allow" in exc.headers:  # RFC 9110: a 405 lists the methods allowed
        response.headers["Allow"] = exc.headers["Allow"]
    return response


class AccessLog:
    """One JSON line per request on the ``gkstd.serve.access`` logger: method, path,
    status, bytes in and out, milliseconds, client address (never the query string or
    the upload)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = {"status": 500, "out": 0, "in": 0}

        async def counting_receive() -> Message:
            message = await receive()
            state["in"] += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            client = scope.get("client")
            ACCESS_LOG.info(
                json.dumps(
                    {
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": state["status"],
                        "bytes_in": state["in"],
                        "bytes_out": state["out"],
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "client": client[0] if client else None,
                    },
                    ensure_ascii=False,
                )
            )


class LangCheck:
    """``?lang=`` other than ``zh`` or ``en`` is refused on every address (HTTP 400,
    GK802), instead of being ignored."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            asked = request.query_params.getlist("lang")
            wrong = [v for v in asked if v not in ("zh", "en")]
            if wrong:
                finding = BAD_REQUEST.emit(
                    "parameter",
                    name="lang",
                    value=wrong[0],
                    hint="请写 zh 或 en。",
                    hint_en="use zh or en.",
                )
                await error_response(400, finding)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Admission:
    """Requests with a body (uploads) are admitted at most ``workers + queue`` at a time,
    and while the declared sizes of those admitted stay within ``budget`` bytes (one is
    always admitted), before anything is read: each upload takes about five times its
    size in the server process while it is read, parsed and sent, so 40 uploads of 18 MB
    took the server past 2 GB when only the work was counted.  The next one gets 503
    (GK803 ``busy``) at once, its body unread.  Each part of a body must arrive within
    ``body_seconds`` of the one before: a client that sends a few bytes and stalls held
    its connection (and a file descriptor) for ever; it gets 408 (GK802) and the
    connection is closed."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        most: int,
        workers: int,
        body_seconds: float,
        budget: int = 2**62,
        largest: int = 2**62,
    ) -> None:
        self.app = app
        self.most = most
        self.workers = workers
        self.body_seconds = body_seconds
        self.budget = budget
        self.largest = largest
        self.active = 0
        self.admitted = 0  # the bytes of the uploads admitted now

    def _declared(self, scope: Scope) -> int:
        """The bytes an upload will take at most: its ``Content-Length`` (no more than
        the largest upload admitted), else the largest."""
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    return min(max(0, int(value)), self.largest)
                except ValueError:
                    break
        return self.largest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        size = self._declared(scope)
        if self.active >= self.most or (self.active and self.admitted + size > self.budget):
            busy = OVER_BUDGET.emit("busy", workers=self.workers)
            await error_response(503, busy)(scope, receive, send)
            return
        self.active += 1
        self.admitted += size
        seconds = self.body_seconds

        async def timed_receive() -> Message:
            try:
                return await asyncio.wait_for(receive(), timeout=seconds)
            except TimeoutError:
                raise RequestError(
                    408,
                    body_refused(
                        f"请求体在 {seconds:g} 秒内没有继续送达",
                        f"the body stalled for {seconds:g} s",
                    ),
                ) from None

        try:
            await self.app(scope, timed_receive, send)
        finally:
            self.active -= 1
            self.admitted -= size


class CatchAll:
    """A last guard: an exception no handler took becomes HTTP 500 with a short JSON
    body (no stack trace, no server path); the error itself goes to the log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception:
            logging.getLogger("gkstd.serve").exception("request failed")
            if started or scope["type"] != "http":
                raise
            body = {
                "valid": False,
                "status": 500,
                "error": "服务内部错误，已记录日志；请把请求的时间告知服务的管理员。",
                "error_en": "Internal error, logged; tell the operator the time of the request.",
            }
            response = JSONResponse(body, status_code=500)
            await response(scope, receive, send)


def create_app(config: ServeConfig | None = None) -> Starlette:
    """The service's ASGI application for ``config`` (default: :meth:`ServeConfig.from_env`).
    The worker processes start with the application and stop with it."""
    from gkstd.serve import api, api_batch, api_timing, openapi, page

    config = config if config is not None else ServeConfig.from_env()
    runner = Runner(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runner.start()
        try:
            yield
        finally:
            runner.stop()

    app = Starlette(
        routes=[*api.ROUTES, *api_batch.ROUTES, *api_timing.ROUTES, *openapi.ROUTES, *page.ROUTES],
        exception_handlers={RequestError: _refused, HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.runner = runner
    app.add_middleware(LangCheck)
    app.add_middleware(
        Admission,
        most=max(1, config.workers) + config.queue,
        workers=max(1, config.workers),
        body_seconds=min(30.0, float(config.timeout)),
        budget=config.upload_memory,
        largest=config.max_upload,
    )
    app.add_middleware(CatchAll)
    if config.access_log:
        app.add_middleware(AccessLog)
    return app
