"""Idempotency keys: the same request sent twice with one ``Idempotency-Key`` happens once.

A request carrying a key first *claims* it (a row keyed by user, route and key, committed at
once), runs, then stores its answer on the claim. A repeat with the same body gets the stored
answer; with another body, ``IDEMPOTENCY_KEY_REUSED`` (422); while the first is still running,
``IDEMPOTENCY_KEY_IN_USE`` (409). A request that fails unexpectedly releases its claim, so a
retry runs again; an answer that is a domain error (say 409 ``VEHICLE_UNAVAILABLE``) is kept
and replayed like any other. Records are purged after ``RETENTION``.

The HTTP side is ``bigauto.entrypoints.http.idempotency``; any route can use it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from bigauto.domain.shared.errors import IdempotencyKeyInUse, IdempotencyKeyReused, ValidationFailed
from bigauto.ports.runtime.idempotency import IdempotencyRecord
from bigauto.ports.shared.system import Clock
from bigauto.ports.unit_of_work import UnitOfWorkFactory

RETENTION = timedelta(days=7)
MAX_KEY_LENGTH = 255


def request_hash(body: bytes) -> str:
    """A fingerprint of a request body; JSON is canonicalised first (key order, spacing)."""
    try:
        canonical = json.dumps(json.loads(body or b"{}"), sort_keys=True, separators=(",", ":"))
        data = canonical.encode()
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = body
    return hashlib.sha256(data).hexdigest()


@attrs.frozen
class Replay:
    """The stored answer to an earlier request with the same key and body."""

    status_code: int
    body: Mapping[str, Any]


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed(
            f"an Idempotency-Key is 1 to {MAX_KEY_LENGTH} printable characters",
            details={"header": "Idempotency-Key"},
        )
    return key


@attrs.frozen
class Idempotency:
    """Claims, answers and releases idempotency keys."""

    uow_factory: UnitOfWorkFactory
    clock: Clock

    async def begin(self, *, user_id: str, route: str, key: str, fingerprint: str) -> Replay | None:
        """Claim ``key``; None when this request is the first, else the earlier answer."""
        record = IdempotencyRecord(user_id, route, check_key(key), fingerprint, self.clock.now())
        async with self.uow_factory() as uow:
            existing = await uow.idempotency.claim(record)
            await uow.commit()
        if existing is None:
            return None
        if existing.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used for a different request",
                details={"header": "Idempotency-Key"},
            )
        if existing.status_code is None or existing.response is None:
            raise IdempotencyKeyInUse(
                "a request with this Idempotency-Key is still being processed; retry shortly",
                details={"header": "Idempotency-Key"},
            )
        return Replay(existing.status_code, existing.response)

    async def finish(
        self, *, user_id: str, route: str, key: str, status_code: int, body: Mapping[str, Any]
    ) -> None:
        async with self.uow_factory() as uow:
            await uow.idempotency.complete(user_id, route, key.strip(), status_code, body)
            await uow.commit()

    async def abandon(self, *, user_id: str, route: str, key: str) -> None:
        async with self.uow_factory() as uow:
            await uow.idempotency.release(user_id, route, key.strip())
            await uow.commit()

    async def purge(self, now: datetime) -> int:
        async with self.uow_factory() as uow:
            purged = await uow.idempotency.purge_before(now - RETENTION)
            await uow.commit()
        return purged


__all__ = ["RETENTION", "Idempotency", "Replay", "check_key", "request_hash"]
