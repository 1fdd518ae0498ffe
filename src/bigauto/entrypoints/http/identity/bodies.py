"""What clients send to ``/api/auth`` and ``/api/users``: the request bodies and their bounds.

The bounds refuse what no account could accept before a use case sees it; the identity rules
(a strong password, a real phone number, a trimmed name, an existing city) stay in the domain
and the services, which answer their own 422 naming the field.
"""

from __future__ import annotations

from bigauto.domain.identity.accounts import Locale
from bigauto.entrypoints.http.contract import Body, Id, Name, Password, bounded

#: An e-mail address, as :data:`contract.Email` but with spaces around it allowed: the account
#: rules trim and lower-case it (an address pasted with a stray space still signs in).
AccountEmail = bounded(
    str,
    min_length=3,
    max_length=254,
    pattern=r"^\s*[^@\s]+@[^@\s]+\s*$",
    examples=["ani@example.com"],
)
#: A phone number as a person writes it: digits, ``+``, spaces, dashes, dots and brackets
#: (``0812-3456-7890``, ``+62 21 555 0100``); the domain turns it into E.164 or refuses it.
Phone = bounded(str, max_length=32, pattern=r"^[0-9+\s().-]*$", examples=["+6281234567890"])
#: The token of an emailed verification link.
VerificationToken = bounded(str, min_length=1, max_length=256, pattern=r"^[A-Za-z0-9_-]+$")
#: A sign-in code sent by email.
OtpCode = bounded(str, min_length=1, max_length=12, pattern=r"^[0-9]+$", examples=["123456"])
#: A refresh token as /api/auth/login answered it.
RefreshToken = bounded(str, min_length=1, max_length=4096)


class RegisterBody(Body):
    """A new account; ``locale`` is the language of its emails."""

    name: Name
    email: AccountEmail
    password: Password
    phone: Phone | None = None
    locale: Locale = Locale.ID


class VerifyEmailBody(Body):
    """The token from the verification link."""

    token: VerificationToken


class LoginBody(Body):
    """An email address and its password."""

    email: AccountEmail
    password: Password


class OtpRequestBody(Body):
    """The address to send a sign-in code to."""

    email: AccountEmail


class OtpVerifyBody(Body):
    """The emailed sign-in code for an address."""

    email: AccountEmail
    otp_code: OtpCode


class RefreshBody(Body):
    """The refresh token to trade for a new pair."""

    refresh_token: RefreshToken


class ChangePasswordBody(Body):
    """The current password and the new one."""

    current_password: Password
    new_password: Password


class ProfilePatchBody(Body):
    """Fields to change; an absent or null field stays as it is, an empty ``phone`` removes
    the number."""

    name: Name | None = None
    phone: Phone | None = None
    locale: Locale | None = None


class BecomeSellerBody(Body):
    """The seller profile: the business's name and the city it works from."""

    business_name: Name
    city_id: Id


__all__ = [
    "AccountEmail",
    "BecomeSellerBody",
    "ChangePasswordBody",
    "LoginBody",
    "OtpRequestBody",
    "OtpVerifyBody",
    "Phone",
    "ProfilePatchBody",
    "RefreshBody",
    "RegisterBody",
    "VerifyEmailBody",
]
