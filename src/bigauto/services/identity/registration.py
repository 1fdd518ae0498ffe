"""Signing up and verifying the email address.

Registration stores the user, a verification token (as a digest) and a ``user.registered``
event in one transaction. The event carries the raw token because the email handler needs it
to write the link; it lives only in the outbox row (never in logs), and the token is useless
after 24 hours or one use.
"""

from __future__ import annotations

from bigauto.domain.identity.accounts import (
    DEFAULT_LOCALE,
    User,
    check_email,
    check_locale,
    normalise_phone,
)
from bigauto.domain.identity.errors import InvalidVerificationToken
from bigauto.domain.identity.events import UserEvents
from bigauto.domain.identity.records import AuditAction, OneTimeSecret, SecretPurpose
from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.services.identity.context import Identity, RequestInfo, digest, record, user_event

MAX_NAME_LENGTH = 200


def check_name(name: str) -> str:
    """A display name, trimmed: 1 to 200 characters."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ValidationFailed(
            f"the name must be 1 to {MAX_NAME_LENGTH} characters", details={"field": "name"}
        )
    return name


async def register(
    identity: Identity,
    *,
    name: str,
    email: str,
    password: str,
    phone: str | None = None,
    locale: str = DEFAULT_LOCALE,
    request: RequestInfo = RequestInfo(),
) -> User:
    """Create an unverified customer account and queue the verification email.

    Raises ``ValidationFailed``/``WeakPassword`` for bad input and ``EmailTaken`` (409) when the
    address is in use in any letter case.
    """
    email = check_email(email)
    name = check_name(name)
    phone = normalise_phone(phone) if phone else None
    locale = check_locale(locale)
    identity.policy.check(password, email=email)
    password_hash = await identity.hasher.hash(password)
    token = identity.random.token(32)
    now = identity.now()
    user = User(
        id=identity.ids.new_id(),
        email=email,
        name=name,
        password_hash=password_hash,
        created_at=now,
        phone=phone,
        locale=locale,
    )
    secret = OneTimeSecret(
        id=identity.ids.new_id(),
        user_id=user.id,
        purpose=SecretPurpose.EMAIL_VERIFICATION,
        digest=digest(token),
        created_at=now,
        expires_at=now + identity.config.verification_ttl,
        max_attempts=1,
    )
    async with identity.uow_factory() as uow:
        await uow.users.add(user)
        await uow.secrets.add(secret)
        await uow.outbox.add(
            user_event(
                identity,
                UserEvents.REGISTERED,
                user,
                now,
                verification_token=token,
                expires_at=secret.expires_at.isoformat(),
            )
        )
        await record(uow, identity, AuditAction.REGISTERED, user.id, request)
        await uow.commit()
    return user


async def verify_email(
    identity: Identity, token: str, request: RequestInfo = RequestInfo()
) -> User:
    """Mark the email of the token's user verified; the token works once, for 24 hours."""
    now = identity.now()
    async with identity.uow_factory() as uow:
        secret = await uow.secrets.find(SecretPurpose.EMAIL_VERIFICATION, digest(token))
        if secret is None or secret.used_at is not None or now >= secret.expires_at:
            raise InvalidVerificationToken()
        user = await uow.users.get(secret.user_id)
        if user is None:
            raise NotFound("the account no longer exists")
        if not user.email_verified:
            user = user.verified()
            await uow.users.update(user)
        await uow.secrets.update(secret.use(now))
        await record(uow, identity, AuditAction.EMAIL_VERIFIED, user.id, request)
        await uow.commit()
    return user


__all__ = ["MAX_NAME_LENGTH", "check_name", "register", "verify_email"]
