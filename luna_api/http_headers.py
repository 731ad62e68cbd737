"""Response headers for medical data, and the request context of the audit trail.

Every API answer gets ``nosniff``, ``Referrer-Policy: no-referrer`` and a Content-Security-Policy
that allows nothing (the API serves JSON, never pages), and ``Cache-Control: no-store`` so no
browser or proxy keeps a result, a token or a photo. The interactive docs (development only,
unless LUNA_API_DOCS=true) need their page's scripts and styles, so they get a CSP of their own.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luna_api.audit import bind_request

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Swagger UI and ReDoc load from jsDelivr and run an inline start-up script.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
    "https://fastapi.tiangolo.com; connect-src 'self'; worker-src blob:; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")


class SecurityHeaders:
    """Pure ASGI middleware adding the headers above to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith(DOCS_PATHS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Content-Security-Policy"] = DOCS_CSP if docs else API_CSP
                headers["X-Frame-Options"] = "DENY"
                headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AuditContext:
    """Binds the app's audit trail and the request's client address for ``audit(...)``.

    Runs inside the forwarded-headers middleware, so the address is the trusted one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        runtime = getattr(scope["app"].state, "runtime", None) if "app" in scope else None
        if scope["type"] != "http" or runtime is None:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        with bind_request(runtime.audit_trail, client[0] if client else None):
            await self.app(scope, receive, send)
