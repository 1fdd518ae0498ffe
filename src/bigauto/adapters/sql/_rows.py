"""What every SQL repository does the same way, written once.

A repository holds the unit of work's connection (:class:`SqlRepository`) and, through it, reads
one row or a list and maps it, reads a numbered page with its total, inserts a row that may lose
to a key, and replaces a row or inserts it. Each helper runs exactly the statements the
repositories used to write out by hand: none adds a round trip.

Records whose columns carry their attributes' names map both ways with :func:`to_row` and
:func:`from_row` (or :func:`reader`); a repository spells out only the columns that differ.
Rows written on every request (a booking, a message, an event) keep hand-written mappings,
which cost less than these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import EnumType
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar

import attrs
from sqlalchemy import ColumnElement, Table, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Select

from bigauto.domain.catalogue.search import Page
from bigauto.domain.shared.errors import Conflict
from bigauto.domain.shared.money import Money

T = TypeVar("T")

#: Maps a fetched row to what a repository answers.
Read = Callable[[Row[Any]], T]

_SAME: Mapping[str, str] = {}


class SqlRepository:
    """A repository on the unit of work's connection, with the reads and writes they all share."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def _first(self, query: Select[Any], read: Read[T]) -> T | None:
        """The first row ``query`` finds, read; None when there is none."""
        row = (await self._conn.execute(query)).first()
        return None if row is None else read(row)

    async def _all(self, query: Select[Any], read: Read[T]) -> list[T]:
        """Every row ``query`` finds, read, in its order."""
        return [read(row) for row in await self._conn.execute(query)]

    async def _count(self, table: Table, *where: ColumnElement[bool]) -> int:
        """How many rows of ``table`` match ``where``."""
        query = select(func.count()).select_from(table).where(*where)
        return int(await self._conn.scalar(query) or 0)

    async def _newest_page(
        self, table: Table, where: ColumnElement[bool], read: Read[T], *, page: int, limit: int
    ) -> Page[T]:
        """Page ``page`` of ``table``'s rows matching ``where``, newest first (then by id)."""
        total = await self._count(table, where)
        query = (
            select(table)
            .where(where)
            .order_by(table.c.created_at.desc(), table.c.id.desc())
            .limit(limit)
            .offset((page - 1) * limit)
        )
        return Page(await self._all(query, read), total, page, limit)

    async def _insert(
        self,
        table: Table,
        values: Mapping[str, Any],
        refused: Callable[[IntegrityError], Exception],
        *,
        savepoint: bool = True,
    ) -> None:
        """Insert ``values``; a broken constraint raises ``refused(error)`` instead.

        In a savepoint, so the caller's transaction stays usable after a refusal (PostgreSQL
        would otherwise abort all of it); ``savepoint=False`` saves the round trips where a
        refusal is a bug that ends the transaction anyway.
        """
        try:
            if not savepoint:
                await self._conn.execute(insert(table).values(values))
                return
            async with self._conn.begin_nested():
                await self._conn.execute(insert(table).values(values))
        except IntegrityError as error:
            raise refused(error) from None

    async def _update(
        self, table: Table, where: ColumnElement[bool], values: Mapping[str, Any]
    ) -> int:
        """Set ``values`` on the rows matching ``where``; how many there were."""
        return int((await self._conn.execute(update(table).where(where).values(values))).rowcount)

    async def _insert_new(self, table: Table, values: Mapping[str, Any]) -> bool:
        """Insert ``values`` unless a key of the table refuses them; whether it did.

        In a savepoint, so losing a race to the same key leaves the transaction usable.
        """
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(table).values(values))
        except IntegrityError:
            return False
        return True

    async def _replace(
        self, table: Table, where: ColumnElement[bool], values: Mapping[str, Any]
    ) -> None:
        """Set ``values`` on the row matching ``where``, or insert them when there is none."""
        if not await self._update(table, where, values):
            await self._conn.execute(insert(table).values(values))

    def _dialect_insert(self) -> Any:
        """The dialect's own INSERT, which knows ON CONFLICT."""
        return postgresql.insert if self._conn.dialect.name == "postgresql" else sqlite.insert


def amount_of(money: Money | None) -> int | None:
    """What the amount column of an optional sum holds."""
    return None if money is None else money.amount


def money_of(amount: int | None, currency: str) -> Money | None:
    """The optional sum an amount column holds, in ``currency``."""
    return None if amount is None else Money(amount, currency)


def conflict(message: str, **details: Any) -> Callable[[IntegrityError], Exception]:
    """What :meth:`SqlRepository._insert` raises when the row is refused: a ``Conflict``."""
    return lambda _: Conflict(message, details=details)


@cache
def _attributes(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cls))


@cache
def _layout(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """The attribute names of ``cls`` and a getter of their values, in that order."""
    names = _attributes(cls)
    get = attrgetter(*names)
    return names, (get if len(names) > 1 else lambda record: (get(record),))


def to_row(
    record: Any, renamed: Mapping[str, str] = _SAME, *, omit: Iterable[str] = (), **columns: Any
) -> dict[str, Any]:
    """The row of attrs instance ``record``: each attribute in the column of its name (or of
    ``renamed[attribute]``) but those in ``omit``, enum members as their values, then
    ``columns`` set or overridden on top."""
    names, values = _layout(record.__class__)
    row = {
        name: value.value if isinstance(type(value), EnumType) else value
        for name, value in zip(names, values(record), strict=False)  # one length, from names
    }
    for attribute, column in renamed.items():
        row[column] = row.pop(attribute)
    for attribute in omit:
        del row[attribute]
    row.update(columns)
    return row


def from_row(
    cls: type[T], row: Mapping[Any, Any], renamed: Mapping[str, str] = _SAME, /, **values: Any
) -> T:
    """An instance of attrs class ``cls``: ``values`` as given, every other attribute from the
    column of its name (or of ``renamed[attribute]``) in ``row``."""
    names = _attributes(cls)  # type: ignore[arg-type]  # a class is hashable
    found = {name: row[renamed.get(name, name)] for name in names if name not in values}
    return cls(**found, **values)


def reader(cls: type[T], **converters: Callable[[Any], Any]) -> Read[T]:
    """Reads a fetched row into ``cls`` with :func:`from_row`, the columns named in
    ``converters`` passed through them first (``purpose=SecretPurpose``)."""
    if not converters:
        return lambda row: from_row(cls, row._mapping)

    def read(row: Row[Any]) -> T:
        m = row._mapping
        return from_row(cls, m, **{name: convert(m[name]) for name, convert in converters.items()})

    return read


__all__ = [
    "Read",
    "SqlRepository",
    "amount_of",
    "conflict",
    "from_row",
    "money_of",
    "reader",
    "to_row",
]
