"""Contract: sessions, one-time secrets, revocations and the audit log alike on every backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import attrs
import pytest
from tests.contract.samples import T0, a_user, an_id

from bigauto.domain.identity.records import (
    AuditAction,
    AuditEntry,
    OneTimeSecret,
    RefreshSession,
    Revocation,
    RevocationKind,
    SecretPurpose,
)
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

USER = a_user(1)
OTHER = a_user(2)


def a_session(n: int, family: int = 100, user: str = USER.id, **changes: object) -> RefreshSession:
    session = RefreshSession(
        token_id=an_id(n),
        family_id=an_id(family),
        user_id=user,
        digest=f"{n:064x}",
        created_at=T0 + timedelta(seconds=n),
        expires_at=T0 + timedelta(days=7),
        ip="203.0.113.7",
        user_agent="Mozilla/5.0",
    )
    return attrs.evolve(session, **changes)


def a_secret(
    n: int, purpose: SecretPurpose = SecretPurpose.LOGIN_OTP, **changes: object
) -> OneTimeSecret:
    secret = OneTimeSecret(
        id=an_id(n),
        user_id=USER.id,
        purpose=purpose,
        digest=f"{n:064x}",
        created_at=T0 + timedelta(seconds=n),
        expires_at=T0 + timedelta(minutes=5),
    )
    return attrs.evolve(secret, **changes)


def a_revocation(subject: str, **changes: object) -> Revocation:
    revocation = Revocation(
        kind=RevocationKind.TOKEN,
        subject_id=subject,
        user_id=USER.id,
        reason="logout",
        revoked_at=T0,
        expires_at=T0 + timedelta(minutes=15),
    )
    return attrs.evolve(revocation, **changes)


async def _users(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.users.add(USER)
        await uow.users.add(OTHER)
        await uow.commit()


# Sessions


async def test_a_session_round_trips(uow_factory: UnitOfWorkFactory) -> None:
    """Every field of a refresh session comes back as stored; an unknown id is None."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.sessions.add(a_session(1))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sessions.get(an_id(1)) == a_session(1)
        assert await uow.sessions.get(an_id(99)) is None
        with pytest.raises(Conflict):
            await uow.sessions.add(a_session(1))


async def test_a_session_is_marked_used_only_once(uow_factory: UnitOfWorkFactory) -> None:
    """mark_used is a compare-and-set: the second call (or one on a revoked session) fails."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.sessions.add(a_session(1))
        await uow.sessions.add(a_session(2, family=200))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sessions.mark_used(an_id(1), T0 + timedelta(minutes=1)) is True
        assert await uow.sessions.mark_used(an_id(1), T0 + timedelta(minutes=2)) is False
        await uow.sessions.revoke_family(an_id(200), T0)
        assert await uow.sessions.mark_used(an_id(2), T0) is False
        assert await uow.sessions.mark_used(an_id(99), T0) is False
        await uow.commit()
    async with uow_factory() as uow:
        used = await uow.sessions.get(an_id(1))
        assert used is not None and used.used_at == T0 + timedelta(minutes=1)


async def test_concurrent_refreshes_of_one_token_let_exactly_one_win(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Two overlapping units of work marking one session used: one True, one False."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.sessions.add(a_session(1))
        await uow.commit()

    async def refresh() -> bool:
        async with uow_factory() as uow:
            won = await uow.sessions.mark_used(an_id(1), T0)
            await asyncio.sleep(0.02)
            await uow.commit()
            return won

    assert sorted(await asyncio.gather(refresh(), refresh())) == [False, True]


async def test_revoking_a_family_revokes_all_its_sessions_and_only_them(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Every session of the family gets revoked_at; other families stay live."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        for n, family in ((1, 100), (2, 100), (3, 300)):
            await uow.sessions.add(a_session(n, family=family))
        await uow.sessions.add(a_session(4, family=400, user=OTHER.id))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sessions.live_families(USER.id, T0) == [an_id(100), an_id(300)]
        await uow.sessions.revoke_family(an_id(100), T0 + timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        for n in (1, 2):
            session = await uow.sessions.get(an_id(n))
            assert session is not None and session.revoked_at == T0 + timedelta(hours=1)
        assert await uow.sessions.live_families(USER.id, T0) == [an_id(300)]
        assert await uow.sessions.live_families(USER.id, T0 + timedelta(days=8)) == []
        assert await uow.sessions.live_families(OTHER.id, T0) == [an_id(400)]


# One-time secrets


async def test_secrets_are_found_by_digest_and_the_latest_per_user(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """find matches purpose and digest; latest is the newest of a purpose; update persists."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.secrets.add(a_secret(1))
        await uow.secrets.add(a_secret(2))
        await uow.secrets.add(a_secret(3, purpose=SecretPurpose.EMAIL_VERIFICATION))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.secrets.find(SecretPurpose.LOGIN_OTP, f"{1:064x}") == a_secret(1)
        assert await uow.secrets.find(SecretPurpose.EMAIL_VERIFICATION, f"{1:064x}") is None
        assert await uow.secrets.latest(USER.id, SecretPurpose.LOGIN_OTP) == a_secret(2)
        assert await uow.secrets.latest(OTHER.id, SecretPurpose.LOGIN_OTP) is None
        changed = a_secret(2).failed_attempt().use(T0 + timedelta(minutes=1))
        await uow.secrets.update(changed)
        with pytest.raises(NotFound):
            await uow.secrets.update(a_secret(9))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.secrets.latest(USER.id, SecretPurpose.LOGIN_OTP) == changed


