"""SQL idempotency keys: claimed in the transaction, answered again on a replay."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.bookings.tables import (
    idempotency_keys,
)
from bigauto.domain.shared.errors import Conflict
from bigauto.ports.runtime.idempotency import IdempotencyRecord


def _record(row: Any) -> IdempotencyRecord:
    return IdempotencyRecord(**row._mapping)


class SqlIdempotencyRepository:
    """The ``idempotency_keys`` table."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    def _key(self, user_id: str, route: str, key: str) -> Any:
        c = idempotency_keys.c
        return (c.user_id == user_id) & (c.route == route) & (c.key == key)

    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(
                    insert(idempotency_keys).values(
                        user_id=record.user_id,
                        route=record.route,
                        key=record.key,
                        request_hash=record.request_hash,
                        created_at=record.created_at,
                    )
                )
        except IntegrityError:
            query = select(idempotency_keys).where(
                self._key(record.user_id, record.route, record.key)
            )
            row = (await self._conn.execute(query)).first()
            if row is None:  # released in between: let the caller try again
                raise Conflict("the idempotency key is being released; retry") from None
            return _record(row)
        return None

    async def complete(
        self, user_id: str, route: str, key: str, status_code: int, response: Mapping[str, Any]
    ) -> None:
        await self._conn.execute(
            update(idempotency_keys)
            .where(self._key(user_id, route, key))
            .values(status_code=status_code, response=dict(response))
        )

    async def release(self, user_id: str, route: str, key: str) -> None:
        await self._conn.execute(
            delete(idempotency_keys).where(
                self._key(user_id, route, key), idempotency_keys.c.status_code.is_(None)
            )
        )

    async def purge_before(self, before: datetime) -> int:
        result = await self._conn.execute(
            delete(idempotency_keys).where(idempotency_keys.c.created_at < before)
        )
        return int(result.rowcount or 0)
