"""SQL users."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from bigauto.adapters.sql._rows import SqlRepository
from bigauto.adapters.sql.identity import mapping
from bigauto.adapters.sql.identity.tables import users
from bigauto.domain.identity.accounts import User, normalise_email
from bigauto.domain.identity.errors import EmailTaken
from bigauto.domain.shared.errors import Conflict, NotFound


def _email_taken(email: str) -> EmailTaken:
    return EmailTaken("this email address is already registered", details={"email": email})


def _user(row: Any) -> User:
    return mapping.user_from_row(row._mapping)


class SqlUserRepository(SqlRepository):
    """Users; the email is stored normalised and unique, so lookups ignore case."""

    async def _email_owner(self, email: str) -> str | None:
        found = await self._conn.scalar(select(users.c.id).where(users.c.email == email))
        return found

    async def add(self, user: User) -> None:
        row = mapping.user_to_row(user)
        if await self._email_owner(row["email"]) is not None:
            raise _email_taken(row["email"])
        try:
            # A savepoint, so that losing a race on the unique email leaves the rest of the
            # transaction usable (PostgreSQL would otherwise abort all of it).
            async with self._conn.begin_nested():
                await self._conn.execute(insert(users).values(row))
        except IntegrityError as error:
            if "email" in str(error.orig):
                raise _email_taken(row["email"]) from None
            raise Conflict(f"user {user.id} already exists", details={"id": user.id}) from None

    async def get(self, user_id: str) -> User | None:
        return await self._first(select(users).where(users.c.id == user_id), _user)

    async def get_by_email(self, email: str) -> User | None:
        return await self._first(
            select(users).where(users.c.email == normalise_email(email)), _user
        )

    async def update(self, user: User) -> None:
        values = mapping.user_to_row(user)
        owner = await self._email_owner(values["email"])
        if owner is not None and owner != user.id:
            raise _email_taken(values["email"])
        del values["id"], values["created_at"]
        try:
            async with self._conn.begin_nested():
                result = await self._conn.execute(
                    update(users)
                    .where(users.c.id == user.id)
                    .values(**values, updated_at=func.now())
                )
        except IntegrityError:
            raise _email_taken(values["email"]) from None
        if result.rowcount == 0:
            raise NotFound(f"no user {user.id}", details={"id": user.id})

    async def count(self) -> int:
        return await self._count(users)
