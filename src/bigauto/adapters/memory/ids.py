"""Id generators: UUIDv7 for real use, a predictable sequence for tests."""

from __future__ import annotations

from uuid_utils import compat


class UuidV7Generator:
    """Fresh UUIDv7 strings (RFC 9562): unique, and ordered by creation time."""

    def new_id(self) -> str:
        return str(compat.uuid7())


class SequentialIds:
    """Predictable ids for tests, shaped like UUIDv7 and sorting in the order they were made.

    ``SequentialIds()`` gives ``00000000-0000-7000-8000-000000000001``, then ``...002``, ...
    """

    def __init__(self, start: int = 1) -> None:
        self._next = start

    def new_id(self) -> str:
        n, self._next = self._next, self._next + 1
        return f"00000000-0000-7000-8000-{n:012d}"


__all__ = ["SequentialIds", "UuidV7Generator"]
