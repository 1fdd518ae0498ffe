"""What the in-memory repositories do alike, over a unit of work's private copy of the tables.

Each table is a dict keyed by the row's key. A repository inserts a row only under a free key
and replaces only a row that is there, as the SQL tables' keys make it (lists are ordered and
paged by ``_paging``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from bigauto.adapters.memory.tables import TableDeclarations, Tables
from bigauto.domain.shared.errors import Conflict, NotFound

K = TypeVar("K")
V = TypeVar("V")


class MemoryRepository:
    """A repository over the tables of one unit of work.

    ``tables`` declares the tables the repository keeps (table name -> factory of the empty
    table, see ``tables.py``): each table is declared once, beside the code that writes it, and
    the unit of work makes every repository's tables. A repository may read other ones.
    """

    tables: ClassVar[TableDeclarations] = {}

    def __init__(self, tables: Tables) -> None:
        self._t = tables


def insert_new(
    rows: dict[K, V], key: K, row: V, what: str, *, taken: str = "already exists", **details: Any
) -> None:
    """Store ``row`` under ``key``; a ``Conflict`` ("{what} {key} {taken}") when it is taken."""
    if key in rows:
        raise Conflict(f"{what} {key} {taken}", details=details)
    rows[key] = row


def insert_once(rows: dict[K, V], key: K, row: V) -> bool:
    """Store ``row`` under ``key`` unless the key is taken; whether it did."""
    if key in rows:
        return False
    rows[key] = row
    return True


def replace_existing(rows: dict[K, V], key: K, row: V, what: str, **details: Any) -> None:
    """Store ``row`` over the row under ``key``; ``NotFound`` ("no {what} {key}") when there is
    none."""
    if key not in rows:
        raise NotFound(f"no {what} {key}", details=details)
    rows[key] = row


def stored_json(value: Mapping[str, Any]) -> dict[str, Any]:
    """``value`` as a JSON column gives it back, so what a database could not store fails here
    too."""
    loaded: dict[str, Any] = json.loads(json.dumps(dict(value)))
    return loaded


def purge(rows: dict[K, V], gone: Callable[[V], bool]) -> int:
    """Delete the rows for which ``gone`` holds; how many there were."""
    keys = [key for key, row in rows.items() if gone(row)]
    for key in keys:
        del rows[key]
    return len(keys)


__all__ = [
    "MemoryRepository",
    "insert_new",
    "insert_once",
    "purge",
    "replace_existing",
    "stored_json",
]
