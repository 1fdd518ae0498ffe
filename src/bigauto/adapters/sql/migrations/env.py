"""Alembic environment for bigauto: async engines, no alembic.ini needed.

Run through ``bigauto.adapters.sql.migrate`` (which passes either an open connection or a URL
in ``config.attributes``), or with the ``alembic`` command and ``sqlalchemy.url`` set.
"""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection

from bigauto.adapters.sql.engine import create_engine, normalise_url
from bigauto.adapters.sql.schema import metadata

config = context.config


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=metadata,
        # SQLite can only ALTER a table by copying it; batch mode does that for us.
        render_as_batch=True,
        compare_type=True,
        **kwargs,
    )


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: pass one to bigauto.adapters.sql.migrate.upgrade")
    return str(url)


def run_offline() -> None:
    _configure(url=normalise_url(_url()), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: Connection) -> None:
    # Our SQLite engines take BEGIN away from sqlite3, which makes DDL transactional there
    # too: a migration either fully happens or not at all, on both databases.
    _configure(connection=connection, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_new_engine(url: str) -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_on)
            await connection.commit()
    finally:
        await engine.dispose()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
    else:
        asyncio.run(_run_with_new_engine(_url()))


if context.is_offline_mode():
    run_offline()
else:
    run_online()
