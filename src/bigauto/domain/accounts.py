"""People on the marketplace. Every user is a customer; some are sellers too; a few are admins."""

from __future__ import annotations

from datetime import datetime

import attrs


@attrs.frozen
class SellerProfile:
    """What a user who sells or rents out vehicles shows the marketplace."""

    business_name: str
    city_id: str


@attrs.frozen
class User:
    """An account. ``email`` is stored normalised (trimmed, lower case)."""

    id: str
    email: str
    name: str
    password_hash: str
    created_at: datetime
    phone: str | None = None
    email_verified: bool = False
    is_admin: bool = False
    seller: SellerProfile | None = None
    locale: str = "id"

    @property
    def is_seller(self) -> bool:
        return self.seller is not None


def normalise_email(email: str) -> str:
    """The one spelling of an email address used for lookups and uniqueness."""
    return email.strip().lower()


__all__ = ["SellerProfile", "User", "normalise_email"]
