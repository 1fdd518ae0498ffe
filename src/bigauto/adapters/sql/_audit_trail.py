"""The audit trail of an aggregate with a lifecycle, as its table's ``history`` column keeps it.

A trail is a JSON list of ``StatusChange`` rows, oldest first. Stored rows come in two
spellings: the booking tables (revision 0004) name a change's states ``from`` and ``to``,
withdrawals and payments ``from_state`` and ``to_state``. Rows already written keep theirs, so
each table's codec reads and writes its own (:data:`DEAL_TRAIL`, :data:`STATE_TRAIL`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import Column

from bigauto.adapters.sql.types import Json
from bigauto.domain.shared.audit import StatusChange


def history_column() -> Column[Any]:
    """The ``history`` column: [{from, to, event, actor, actor_id, at, reason}, ...]."""
    return Column("history", Json, nullable=False)


@attrs.frozen
class AuditTrailCodec:
    """Writes and reads a trail with the state keys ``from_key`` and ``to_key``."""

    from_key: str
    to_key: str

    def dump(self, changes: Iterable[StatusChange]) -> list[dict[str, Any]]:
        """The JSON list of ``changes``."""
        return [
            {
                self.from_key: change.from_state,
                self.to_key: change.to_state,
                "event": change.event,
                "actor": change.actor.value,
                "actor_id": change.actor_id,
                "at": change.at.isoformat(),
                "reason": change.reason,
            }
            for change in changes
        ]

    def load(self, rows: Iterable[Mapping[str, Any]]) -> tuple[StatusChange, ...]:
        """The changes of a stored JSON list, equal to those :meth:`dump` was given."""
        return tuple(
            StatusChange(
                row[self.from_key],
                row[self.to_key],
                row["event"],
                row["actor"],
                row["actor_id"],
                datetime.fromisoformat(row["at"]),
                row["reason"],
            )
            for row in rows
        )


#: Rentals, test drives and sale orders.
DEAL_TRAIL = AuditTrailCodec("from", "to")
#: Withdrawals and payments.
STATE_TRAIL = AuditTrailCodec("from_state", "to_state")

__all__ = ["DEAL_TRAIL", "STATE_TRAIL", "AuditTrailCodec", "history_column"]
