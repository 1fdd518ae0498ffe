"""What the core needs from the machine: the time, fresh ids and randomness."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The current instant, always timezone-aware UTC. Tests drive a settable one."""

    def now(self) -> datetime: ...


class IdGenerator(Protocol):
    """Fresh, unique, time-ordered ids (UUIDv7 strings)."""

    def new_id(self) -> str: ...


class RandomSource(Protocol):
    """Unpredictable values for OTP codes and tokens."""

    def token(self, nbytes: int = 32) -> str: ...

    def digits(self, length: int) -> str: ...
