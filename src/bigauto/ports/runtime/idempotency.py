"""Where idempotency keys and the responses they stand for are kept."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

import attrs


@attrs.frozen
class IdempotencyRecord:
    """A request made with an ``Idempotency-Key``, and its answer once there is one."""

    user_id: str
    route: str
    key: str
    request_hash: str
    created_at: datetime
    status_code: int | None = None
    response: Mapping[str, Any] | None = None

    @property
    def is_complete(self) -> bool:
        return self.status_code is not None


class IdempotencyRepository(Protocol):
    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        """Store ``record`` (without an answer yet) unless its (user, route, key) exists;
        answer the existing record then, None when the claim is new."""

    async def complete(
        self, user_id: str, route: str, key: str, status_code: int, response: Mapping[str, Any]
    ) -> None: ...

    async def release(self, user_id: str, route: str, key: str) -> None:
        """Forget an unanswered claim (the request failed unexpectedly; a retry may run)."""

    async def purge_before(self, before: datetime) -> int:
        """Forget records created before ``before``; how many."""