async def test_a_digest_is_unique_per_purpose(uow_factory: UnitOfWorkFactory) -> None:
    """Two secrets of one purpose with the same digest are refused."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.secrets.add(a_secret(1))
        with pytest.raises(Conflict):
            await uow.secrets.add(attrs.evolve(a_secret(2), digest=f"{1:064x}"))


# Revocations


async def test_revocations_are_in_force_until_they_expire(uow_factory: UnitOfWorkFactory) -> None:
    """An active entry counts until expires_at; inactive never; permanent for ever."""
    async with uow_factory() as uow:
        await uow.revocations.add(a_revocation("t1"))
        await uow.revocations.add(a_revocation("t2", active=False))
        await uow.revocations.add(
            a_revocation("f1", kind=RevocationKind.FAMILY, permanent=True, expires_at=None)
        )
        await uow.commit()
    later = T0 + timedelta(hours=1)
    async with uow_factory() as uow:
        assert await uow.revocations.in_force(["token:t1"], T0) is True
        assert await uow.revocations.in_force(["token:t1"], later) is False
        assert await uow.revocations.in_force(["token:t2"], T0) is False
        assert await uow.revocations.in_force(["token:x", "family:f1"], later) is True
        assert await uow.revocations.in_force([], T0) is False
        assert {r.key for r in await uow.revocations.all_in_force(T0)} == {"token:t1", "family:f1"}
        assert await uow.revocations.purge_expired(later) == 2
        await uow.commit()
    async with uow_factory() as uow:
        assert [r.key for r in await uow.revocations.all_in_force(T0)] == ["family:f1"]


async def test_adding_a_revocation_again_replaces_it(uow_factory: UnitOfWorkFactory) -> None:
    """One entry per key: the newer one wins (a lifted entry can be put back)."""
    async with uow_factory() as uow:
        await uow.revocations.add(a_revocation("t1", active=False))
        await uow.revocations.add(a_revocation("t1", reason="password_change"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.revocations.all_in_force(T0) == [
            a_revocation("t1", reason="password_change")
        ]


# Audit log


async def test_audit_entries_are_listed_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    """Entries round-trip with their details and list newest first, per actor or all."""
    entries = [
        AuditEntry(
            id=an_id(n),
            action=action,
            at=T0 + timedelta(minutes=n),
            actor_id=actor,
            ip="198.51.100.1",
            user_agent="curl/8",
            details={"email": "ana@example.com", "n": n},
        )
        for n, action, actor in (
            (1, AuditAction.REGISTERED, USER.id),
            (2, AuditAction.LOGIN_FAILED, None),
            (3, AuditAction.LOGIN_SUCCEEDED, USER.id),
        )
    ]
    async with uow_factory() as uow:
        for entry in entries:
            await uow.audit.add(entry)
        with pytest.raises(Conflict):
            await uow.audit.add(entries[0])
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.audit.recent() == entries[::-1]
        assert await uow.audit.recent(limit=1) == [entries[2]]
