"""Making an async SQLAlchemy engine from a database URL (SQLite or PostgreSQL).

URLs are accepted the way people and hosting platforms write them: ``postgres://`` and
``postgresql://`` become ``postgresql+asyncpg://``; ``sqlite:///path`` becomes
``sqlite+aiosqlite:///path``.

SQLite gets, on every new connection: WAL journaling (readers do not block the writer),
``foreign_keys=ON`` and a ``busy_timeout`` so a waiting writer queues instead of failing at once.

**SQLite writes are serialised.** sqlite3's own transaction handling is switched off and every
transaction is opened with ``BEGIN IMMEDIATE``, which takes SQLite's single write lock at the
first statement of a unit of work and holds it until commit or rollback. So a unit of work that
reads (say, a vehicle's calendar) and then writes (a booking) cannot interleave with another:
the second waits (up to ``busy_timeout``) and then sees the first one's committed result. This
holds across processes too, since the lock is SQLite's. A consequence: do not open a second
unit of work on the same SQLite database while one is open in the same task.

An in-memory SQLite URL (``sqlite://``) shares a single connection, so it suits one unit of work
at a time (a script, a quick test); for anything concurrent use a file or the memory adapters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

#: How long (ms) a SQLite writer waits for the write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 15_000


def normalise_url(url: str | URL) -> URL:
    """``url`` with the async driver this package uses for its database."""
    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            text = "postgresql+asyncpg://" + text.removeprefix(prefix)
    if text.startswith("sqlite://"):
        text = "sqlite+aiosqlite://" + text.removeprefix("sqlite://")
    return make_url(text)


def is_sqlite(url: str | URL) -> bool:
    return normalise_url(url).get_backend_name() == "sqlite"


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from sqlite3 so that we can say BEGIN IMMEDIATE ourselves (and so
        # that SAVEPOINT and DDL take part in the transaction).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An async engine for ``url``; extra keyword arguments go to ``create_async_engine``.

    For a SQLite file the parent directory is created if missing. Nothing connects until the
    engine is first used; call ``await engine.dispose()`` when done with it.
    """
    real_url = normalise_url(url)
    if real_url.get_backend_name() == "sqlite":
        path = _sqlite_file(real_url)
        if path is not None:
            path.expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(real_url, **kwargs)
        _install_sqlite_hooks(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(real_url, **kwargs)


__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "create_engine", "is_sqlite", "normalise_url"]
