"""Where users are kept."""

from __future__ import annotations

from typing import Protocol

from bigauto.domain.identity.accounts import User


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Store a new user; raises ``Conflict`` (code EMAIL_TAKEN) when the email is taken."""

    async def get(self, user_id: str) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None:
        """Look up by email, case-insensitively."""

    async def update(self, user: User) -> None: ...

    async def count(self) -> int: ...
