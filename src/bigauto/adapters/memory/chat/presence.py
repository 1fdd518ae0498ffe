"""Presence in this process's memory: the embedded default, and the fake for tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("presence needs timezone-aware times")
    return now


class MemoryPresenceStore:
    """Implements ``PresenceStore`` with a dict of connection expiries per user."""

    def __init__(self) -> None:
        self._expiries: dict[str, dict[str, datetime]] = {}
        self._seen: dict[str, datetime] = {}

    async def heartbeat(
        self, user_id: str, connection_id: str, *, now: datetime, ttl_seconds: float
    ) -> None:
        if ttl_seconds <= 0:
            raise ValueError("a heartbeat's TTL must be positive")
        connections = self._alive(user_id, _aware(now))
        connections[connection_id] = now + timedelta(seconds=ttl_seconds)
        self._expiries[user_id] = connections
        self._see(user_id, now)

    async def disconnect(self, user_id: str, connection_id: str, *, now: datetime) -> None:
        connections = self._alive(user_id, _aware(now))
        connections.pop(connection_id, None)
        if connections:
            self._expiries[user_id] = connections
        else:
            self._expiries.pop(user_id, None)
        self._see(user_id, now)

    async def is_online(self, user_id: str, *, now: datetime) -> bool:
        return bool(self._alive(user_id, _aware(now)))

    async def online(self, user_ids: Iterable[str], *, now: datetime) -> set[str]:
        return {user_id for user_id in user_ids if self._alive(user_id, _aware(now))}

    async def last_seen(self, user_id: str) -> datetime | None:
        return self._seen.get(user_id)

    def _alive(self, user_id: str, now: datetime) -> dict[str, datetime]:
        connections = self._expiries.get(user_id, {})
        return {conn: until for conn, until in connections.items() if until > now}

    def _see(self, user_id: str, now: datetime) -> None:
        previous = self._seen.get(user_id)
        if previous is None or previous < now:
            self._seen[user_id] = now


__all__ = ["MemoryPresenceStore"]
