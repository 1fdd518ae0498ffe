"""How users and tokens look on the wire (docs/api.md, sections Auth and Users)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from litestar import Request
from litestar.datastructures import State

from bigauto.domain.bookings.reviews import RatingSummary
from bigauto.domain.identity.accounts import User
from bigauto.entrypoints.http.contract import Instant, View, copied
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


class SellerView(View):
    """What a seller shows the marketplace."""

    business_name: str
    city_id: str


class UserView(View):
    """The owner's view of their account; ``locale`` is ``id`` or ``en``."""

    id: str
    name: str
    email: str
    phone: str | None
    email_verified: bool
    is_seller: bool
    is_admin: bool
    locale: str
    seller: SellerView | None
    created_at: Instant


class AccountView(View):
    """An account just registered or verified."""

    user: UserView


class PublicUserView(View):
    """What anyone may see of a user: no email, no phone.

    ``rating`` is the average over the reviews of the seller's vehicles (two decimals, null
    without reviews); ``last_seen_at`` when the user was last connected to chat (null if never).
    """

    id: str
    name: str
    is_seller: bool
    seller: SellerView | None
    member_since: date
    rating: float | None
    review_count: int
    last_seen_at: Instant | None


class TokenUserView(View):
    """Who a token pair is for."""

    id: str
    name: str
    email: str
    is_seller: bool


class TokensView(View):
    """A token pair: send ``access_token`` as ``Authorization: Bearer ...``; trade
    ``refresh_token`` at /api/auth/refresh when it expires (``expires_in`` seconds)."""

    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    user: TokenUserView


class SellerTokensView(TokensView):
    """Fresh tokens that carry the seller role, and the profile that has it."""

    profile: UserView


class CodeSent(View):
    """The same answer whether or not the address has an account."""

    status: Literal["sent"] = "sent"
    message: str = "if the address has an account, a code is on its way"


def seller_view(user: User) -> SellerView | None:
    if user.seller is None:
        return None
    return SellerView(business_name=user.seller.business_name, city_id=user.seller.city_id)


def user_view(user: User) -> UserView:
    return copied(
        UserView,
        user,
        seller=seller_view(user),
        created_at=user.created_at.isoformat(),
    )


def public_user_view(
    user: User, rating: RatingSummary | None, last_seen_at: datetime | None
) -> PublicUserView:
    average = rating.average if rating is not None else None
    return copied(
        PublicUserView,
        user,
        seller=seller_view(user),
        member_since=user.created_at.date(),
        rating=None if average is None else float(average),
        review_count=rating.count if rating is not None else 0,
        last_seen_at=last_seen_at.isoformat() if last_seen_at is not None else None,
    )


def tokens_view(pair: TokenPair) -> TokensView:
    user = pair.user
    return TokensView(
        access_token=pair.access.token,
        refresh_token=pair.refresh.token,
        token_type="Bearer",
        expires_in=pair.expires_in,
        user=TokenUserView(id=user.id, name=user.name, email=user.email, is_seller=user.is_seller),
    )


def seller_tokens_view(pair: TokenPair) -> SellerTokensView:
    tokens = tokens_view(pair)
    return copied(
        SellerTokensView,
        tokens,
        profile=user_view(pair.user),
    )


__all__ = [
    "AccountView",
    "CodeSent",
    "Instant",
    "PublicUserView",
    "SellerTokensView",
    "SellerView",
    "TokenUserView",
    "TokensView",
    "UserView",
    "identity",
    "public_user_view",
    "request_info",
    "seller_tokens_view",
    "seller_view",
    "tokens_view",
    "user_view",
]
