"""No token that was revoked, rotated away, expired or tampered with is ever accepted.

A state machine signs users in, refreshes (honestly, and with stolen old tokens), logs out,
changes passwords, lets time pass and tampers with tokens, on the memory unit of work. A
model says which tokens must still work; after every step each access token is accepted
exactly when the model says it is live.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import jwt
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
)

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory, SequentialIds
from bigauto.adapters.security.blacklist import DatabaseTokenBlacklist
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.domain.identity.accounts import User
from bigauto.domain.identity.errors import InvalidCredentials, InvalidToken
from bigauto.services.identity import login, sessions
from bigauto.services.identity.context import Identity, IdentityConfig

ACCESS_TTL = 900
REFRESH_TTL = 3600
PASSWORDS = ["first-password-1", "second-password-2", "third-password-3"]


class PlainHasher:
    """A fast stand-in for Argon2: the machine tests tokens, not hashing."""

    async def hash(self, password: str) -> str:
        return "plain$" + password

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == "plain$" + password

    def needs_rehash(self, password_hash: str) -> bool:
        return False


class CountingRandom:
    """Deterministic 'randomness', so Hypothesis can replay a run."""

    def __init__(self) -> None:
        self.n = 0

    def token(self, nbytes: int = 32) -> str:
        self.n += 1
        return f"token-{self.n}"

    def digits(self, length: int) -> str:
        self.n += 1
        return f"{self.n:0{length}d}"[-length:]


@attrs.define
class Issued:
    """What the model knows of one token."""

    token: str
    family: str
    expires_at: datetime
    used: bool = False


class TokenMachine(RuleBasedStateMachine):
    access = Bundle("access")
    refresh_tokens = Bundle("refresh_tokens")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
        ids = SequentialIds()
        self.uow_factory = MemoryUnitOfWorkFactory()
        tokens = JwtTokenService(
            secret="a-test-secret-that-is-long-enough-for-hs256",
            ids=ids,
            issuer="bigauto",
            audience="bigauto-api",
            access_ttl=ACCESS_TTL,
            refresh_ttl=REFRESH_TTL,
        )
        self.blacklist = DatabaseTokenBlacklist(self.uow_factory, self.clock)
        self.identity = Identity(
            uow_factory=self.uow_factory,
            hasher=PlainHasher(),
            tokens=tokens,
            blacklist=self.blacklist,
            clock=self.clock,
            ids=ids,
            random=CountingRandom(),
            config=IdentityConfig(secret_key="k"),
        )
        self.password = PASSWORDS[0]
        self.revoked_families: set[str] = set()
        self.revoked_tokens: set[str] = set()
        self.all_access: list[Issued] = []
        self.run(self._add_user())

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    async def _add_user(self) -> None:
        async with self.uow_factory() as uow:
            await uow.users.add(
                User(
                    id="user-1",
                    email="ana@example.com",
                    name="Ana",
                    password_hash="plain$" + self.password,
                    created_at=self.clock.now(),
                    email_verified=True,
                )
            )
            await uow.commit()

    def teardown(self) -> None:
        self.loop.close()

    # What the system says

    async def _accepts(self, token: str) -> bool:
        now = int(self.clock.now().timestamp())
        try:
            claims = self.identity.tokens.verify(token, token_type="access", now=now)
        except InvalidToken:
            return False
        return not await self.blacklist.is_revoked(claims.token_id, claims.family_id)

    # What the model says

    def live(self, issued: Issued) -> bool:
        return (
            issued.family not in self.revoked_families
            and issued.token not in self.revoked_tokens
            and self.clock.now() < issued.expires_at
        )

    def _remember(self, pair: Any) -> tuple[Issued, Issued]:
        family = pair.refresh.claims.family_id
        at = datetime.fromtimestamp
        access = Issued(pair.access.token, family, at(pair.access.claims.expires_at, UTC))
        refresh = Issued(pair.refresh.token, family, at(pair.refresh.claims.expires_at, UTC))
        self.all_access.append(access)
        return access, refresh

    # Steps

    @rule(target=refresh_tokens)
    def sign_in(self) -> Any:
        pair = self.run(login.login_with_password(self.identity, "ana@example.com", self.password))
        _, refresh = self._remember(pair)
        return refresh

    @rule(target=refresh_tokens, issued=refresh_tokens)
    def refresh(self, issued: Issued) -> Any:
        """Refresh with any token seen so far: the newest of a family, or a stolen old one."""
        expected = self.live(issued) and not issued.used
        try:
            pair = self.run(sessions.refresh(self.identity, issued.token))
        except InvalidToken:
            assert not expected, "a live refresh token was refused"
            if issued.used and self.clock.now() < issued.expires_at:
                self.revoked_families.add(issued.family)  # reuse detected
            issued.used = True
            return multiple()
        assert expected, "a used, revoked or expired refresh token was accepted"
        issued.used = True
        _, fresh = self._remember(pair)
        return fresh

    @precondition(lambda self: self.all_access)
    @rule(data=st.data())
    def log_out(self, data: st.DataObject) -> None:
        issued = data.draw(st.sampled_from(self.all_access))
        if not self.run(self._accepts(issued.token)):
            return
        claims = self.identity.tokens.verify(
            issued.token, token_type="access", now=int(self.clock.now().timestamp())
        )
        self.run(sessions.logout(self.identity, claims))
        self.revoked_tokens.add(issued.token)
        self.revoked_families.add(issued.family)

    @precondition(lambda self: self.all_access)
    @rule(data=st.data(), change=st.booleans())
    def change_password(self, data: st.DataObject, change: bool) -> None:
        issued = data.draw(st.sampled_from(self.all_access))
        if not self.run(self._accepts(issued.token)):
            return
        claims = self.identity.tokens.verify(
            issued.token, token_type="access", now=int(self.clock.now().timestamp())
        )
        new = PASSWORDS[(PASSWORDS.index(self.password) + 1) % len(PASSWORDS)]
        current = self.password if change else "wrong-password-0"
        try:
            self.run(sessions.change_password(self.identity, claims, current, new))
        except InvalidCredentials:
            assert not change
            return
        self.password = new
        families = {i.family for i in self.all_access} - {issued.family}
        self.revoked_families |= families

    @rule(seconds=st.sampled_from([1, 60, 600, 899, 900, 1800, 3600]))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    @precondition(lambda self: self.all_access)
    @rule(data=st.data(), where=st.sampled_from(["payload", "signature", "header"]))
    def tampered_tokens_are_refused(self, data: st.DataObject, where: str) -> None:
        issued = data.draw(st.sampled_from(self.all_access))
        header, payload, signature = issued.token.split(".")
        claims = jwt.decode(issued.token, options={"verify_signature": False})
        if where == "payload":
            forged_claims = {**claims, "sub": "user-2", "adm": True}
            payload = jwt.encode(forged_claims, "x" * 32, algorithm="HS256").split(".")[1]
        elif where == "signature":
            signature = signature[::-1]
        else:
            header = jwt.encode(claims, "", algorithm="none").split(".")[0]
        forged = f"{header}.{payload}.{signature}"
        assert not self.run(self._accepts(forged))

    # The property

    @invariant()
    def access_tokens_work_exactly_while_live(self) -> None:
        for issued in self.all_access:
            assert self.run(self._accepts(issued.token)) == self.live(issued), issued


TestTokens = TokenMachine.TestCase
