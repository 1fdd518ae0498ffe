"""People on the marketplace. Every user is a customer; some are sellers too; a few are admins."""

from __future__ import annotations

import enum
import re
from datetime import datetime

import attrs

from bigauto.domain.shared.errors import ValidationFailed


class Locale(enum.StrEnum):
    """A language emails and messages are written in; Indonesian is the default."""

    ID = "id"
    EN = "en"


SUPPORTED_LOCALES = tuple(locale.value for locale in Locale)
DEFAULT_LOCALE = Locale.ID.value

_E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")


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

    def verified(self) -> User:
        """The same user with the email address proven theirs."""
        return attrs.evolve(self, email_verified=True)

    def with_password_hash(self, password_hash: str) -> User:
        return attrs.evolve(self, password_hash=password_hash)

    def become_seller(self, profile: SellerProfile) -> User:
        """The same user, now also a seller (or with a new seller profile)."""
        return attrs.evolve(self, seller=profile)


def normalise_email(email: str) -> str:
    """The one spelling of an email address used for lookups and uniqueness."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """``email`` normalised, or ``ValidationFailed`` when it is not shaped like an address.

    >>> check_email("  Ana@Example.COM ")
    'ana@example.com'
    """
    normal = normalise_email(email)
    if len(normal) > 320 or not _EMAIL.match(normal):
        raise ValidationFailed(f"{email!r} is not an email address", details={"field": "email"})
    return normal


def normalise_phone(phone: str) -> str:
    """A phone number in E.164 (``+6281234567890``), or ``ValidationFailed``.

    Spaces, dashes, dots and brackets are ignored; an Indonesian number written the local way
    (``0812-3456-7890``) or without the plus (``6281234567890``) becomes ``+62...``.

    >>> normalise_phone("0812-3456-7890")
    '+6281234567890'
    >>> normalise_phone("+62 21 555 0100")
    '+62215550100'
    """
    compact = re.sub(r"[\s().-]", "", phone)
    if compact.startswith("0") and not compact.startswith("00"):
        compact = "+62" + compact[1:]
    elif compact.startswith("62"):
        compact = "+" + compact
    elif compact.startswith("00"):
        compact = "+" + compact[2:]
    if not _E164.match(compact):
        raise ValidationFailed(
            f"{phone!r} is not a phone number in E.164 form such as +6281234567890",
            details={"field": "phone"},
        )
    return compact


def check_locale(locale: str) -> str:
    """``locale`` when supported (``id`` or ``en``), else ``ValidationFailed``."""
    if locale not in SUPPORTED_LOCALES:
        raise ValidationFailed(
            f"locale must be one of {list(SUPPORTED_LOCALES)}", details={"field": "locale"}
        )
    return locale


__all__ = [
    "DEFAULT_LOCALE",
    "SUPPORTED_LOCALES",
    "Locale",
    "SellerProfile",
    "User",
    "check_email",
    "check_locale",
    "normalise_email",
    "normalise_phone",
]
