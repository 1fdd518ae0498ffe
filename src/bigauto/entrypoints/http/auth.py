"""Who is calling: bearer-token dependencies for controllers.

Use ``require_user`` (any signed-in user), ``require_seller``, ``require_admin`` or
``optional_user`` as Litestar dependencies (``dependencies={"principal": USER}``); each answers
a :class:`Principal` or raises ``InvalidToken`` (401) / ``PermissionDenied`` (403). A handler
takes it as ``principal: Caller`` (or ``principal: OptionalCaller`` with ``OPTIONAL_USER``).
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide

from bigauto.domain.identity.errors import InvalidToken
from bigauto.domain.shared.errors import PermissionDenied
from bigauto.ports.identity.security import TokenClaims


@attrs.frozen
class Principal:
    """The authenticated caller, as the access token describes them."""

    user_id: str
    token_id: str
    expires_at: int
    is_seller: bool = False
    is_admin: bool = False
    family_id: str | None = None
    issued_at: int = 0

    @classmethod
    def from_claims(cls, claims: TokenClaims) -> Principal:
        # Every field of a principal is the claim of the same name.
        return cls(**{name: getattr(claims, name) for name in attrs.fields_dict(cls)})

    def claims(self) -> TokenClaims:
        """The access token's claims again (what logout and password change revoke by)."""
        return TokenClaims(token_type="access", **attrs.asdict(self))


def bearer_token(request: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def authenticate(request: ASGIConnection[Any, Any, Any, Any], token: str) -> Principal:
    """Verify an access token and its revocation; the one path HTTP and WebSocket share
    (``request`` is a Litestar ``Request`` or ``WebSocket``).

    A refresh token, a tampered or expired token, or one whose ``jti`` or family is on the
    blacklist: all the same ``InvalidToken`` (401).
    """
    container = request.app.state.container
    now = int(container.clock().now().timestamp())
    claims = container.token_service().verify(token, token_type="access", now=now)
    if await container.token_blacklist().is_revoked(claims.token_id, claims.family_id):
        raise InvalidToken()
    return Principal.from_claims(claims)


async def optional_user(request: Request[Any, Any, Any]) -> Principal | None:
    token = bearer_token(request)
    if token is None:
        return None
    return await authenticate(request, token)


def viewer_id(principal: Principal | None) -> str | None:
    """The caller's user id, or None for a guest (what ``OPTIONAL_USER`` routes pass on)."""
    return principal.user_id if principal else None


async def require_user(request: Request[Any, Any, Any]) -> Principal:
    token = bearer_token(request)
    if token is None:
        raise InvalidToken("a bearer access token is required")
    return await authenticate(request, token)


async def require_seller(request: Request[Any, Any, Any]) -> Principal:
    principal = await require_user(request)
    if not principal.is_seller:
        raise PermissionDenied("only sellers may do this; become a seller first")
    return principal


async def require_admin(request: Request[Any, Any, Any]) -> Principal:
    principal = await require_user(request)
    if not principal.is_admin:
        raise PermissionDenied("only administrators may do this")
    return principal


#: A handler's ``principal`` parameter, provided by USER, SELLER or ADMIN.
Caller = NamedDependency[Principal]
#: A handler's ``principal`` parameter, provided by OPTIONAL_USER (None for a guest).
OptionalCaller = NamedDependency[Principal | None]

USER = Provide(require_user)
SELLER = Provide(require_seller)
ADMIN = Provide(require_admin)
OPTIONAL_USER = Provide(optional_user)

__all__ = [
    "ADMIN",
    "OPTIONAL_USER",
    "SELLER",
    "USER",
    "Caller",
    "OptionalCaller",
    "Principal",
    "authenticate",
    "bearer_token",
    "optional_user",
    "require_admin",
    "require_seller",
    "require_user",
    "viewer_id",
]
