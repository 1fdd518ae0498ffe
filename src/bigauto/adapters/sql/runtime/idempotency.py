"""SQL idempotency keys: claimed in the transaction, answered again on a replay."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, select, update

from bigauto.adapters.sql._rows import SqlRepository, reader, to_row
from bigauto.adapters.sql.runtime.tables import idempotency_keys
from bigauto.domain.shared.errors import Conflict
from bigauto.ports.runtime.idempotency import IdempotencyRecord

_record = reader(IdempotencyRecord)


class SqlIdempotencyRepository(SqlRepository):
    """The ``idempotency_keys`` table."""

    def _key(self, user_id: str, route: str, key: str) -> ColumnElement[bool]:
        c = idempotency_keys.c
        return (c.user_id == user_id) & (c.route == route) & (c.key == key)

    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        # The answer's columns stay NULL until complete() fills them.
        row = to_row(record, omit=("status_code", "response"))
        if await self._insert_new(idempotency_keys, row):
            return None
        query = select(idempotency_keys).where(self._key(record.user_id, record.route, record.key))
        found = await self._first(query, _record)
        if found is None:  # released in between: let the caller try again
            raise Conflict("the idempotency key is being released; retry")
        return found

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
