"""Recognising database errors by SQLSTATE, whichever driver raised them."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

#: PostgreSQL: a row conflicts with an exclusion constraint.
EXCLUSION_VIOLATION = "23P01"
UNIQUE_VIOLATION = "23505"


def sqlstate(error: DBAPIError) -> str | None:
    """The SQLSTATE of ``error`` (asyncpg keeps it as ``sqlstate``, psycopg as ``pgcode``)."""
    for candidate in (error.orig, getattr(error.orig, "__cause__", None)):
        for name in ("sqlstate", "pgcode"):
            code = getattr(candidate, name, None)
            if isinstance(code, str):
                return code
    return None


def constraint_name(error: DBAPIError) -> str | None:
    """The name of the constraint ``error`` is about, when the driver says."""
    for candidate in (error.orig, getattr(error.orig, "__cause__", None)):
        name = getattr(candidate, "constraint_name", None)
        if isinstance(name, str):
            return name
    return None


__all__ = ["EXCLUSION_VIOLATION", "UNIQUE_VIOLATION", "constraint_name", "sqlstate"]
