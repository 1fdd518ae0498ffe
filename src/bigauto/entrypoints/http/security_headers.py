"""Security headers on every response, including errors and unknown routes.

Installed as a ``before_send`` hook, which Litestar runs for every response it sends, so a 404
for a path no route matches carries the headers too. The API answers JSON only, so its CSP
forbids everything; the documentation pages load Swagger UI / ReDoc from the package itself
(``/docs/assets``) and get a CSP that allows only this origin (plus the inline start-up script
each viewer's page has). HSTS is sent only when the request came over TLS (directly, or
through a proxy that uvicorn trusts for ``X-Forwarded-Proto``).
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; "
    "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HSTS = "max-age=63072000; includeSubDomains"

_COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


async def security_headers(message: Message, scope: Scope) -> None:
    """A ``before_send`` hook adding the security headers to each response start."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in _COMMON.items():
        headers[name] = value
    path = scope.get("path", "")
    headers["Content-Security-Policy"] = DOCS_CSP if path.startswith("/docs") else API_CSP
    if scope.get("scheme") in ("https", "wss"):
        headers["Strict-Transport-Security"] = HSTS


__all__ = ["API_CSP", "DOCS_CSP", "HSTS", "security_headers"]
