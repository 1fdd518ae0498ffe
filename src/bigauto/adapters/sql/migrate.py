"""Running the schema migrations from Python, with no ``alembic.ini``.

The migration scripts ship inside the package (``bigauto/adapters/sql/migrations``), so this
works the same from a checkout and from an installed wheel::

    from bigauto.adapters.sql.migrate import upgrade
    upgrade("sqlite:///var/bigauto.db")          # or postgresql://...

From async code that already has an engine (tests, an app's startup), use ``upgrade_engine``.
``upgrade``/``downgrade`` may also be called from inside a running event loop: they then run
Alembic in a helper thread (blocking the caller until done).

A new migration, written against a database at head::

    from alembic import command
    command.revision(alembic_config(url="sqlite:///var/dev.db"), "add bookings",
                     autogenerate=True)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.sql.catalogue.tables import vehicles
from bigauto.adapters.sql.identity.tables import users

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(**attributes: Any) -> Config:
    """An Alembic config pointing at the packaged scripts; ``attributes`` reach ``env.py``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes.update(attributes)
    return config


def heads() -> list[str]:
    """The head revisions of the packaged migration scripts (one, if all is well)."""
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def _outside_event_loop(work: Callable[[], None]) -> None:
    """Run ``work`` here, or in a helper thread when called from inside an event loop.

    ``env.py`` starts its own loop with ``asyncio.run``, which cannot nest in a running one.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    failure: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=target, name="bigauto-migrate")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (the latest by default)."""
    _outside_event_loop(lambda: command.upgrade(alembic_config(url=url), revision))


def downgrade(url: str, revision: str = "base") -> None:
    """Take the database at ``url`` down to ``revision`` (an empty schema by default)."""
    _outside_event_loop(lambda: command.downgrade(alembic_config(url=url), revision))


def _on_connection(action: str, revision: str) -> Callable[[Connection], None]:
    def run(connection: Connection) -> None:
        config = alembic_config(connection=connection)
        getattr(command, action)(config, revision)

    return run


async def upgrade_engine(engine: AsyncEngine, revision: str = "head") -> None:
    """``upgrade`` through an existing async engine, in one transaction."""
    async with engine.begin() as connection:
        await connection.run_sync(_on_connection("upgrade", revision))


async def downgrade_engine(engine: AsyncEngine, revision: str = "base") -> None:
    """``downgrade`` through an existing async engine, in one transaction."""
    async with engine.begin() as connection:
        await connection.run_sync(_on_connection("downgrade", revision))


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None before the first migration."""

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def database_is_empty(engine: AsyncEngine) -> bool:
    """True when the (migrated) database has no users and no vehicles: time to seed it."""
    async with engine.connect() as connection:
        anything = await connection.scalar(
            select(exists(select(users.c.id)) | exists(select(vehicles.c.id)))
        )
    return not anything


__all__ = [
    "MIGRATIONS",
    "alembic_config",
    "current_revision",
    "database_is_empty",
    "downgrade",
    "downgrade_engine",
    "heads",
    "upgrade",
    "upgrade_engine",
]
