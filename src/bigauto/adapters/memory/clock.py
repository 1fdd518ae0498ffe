"""Clocks: the system's UTC clock, and a settable one for tests and simulations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    """The real time, timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError(f"a clock tells timezone-aware time, not {at!r}")
    return at.astimezone(UTC)


class FixedClock:
    """A clock that stands still until told to move: ``set(at)`` or ``advance(...)``."""

    def __init__(self, at: datetime | None = None) -> None:
        self._now = _aware(at) if at is not None else datetime(2025, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        self._now = _aware(at)

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` or by ``timedelta(**parts)``; answer the new time."""
        step = (delta or timedelta()) + timedelta(**parts)
        if step < timedelta():
            raise ValueError("time does not run backwards; use set() to jump")
        self._now += step
        return self._now


__all__ = ["FixedClock", "SystemClock"]
