"""Signing in: with a password, or with a 6-digit code sent by email.

Both paths answer a wrong email exactly as a wrong password (``InvalidCredentials`` /
``InvalidOtp``), and an unknown email costs as much time as a known one (a hash is verified
either way), so a caller cannot tell which addresses have accounts. Only after the password is
right does an unverified account hear ``EMAIL_NOT_VERIFIED``.
"""

from __future__ import annotations

from bigauto.domain.identity.accounts import User, normalise_email
from bigauto.domain.identity.errors import EmailNotVerified, InvalidCredentials, InvalidOtp
from bigauto.domain.identity.events import AuthEvents
from bigauto.domain.identity.records import AuditAction, OneTimeSecret, SecretPurpose
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.identity.context import (
    Identity,
    RequestInfo,
    TokenPair,
    issue_pair,
    keyed_digest,
    record,
    same_digest,
    user_event,
)


async def _failed(
    uow: UnitOfWork,
    identity: Identity,
    user: User | None,
    email: str,
    request: RequestInfo,
    how: str,
) -> None:
    """Audit a failed sign-in by ``how``; the caller answers it as any other failure."""
    actor_id = user.id if user else None
    await record(
        uow, identity, AuditAction.LOGIN_FAILED, actor_id, request, email=email, method=how
    )


async def login_with_password(
    identity: Identity, email: str, password: str, request: RequestInfo = RequestInfo()
) -> TokenPair:
    """Check the password and answer a fresh token pair (a new family).

    A hash made with older parameters is upgraded on the way (rehash on login).
    """
    email = normalise_email(email)
    async with identity.uow_factory() as uow:
        user = await uow.users.get_by_email(email)
    stored = user.password_hash if user is not None else await identity.dummy_hash()
    matches = await identity.hasher.verify(stored, password)
    if user is None or not matches:
        async with identity.uow_factory() as uow:
            await _failed(uow, identity, user, email, request, "password")
            await uow.commit()
        raise InvalidCredentials()
    if not user.email_verified:
        raise EmailNotVerified("verify your email address before signing in")
    new_hash = None
    if identity.hasher.needs_rehash(user.password_hash):
        new_hash = await identity.hasher.hash(password)
    async with identity.uow_factory() as uow:
        current = await uow.users.get(user.id)
        if current is None:
            raise InvalidCredentials()
        if new_hash is not None and current.password_hash == user.password_hash:
            current = current.with_password_hash(new_hash)
            await uow.users.update(current)
        pair = await issue_pair(uow, identity, current, request)
        await record(
            uow, identity, AuditAction.LOGIN_SUCCEEDED, current.id, request, method="password"
        )
        await uow.commit()
    return pair


def _code_digest(identity: Identity, user_id: str, code: str) -> str:
    return keyed_digest(identity.config.secret_key, "login_otp", user_id, code)


async def request_login_code(
    identity: Identity, email: str, request: RequestInfo = RequestInfo()
) -> None:
    """Email a 6-digit code to ``email`` when it has an account; say nothing either way.

    A new code replaces the previous one (only the newest counts).
    """
    email = normalise_email(email)
    now = identity.now()
    async with identity.uow_factory() as uow:
        user = await uow.users.get_by_email(email)
        if user is None:
            return
        code = identity.random.digits(identity.config.otp_length)
        secret = OneTimeSecret(
            id=identity.ids.new_id(),
            user_id=user.id,
            purpose=SecretPurpose.LOGIN_OTP,
            digest=_code_digest(identity, user.id, code),
            created_at=now,
            expires_at=now + identity.config.otp_ttl,
            max_attempts=identity.config.otp_max_attempts,
        )
        await uow.secrets.add(secret)
        # The code rides in the outbox only so that the email can be written; see registration.
        minutes = int(identity.config.otp_ttl.total_seconds() // 60)
        await uow.outbox.add(
            user_event(
                identity, AuthEvents.OTP_REQUESTED, user, now, code=code, expires_minutes=minutes
            )
        )
        await record(uow, identity, AuditAction.OTP_REQUESTED, user.id, request)
        await uow.commit()


async def login_with_code(
    identity: Identity, email: str, code: str, request: RequestInfo = RequestInfo()
) -> TokenPair:
    """Exchange the newest emailed code for a token pair; it also proves the email address.

    The code works once, for 5 minutes, and dies after 5 wrong guesses; every failure is the
    same ``InvalidOtp``.
    """
    email = normalise_email(email)
    now = identity.now()
    pair: TokenPair | None = None
    async with identity.uow_factory() as uow:
        user = await uow.users.get_by_email(email)
        secret = (
            await uow.secrets.latest(user.id, SecretPurpose.LOGIN_OTP) if user is not None else None
        )
        if user is not None and secret is not None and secret.is_usable(now):
            if same_digest(secret.digest, _code_digest(identity, user.id, code.strip())):
                await uow.secrets.update(secret.use(now))
                if not user.email_verified:
                    user = user.verified()
                    await uow.users.update(user)
                pair = await issue_pair(uow, identity, user, request)
                await record(
                    uow, identity, AuditAction.LOGIN_SUCCEEDED, user.id, request, method="otp"
                )
            else:
                await uow.secrets.update(secret.failed_attempt())
        if pair is None:
            await _failed(uow, identity, user, email, request, "otp")
        await uow.commit()
    if pair is None:
        raise InvalidOtp()
    return pair


__all__ = ["login_with_code", "login_with_password", "request_login_code"]
