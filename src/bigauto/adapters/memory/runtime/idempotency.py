"""In-memory idempotency keys (same rules as the SQL ones)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from bigauto.adapters.memory._repository import MemoryRepository, purge
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.ports.runtime.idempotency import IdempotencyRecord


class MemoryIdempotencyRepository(MemoryRepository):
    """Idempotency records keyed by (user, route, key)."""

    tables: ClassVar[TableDeclarations] = {
        # (user_id, route, key) -> record.
        "idempotency": dict[tuple[str, str, str], IdempotencyRecord],
    }

    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        key = (record.user_id, record.route, record.key)
        existing = self._t.idempotency.get(key)
        if existing is not None:
            return existing
        self._t.idempotency[key] = attrs.evolve(record, status_code=None, response=None)
        return None

    async def complete(
        self, user_id: str, route: str, key: str, status_code: int, response: Mapping[str, Any]
    ) -> None:
        found = self._t.idempotency.get((user_id, route, key))
        if found is not None:
            self._t.idempotency[(user_id, route, key)] = attrs.evolve(
                found, status_code=status_code, response=dict(response)
            )

    async def release(self, user_id: str, route: str, key: str) -> None:
        found = self._t.idempotency.get((user_id, route, key))
        if found is not None and not found.is_complete:
            del self._t.idempotency[(user_id, route, key)]

    async def purge_before(self, before: datetime) -> int:
        return purge(self._t.idempotency, lambda r: r.created_at < before)
