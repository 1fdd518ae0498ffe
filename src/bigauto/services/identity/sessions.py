"""Keeping sessions honest: refresh with rotation, logout, password change.

Every refresh token is single use. Refreshing marks it used and issues the next pair in the same
family; presenting a used (or concurrently used) one means two parties hold it, so the whole
family is revoked and both must sign in again (stolen-token detection).
"""

from __future__ import annotations

from bigauto.domain.identity.errors import InvalidCredentials, InvalidToken
from bigauto.domain.identity.records import AuditAction, Revocation
from bigauto.ports.identity.security import TokenClaims
from bigauto.services.identity.context import (
    Identity,
    RequestInfo,
    TokenPair,
    announce_revocations,
    digest,
    issue_pair,
    record,
    revoke_family,
    revoke_token,
    same_digest,
)


async def refresh(
    identity: Identity, refresh_token: str, request: RequestInfo = RequestInfo()
) -> TokenPair:
    """Rotate: answer the next pair of the family, or ``InvalidToken`` (401) for anything else."""
    now = identity.now()
    claims = identity.tokens.verify(refresh_token, token_type="refresh", now=int(now.timestamp()))
    pair: TokenPair | None = None
    revoked: list[Revocation] = []
    async with identity.uow_factory() as uow:
        session = await uow.sessions.get(claims.token_id)
        if session is None or not same_digest(session.digest, digest(refresh_token)):
            raise InvalidToken()
        if session.revoked_at is not None or now >= session.expires_at:
            raise InvalidToken()
        user = await uow.users.get(session.user_id)
        if user is not None and await uow.sessions.mark_used(session.token_id, now):
            pair = await issue_pair(uow, identity, user, request, family_id=session.family_id)
        else:
            revoked.append(
                await revoke_family(uow, identity, session.family_id, session.user_id, "reuse")
            )
            await record(
                uow,
                identity,
                AuditAction.TOKEN_REUSE_DETECTED,
                session.user_id,
                request,
                family_id=session.family_id,
            )
        await uow.commit()
    await announce_revocations(identity, revoked)
    if pair is None:
        raise InvalidToken()
    return pair


async def logout(
    identity: Identity, access: TokenClaims, request: RequestInfo = RequestInfo()
) -> None:
    """Revoke the presented access token and its refresh family."""
    revoked: list[Revocation] = []
    async with identity.uow_factory() as uow:
        revoked.append(
            await revoke_token(
                uow, identity, access.token_id, access.user_id, access.expires_at, "logout"
            )
        )
        if access.family_id is not None:
            revoked.append(
                await revoke_family(uow, identity, access.family_id, access.user_id, "logout")
            )
        await record(uow, identity, AuditAction.LOGOUT, access.user_id, request)
        await uow.commit()
    await announce_revocations(identity, revoked)


async def change_password(
    identity: Identity,
    access: TokenClaims,
    current_password: str,
    new_password: str,
    request: RequestInfo = RequestInfo(),
) -> None:
    """Change the password after checking the current one; revoke every other session.

    The session that asked (the access token's family) stays signed in.
    """
    async with identity.uow_factory() as uow:
        user = await uow.users.get(access.user_id)
    if user is None:
        raise InvalidToken()
    if not await identity.hasher.verify(user.password_hash, current_password):
        raise InvalidCredentials("the current password is wrong")
    identity.policy.check(new_password, email=user.email)
    new_hash = await identity.hasher.hash(new_password)
    revoked: list[Revocation] = []
    async with identity.uow_factory() as uow:
        current = await uow.users.get(user.id)
        if current is None:
            raise InvalidToken()
        await uow.users.update(current.with_password_hash(new_hash))
        for family in await uow.sessions.live_families(user.id, identity.now()):
            if family != access.family_id:
                revoked.append(
                    await revoke_family(uow, identity, family, user.id, "password_changed")
                )
        await record(
            uow,
            identity,
            AuditAction.PASSWORD_CHANGED,
            user.id,
            request,
            sessions_revoked=len(revoked),
        )
        await uow.commit()
    await announce_revocations(identity, revoked)


__all__ = ["change_password", "logout", "refresh"]
