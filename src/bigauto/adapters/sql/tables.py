"""The SQLAlchemy ``MetaData`` every context's tables register on, and shared column types.

Tables are the adapter's business only: repositories map rows to domain objects with explicit
functions (each context's ``mapping.py``), so the domain never sees SQLAlchemy. Migrations under
``migrations/versions`` create exactly this schema; a test compares the two (see ``schema.py``).

Conventions: ids are UUIDv7 strings (``String(36)``); money is a whole number of currency units
in a ``BigInteger`` next to a ``currency`` column; coordinates are ``Numeric(9, 6)`` (about 10 cm);
instants are UTC (``UtcDateTime``).
"""

from __future__ import annotations

from sqlalchemy import (
    MetaData,
    Numeric,
    String,
)

# Deterministic constraint names, so migrations and error handling can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


metadata = MetaData(naming_convention=NAMING_CONVENTION)


ID = String(36)


COORDINATE = Numeric(9, 6)
