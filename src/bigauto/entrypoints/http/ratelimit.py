"""Rate limits at the HTTP edge: a tier for who is asking, a category for what they ask.

Every request except ``/health``, ``/ready``, ``/metrics`` and ``/docs`` counts against

* its **tier**: ``guest`` keyed by client IP, or ``customer`` / ``seller`` (admins count as
  sellers) keyed by user id when a valid access token is presented; and
* its **category**, when it has one: the route's ``opt={"rate_category": "booking"}``, else
  the path table below (``authentication``, ``search``, ``user_profile``, ``booking``,
  ``payment``, ``upload``, ``chat_messages``), keyed the same way.

Both are one ``RateLimiter.check`` (one Redis round trip). A category in :data:`UNTIERED`
(``payment_notification``, the Midtrans webhook) replaces the tier instead: it is the only limit
such a request counts against, keyed by client IP, so a payment gateway's bursts never spend the
guest tier of the address they come from, nor does the guest tier refuse them. Login and OTP
routes also call :func:`limit_by_email`, so guessing at one account from many addresses is
limited too. A route can opt out with ``opt={"rate_limit": False}``.

Refusals are 429 ``RATE_LIMITED`` with ``Retry-After`` and ``X-RateLimit-*`` headers; admitted
responses carry the ``X-RateLimit-*`` headers as well. When the limiter cannot be asked (Redis
down) the answer is 503 ``RATE_LIMITER_UNAVAILABLE``: fail closed, never unchecked.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from bigauto.config import RateLimits
from bigauto.domain.identity.accounts import normalise_email
from bigauto.domain.identity.errors import InvalidToken
from bigauto.domain.shared.errors import DomainError, RateLimited
from bigauto.domain.shared.ratelimit import RateDecision
from bigauto.entrypoints.http.errors import problem_of
from bigauto.ports.identity.security import RateCheck

EXEMPT_PREFIXES = ("/health", "/ready", "/metrics", "/docs", "/schema")

# Categories counted instead of the tier, by client IP (callers that are machines, not users).
UNTIERED = frozenset({"payment_notification"})

# (methods or None for any, path pattern, category): the first match wins.
CATEGORY_BY_PATH: tuple[tuple[frozenset[str] | None, re.Pattern[str], str], ...] = (
    (None, re.compile(r"^/api/auth/(refresh|logout)$"), ""),
    (None, re.compile(r"^/api/auth/"), "authentication"),
    (frozenset({"POST"}), re.compile(r"^/api/vehicles/[^/]+/photos$"), "upload"),
    (frozenset({"GET"}), re.compile(r"^/api/vehicles$"), "search"),
    (frozenset({"GET"}), re.compile(r"^/api/messages/search$"), "search"),
    (None, re.compile(r"^/api/users(/|$)"), "user_profile"),
    (None, re.compile(r"^/api/(rentals|test-drives|sale-orders)(/|$)"), "booking"),
    (None, re.compile(r"^/api/payments/midtrans/notification$"), "payment_notification"),
    (None, re.compile(r"^/api/payments(/|$)"), "payment"),
    (frozenset({"POST"}), re.compile(r"^/api/conversations/[^/]+/messages$"), "chat_messages"),
)


@attrs.frozen
class Caller:
    """Who a request counts against: a tier and the key to count under."""

    tier: str
    key: str


def caller(request: Request[Any, Any, Any]) -> Caller:
    """The tier and key of a request: the token's user when it verifies, else the client IP.

    The signature is checked (a forged ``sub`` must not spend someone else's budget); the
    blacklist is not: a revoked token is refused by the route anyway.
    """
    container = request.app.state.container
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        now = int(container.clock().now().timestamp())
        try:
            claims = container.token_service().verify(token.strip(), token_type="access", now=now)
        except InvalidToken:
            pass
        else:
            tier = "seller" if claims.is_seller or claims.is_admin else "customer"
            return Caller(tier, f"user:{claims.user_id}")
    return Caller("guest", client_ip(request))


def client_ip(request: Request[Any, Any, Any]) -> str:
    """The key of an anonymous caller: its address."""
    host = request.client.host if request.client else "unknown"
    return f"ip:{host}"


def category_of(scope: Scope) -> str | None:
    handler = scope.get("route_handler")
    opt = getattr(handler, "opt", None) or {}
    if "rate_category" in opt:
        return opt["rate_category"] or None
    method = scope.get("method", "GET")
    for methods, pattern, category in CATEGORY_BY_PATH:
        if (methods is None or method in methods) and pattern.match(scope["path"]):
            return category or None
    return None


def _limits(request: Request[Any, Any, Any]) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


async def _check(request: Request[Any, Any, Any], checks: list[RateCheck]) -> RateDecision:
    decision: RateDecision = await request.app.state.container.rate_limiter().check(checks)
    if not decision.allowed:
        raise RateLimited(
            f"too many requests; try again in {decision.headers()['Retry-After']} seconds",
            headers=decision.headers(),
            details={"retry_after": decision.headers()["Retry-After"]},
        )
    return decision


async def limit_by_email(request: Request[Any, Any, Any], email: str) -> None:
    """Count an authentication attempt against the target account (whoever is asking)."""
    rule = _limits(request).authentication
    await _check(request, [RateCheck(f"authentication:email:{normalise_email(email)}", rule)])


def rate_limit_middleware(app: ASGIApp) -> ASGIApp:
    """Check the tier and category limits before the route runs; add the headers after."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        handler = scope.get("route_handler")
        exempt = getattr(handler, "opt", {}).get("rate_limit") is False
        if scope["type"] != "http" or exempt or scope["path"].startswith(EXEMPT_PREFIXES):
            await app(scope, receive, send)
            return
        request: Request[Any, Any, Any] = Request(scope, receive)
        limits = _limits(request)
        category = category_of(scope)
        if category in UNTIERED:
            checks = [RateCheck(f"{category}:{client_ip(request)}", limits.rule(category))]
        else:
            who = caller(request)
            checks = [RateCheck(f"tier:{who.key}", limits.rule(who.tier))]
            if category is not None:
                checks.append(RateCheck(f"{category}:{who.key}", limits.rule(category)))
        try:
            decision = await _check(request, checks)
        except DomainError as refused:
            # Answer here rather than raise, so the access log and metrics see the real status.
            response = problem_of(refused).response()
            await response.to_asgi_response(app=None, request=request)(scope, receive, send)
            return
        headers = decision.headers()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                mutable = MutableScopeHeaders.from_message(message)
                for name, value in headers.items():
                    if name not in mutable:
                        mutable[name] = value
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


__all__ = [
    "CATEGORY_BY_PATH",
    "EXEMPT_PREFIXES",
    "UNTIERED",
    "Caller",
    "caller",
    "category_of",
    "client_ip",
    "limit_by_email",
    "rate_limit_middleware",
]
