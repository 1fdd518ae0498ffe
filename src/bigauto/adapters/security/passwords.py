"""Argon2id password hashes (argon2-cffi), computed off the event loop.

Parameters default to OWASP's minimum for Argon2id (m=19 MiB, t=2, p=1). ``needs_rehash`` tells
the login path when a stored hash was made with other parameters, so it can be upgraded.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2PasswordHasher:
    """The ``PasswordHasher`` port over Argon2id."""

    def __init__(
        self, *, memory_kib: int = 19 * 1024, time_cost: int = 2, parallelism: int = 1
    ) -> None:
        self._argon = _Argon2(
            time_cost=time_cost,
            memory_cost=memory_kib,
            parallelism=parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._argon.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        try:
            return await asyncio.to_thread(self._argon.verify, password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._argon.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True


__all__ = ["Argon2PasswordHasher"]
