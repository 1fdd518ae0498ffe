"""Who is online: heartbeats per connection, expiring unless renewed (Redis or in memory).

A user is online while at least one of their connections (a WebSocket, say) has a heartbeat
that has not expired. Each connection renews its own heartbeat, so a user with two tabs open
stays online until both are gone, and a connection whose process died without saying goodbye
expires on its own after its TTL.

Time is an argument, as everywhere in the core: the caller passes ``now`` from its clock, and
an expiry is ``now + ttl`` of the heartbeat that set it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol


class PresenceStore(Protocol):
    """Online/offline per user, from per-connection heartbeats with a TTL."""

    async def heartbeat(
        self, user_id: str, connection_id: str, *, now: datetime, ttl_seconds: float
    ) -> None:
        """Mark ``connection_id`` of ``user_id`` alive until ``now + ttl_seconds``."""

    async def disconnect(self, user_id: str, connection_id: str, *, now: datetime) -> None:
        """Forget ``connection_id`` (a clean goodbye); ``now`` becomes the user's last seen."""

    async def is_online(self, user_id: str, *, now: datetime) -> bool:
        """Whether any connection of ``user_id`` is alive at ``now``."""

    async def online(self, user_ids: Iterable[str], *, now: datetime) -> set[str]:
        """Those of ``user_ids`` online at ``now``, asked in one round trip."""

    async def last_seen(self, user_id: str) -> datetime | None:
        """The latest heartbeat or goodbye of ``user_id``; ``None`` if never seen."""


__all__ = ["PresenceStore"]
