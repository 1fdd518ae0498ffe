"""In-memory users."""

from __future__ import annotations

from typing import ClassVar

import attrs

from bigauto.adapters.memory._repository import MemoryRepository, insert_new
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.identity.accounts import User, normalise_email
from bigauto.domain.identity.errors import EmailTaken
from bigauto.domain.shared.errors import NotFound


def _email_taken(email: str) -> EmailTaken:
    return EmailTaken("this email address is already registered", details={"email": email})


class MemoryUserRepository(MemoryRepository):
    """Users in a dict; emails normalised and unique."""

    tables: ClassVar[TableDeclarations] = {"users": dict[str, User]}

    def _email_owner(self, email: str) -> str | None:
        return next((u.id for u in self._t.users.values() if u.email == email), None)

    async def add(self, user: User) -> None:
        user = attrs.evolve(user, email=normalise_email(user.email))
        if self._email_owner(user.email) is not None:
            raise _email_taken(user.email)
        insert_new(self._t.users, user.id, user, "user", id=user.id)

    async def get(self, user_id: str) -> User | None:
        return self._t.users.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        owner = self._email_owner(normalise_email(email))
        return self._t.users[owner] if owner is not None else None

    async def update(self, user: User) -> None:
        user = attrs.evolve(user, email=normalise_email(user.email))
        old = self._t.users.get(user.id)
        if old is None:
            raise NotFound(f"no user {user.id}", details={"id": user.id})
        owner = self._email_owner(user.email)
        if owner is not None and owner != user.id:
            raise _email_taken(user.email)
        # created_at is fixed at creation, as in the SQL table.
        self._t.users[user.id] = attrs.evolve(user, created_at=old.created_at)

    async def count(self) -> int:
        return len(self._t.users)
