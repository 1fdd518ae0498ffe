"""``/api/users``: one's own profile, becoming a seller, public profiles."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.datastructures import State
from litestar.params import JSONBody

from bigauto.entrypoints.http.auth import USER, Caller
from bigauto.entrypoints.http.contract import PathId
from bigauto.entrypoints.http.identity.bodies import BecomeSellerBody, ProfilePatchBody
from bigauto.entrypoints.http.identity.views import (
    PublicUserView,
    SellerTokensView,
    UserView,
    identity,
    public_user_view,
    request_info,
    seller_tokens_view,
    user_view,
)
from bigauto.services.bookings.reviews import seller_rating
from bigauto.services.identity import profile


class UsersController(Controller):
    """Profiles. Becoming a seller answers fresh tokens, since access tokens carry the roles."""

    path = "/api/users"

    @get("/me", operation_id="getMyProfile", dependencies={"principal": USER})
    async def me(self, state: State, principal: Caller) -> UserView:
        return user_view(await profile.get_user(identity(state), principal.user_id))

    @patch("/me", operation_id="updateMyProfile", dependencies={"principal": USER})
    async def update_me(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Caller,
        data: JSONBody[ProfilePatchBody],
    ) -> UserView:
        changes = profile.ProfileChanges(
            name=data.name,
            phone=data.phone or None,
            locale=data.locale.value if data.locale is not None else None,
            clear_phone=data.phone == "",
        )
        user = await profile.update_profile(
            identity(state), principal.user_id, changes, request_info(request)
        )
        return user_view(user)

    @post(
        "/me/seller", operation_id="becomeSeller", status_code=200, dependencies={"principal": USER}
    )
    async def become_seller(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Caller,
        data: JSONBody[BecomeSellerBody],
    ) -> SellerTokensView:
        pair = await profile.become_seller(
            identity(state),
            principal.user_id,
            business_name=data.business_name,
            city_id=data.city_id,
            request=request_info(request),
        )
        return seller_tokens_view(pair)

    @get("/{user_id:str}", operation_id="getPublicProfile")
    async def public(self, state: State, user_id: PathId) -> PublicUserView:
        user = await profile.get_user(identity(state), user_id)
        rating = await seller_rating(state.container.uow_factory(), user.id)
        seen = await state.container.presence_store().last_seen(user_id)
        return public_user_view(user, rating, seen)


__all__ = ["UsersController"]
