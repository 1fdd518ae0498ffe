"""Profiles: reading and editing one's own, becoming a seller, and what others may see."""

from __future__ import annotations

import attrs

from bigauto.domain.identity.accounts import SellerProfile, User, check_locale, normalise_phone
from bigauto.domain.identity.records import AuditAction
from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.services.identity.context import Identity, RequestInfo, TokenPair, issue_pair, record
from bigauto.services.identity.registration import check_name

MAX_BUSINESS_NAME = 200


async def get_user(identity: Identity, user_id: str) -> User:
    """The account, or ``NotFound``."""
    async with identity.uow_factory() as uow:
        user = await uow.users.get(user_id)
    if user is None:
        raise NotFound("no such user", details={"id": user_id})
    return user


@attrs.frozen
class ProfileChanges:
    """What a user may change about themselves; None leaves a field as it is."""

    name: str | None = None
    phone: str | None = None
    locale: str | None = None
    clear_phone: bool = False


async def update_profile(
    identity: Identity, user_id: str, changes: ProfileChanges, request: RequestInfo = RequestInfo()
) -> User:
    """Apply ``changes`` to the user's own profile."""
    name = check_name(changes.name) if changes.name is not None else None
    phone = normalise_phone(changes.phone) if changes.phone is not None else None
    locale = check_locale(changes.locale) if changes.locale is not None else None
    async with identity.uow_factory() as uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise NotFound("no such user", details={"id": user_id})
        updated = attrs.evolve(
            user,
            name=name or user.name,
            phone=phone if phone is not None or changes.clear_phone else user.phone,
            locale=locale or user.locale,
        )
        values = [f for f in ("name", "phone", "locale") if getattr(updated, f) != getattr(user, f)]
        if values:
            user = updated
            await uow.users.update(user)
            await record(
                uow, identity, AuditAction.PROFILE_UPDATED, user.id, request, fields=sorted(values)
            )
            await uow.commit()
    return user


async def become_seller(
    identity: Identity,
    user_id: str,
    *,
    business_name: str,
    city_id: str,
    request: RequestInfo = RequestInfo(),
) -> TokenPair:
    """Make the user a seller (they stay a customer) and answer tokens that say so.

    Access tokens carry the roles, so the caller gets a fresh pair in a new family; tokens
    issued before keep working with the old roles until they are refreshed.
    """
    business_name = " ".join(business_name.split())
    if not business_name or len(business_name) > MAX_BUSINESS_NAME:
        raise ValidationFailed(
            f"the business name must be 1 to {MAX_BUSINESS_NAME} characters",
            details={"field": "business_name"},
        )
    async with identity.uow_factory() as uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise NotFound("no such user", details={"id": user_id})
        if await uow.catalogue.get_city(city_id) is None:
            raise ValidationFailed(
                f"there is no city {city_id!r}", details={"field": "city_id", "city_id": city_id}
            )
        was_seller = user.is_seller
        user = user.become_seller(SellerProfile(business_name=business_name, city_id=city_id))
        await uow.users.update(user)
        await record(
            uow,
            identity,
            AuditAction.ROLE_CHANGED,
            user.id,
            request,
            role="seller",
            granted=not was_seller,
        )
        pair = await issue_pair(uow, identity, user, request)
        await uow.commit()
    return pair


__all__ = ["ProfileChanges", "become_seller", "get_user", "update_profile"]
