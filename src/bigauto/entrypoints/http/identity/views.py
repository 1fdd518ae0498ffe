"""How users and tokens look on the wire (API.md sections Auth and Users)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State

from bigauto.domain.bookings.reviews import RatingSummary
from bigauto.domain.identity.accounts import User
from bigauto.entrypoints.http.codec import picked
from bigauto.services.identity.context import Identity, RequestInfo, TokenPair


def identity(state: State) -> Identity:
    """The ports and policy of the identity use cases."""
    found: Identity = state.container.identity()
    return found


def request_info(request: Request[Any, Any, Any]) -> RequestInfo:
    """The client's address and user agent, for the audit log."""
    return RequestInfo(
        ip=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
    )


def seller_json(user: User) -> dict[str, Any] | None:
    if user.seller is None:
        return None
    return {"business_name": user.seller.business_name, "city_id": user.seller.city_id}


def user_json(user: User) -> dict[str, Any]:
    """The owner's view of their account."""
    return {
        **picked(
            user,
            "id",
            "name",
            "email",
            "phone",
            "email_verified",
            "is_seller",
            "is_admin",
            "locale",
        ),
        "seller": seller_json(user),
        "created_at": user.created_at.isoformat(),
    }


def public_user_json(user: User, rating: RatingSummary | None = None) -> dict[str, Any]:
    """What anyone may see: no email, no phone.

    ``rating`` (the average over the reviews of the seller's vehicles, two decimals) and
    ``review_count`` come from ``rating``; without reviews the rating is null.
    """
    average = rating.average if rating is not None else None
    return {
        "id": user.id,
        "name": user.name,
        "is_seller": user.is_seller,
        "seller": seller_json(user),
        "member_since": user.created_at.date().isoformat(),
        "rating": None if average is None else float(average),
        "review_count": rating.count if rating is not None else 0,
    }


def tokens_json(pair: TokenPair) -> dict[str, Any]:
    """``{access_token, refresh_token, token_type, expires_in, user}``."""
    return {
        "access_token": pair.access.token,
        "refresh_token": pair.refresh.token,
        "token_type": "Bearer",
        "expires_in": pair.expires_in,
        "user": {
            "id": pair.user.id,
            "name": pair.user.name,
            "email": pair.user.email,
            "is_seller": pair.user.is_seller,
        },
    }


__all__ = [
    "identity",
    "public_user_json",
    "request_info",
    "seller_json",
    "tokens_json",
    "user_json",
]
