"""Columns that many tables declare alike, written once.

The conventions are those of ``tables.py``: a row's id is a UUIDv7 string, a reference to
another row holds that row's id under a foreign key, and instants are UTC.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Table, text
from sqlalchemy.schema import SchemaItem
from sqlalchemy.types import TypeEngine

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import UtcDateTime

#: A currency's ISO 4217 code.
CURRENCY = String(3)


def table(name: str, *items: SchemaItem, **options: Any) -> Table:
    """Table ``name`` on the one ``MetaData`` every context's tables register on."""
    return Table(name, metadata, *items, **options)


def keyed_table(
    name: str, *items: SchemaItem, id_type: TypeEngine[Any] = ID, **options: Any
) -> Table:
    """Table ``name`` (see :func:`table`) whose rows are records keyed by an ``id``: the primary
    key, its first column, a UUIDv7 string unless ``id_type`` says otherwise."""
    return table(name, Column("id", id_type, primary_key=True), *items, **options)


def reference(name: str, table: str, **options: Any) -> Column[Any]:
    """Column ``name``: the id of a row of ``table``, under a foreign key.

    NOT NULL unless ``nullable=True`` is given (a primary key is never null anyway).
    """
    if not options.get("primary_key"):
        options.setdefault("nullable", False)
    return Column(name, ID, ForeignKey(f"{table}.id"), **options)


def instant(name: str, **options: Any) -> Column[Any]:
    """Column ``name``: an instant, kept in UTC; NOT NULL unless ``nullable=True`` is given."""
    options.setdefault("nullable", False)
    return Column(name, UtcDateTime, **options)


def money_columns(*amounts: str) -> list[Column[Any]]:
    """Amounts (whole currency units, never null), then the ``currency`` they are in."""
    return [
        *(Column(amount, BigInteger, nullable=False) for amount in amounts),
        Column("currency", CURRENCY, nullable=False),
    ]


def media_columns(content_type_length: int) -> list[Column[Any]]:
    """Where a stored file is (its storage key, URL and thumbnail URL) and what it holds."""
    return [
        Column("storage_key", String(300), nullable=False),
        Column("url", String(1000), nullable=False),
        Column("thumbnail", String(1000), nullable=False),
        Column("content_type", String(content_type_length), nullable=False),
    ]


def partial_index(name: str, *columns: Any, where: str, **options: Any) -> Index:
    """Index ``name`` over the rows matching ``where`` only, alike on PostgreSQL and SQLite."""
    return Index(name, *columns, postgresql_where=text(where), sqlite_where=text(where), **options)


__all__ = [
    "CURRENCY",
    "instant",
    "keyed_table",
    "media_columns",
    "money_columns",
    "partial_index",
    "reference",
    "table",
]
