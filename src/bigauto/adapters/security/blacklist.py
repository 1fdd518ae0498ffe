"""The token blacklist read straight from the database (the embedded default).

One small indexed query per authenticated request. With Redis configured the
``RedisTokenBlacklist`` answers from a cache instead and comes here only when that is cold.
"""

from __future__ import annotations

from collections.abc import Sequence

from bigauto.domain.identity.records import Revocation, RevocationKind, revocation_key
from bigauto.ports.shared.system import Clock
from bigauto.ports.unit_of_work import UnitOfWorkFactory


def keys_for(token_id: str, family_id: str | None) -> list[str]:
    """The blacklist keys that would revoke a token: its own, and its family's."""
    keys = [revocation_key(RevocationKind.TOKEN, token_id)]
    if family_id:
        keys.append(revocation_key(RevocationKind.FAMILY, family_id))
    return keys


class DatabaseTokenBlacklist:
    """The ``TokenBlacklist`` port over the ``token_revocations`` table."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def is_revoked(self, token_id: str, family_id: str | None) -> bool:
        async with self._uow_factory() as uow:
            return await uow.revocations.in_force(keys_for(token_id, family_id), self._clock.now())

    async def revoked(self, entries: Sequence[Revocation]) -> None:
        """Nothing to do: the entries are in the table already."""


__all__ = ["DatabaseTokenBlacklist", "keys_for"]
