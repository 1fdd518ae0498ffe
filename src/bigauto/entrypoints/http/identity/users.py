"""``/api/users``: one's own profile, becoming a seller, public profiles."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, get, patch, post
from litestar.datastructures import State

from bigauto.entrypoints.http.auth import USER, Principal
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.identity.views import (
    identity,
    public_user_json,
    request_info,
    tokens_json,
    user_json,
)
from bigauto.services.bookings.reviews import seller_rating
from bigauto.services.identity import profile


@attrs.frozen
class ProfilePatchBody:
    """Fields to change; an empty ``phone`` removes the number."""

    name: str | None = None
    phone: str | None = None
    locale: str | None = None


@attrs.frozen
class BecomeSellerBody:
    business_name: str
    city_id: str


class UsersController(Controller):
    """Profiles. Becoming a seller answers fresh tokens, since access tokens carry the roles."""

    path = "/api/users"
    tags = ["users"]

    @get("/me", operation_id="getMyProfile", dependencies={"principal": USER})
    async def me(self, state: State, principal: Principal) -> dict[str, Any]:
        return user_json(await profile.get_user(identity(state), principal.user_id))

    @patch("/me", operation_id="updateMyProfile", dependencies={"principal": USER})
    async def update_me(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> dict[str, Any]:
        body = decode(await request.body(), ProfilePatchBody)
        changes = profile.ProfileChanges(
            name=body.name,
            phone=body.phone or None,
            locale=body.locale,
            clear_phone=body.phone == "",
        )
        user = await profile.update_profile(
            identity(state), principal.user_id, changes, request_info(request)
        )
        return user_json(user)

    @post(
        "/me/seller", operation_id="becomeSeller", status_code=200, dependencies={"principal": USER}
    )
    async def become_seller(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> dict[str, Any]:
        body = decode(await request.body(), BecomeSellerBody)
        pair = await profile.become_seller(
            identity(state),
            principal.user_id,
            business_name=body.business_name,
            city_id=body.city_id,
            request=request_info(request),
        )
        return {**tokens_json(pair), "profile": user_json(pair.user)}

    @get("/{user_id:str}", operation_id="getPublicProfile")
    async def public(self, state: State, user_id: str) -> dict[str, Any]:
        user = await profile.get_user(identity(state), user_id)
        rating = await seller_rating(state.container.uow_factory(), user.id)
        found = public_user_json(user, rating)
        # Chat presence: when the user was last connected (null if never).
        seen = await state.container.presence_store().last_seen(user_id)
        return {**found, "last_seen_at": seen.isoformat() if seen is not None else None}


__all__ = ["UsersController"]
