"""Users between table rows and domain objects, both ways."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bigauto.adapters.sql._rows import from_row
from bigauto.domain.identity.accounts import SellerProfile, User, normalise_email

Row = Mapping[Any, Any]


def user_to_row(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": normalise_email(user.email),
        "name": user.name,
        "phone": user.phone,
        "password_hash": user.password_hash,
        "email_verified": user.email_verified,
        "is_admin": user.is_admin,
        "business_name": user.seller.business_name if user.seller else None,
        "seller_city_id": user.seller.city_id if user.seller else None,
        "locale": user.locale,
        "created_at": user.created_at,
    }


def user_from_row(row: Row) -> User:
    seller = None
    if row["business_name"] is not None:
        seller = SellerProfile(business_name=row["business_name"], city_id=row["seller_city_id"])
    return from_row(User, row, seller=seller)
