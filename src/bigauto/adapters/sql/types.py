"""Column types that make SQLite and PostgreSQL hand back the same Python values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored as UTC and always read back as aware UTC.

    PostgreSQL keeps it in ``timestamptz``; SQLite has no time zones, so the value is stored as
    naive UTC text and given its zone back on the way out. Naive datetimes are refused: a time
    without a zone is a bug the database must not hide.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"refusing to store a naive datetime: {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: JSON everywhere, ``jsonb`` on PostgreSQL.
Json: Any = JSON().with_variant(JSONB(), "postgresql")

__all__ = ["Json", "UtcDateTime"]
