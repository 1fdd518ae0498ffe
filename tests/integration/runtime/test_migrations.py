"""The packaged Alembic migrations: one head, the same schema as the tables, reversible.

Run on a fresh SQLite file and on a fresh PostgreSQL database created for each test.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.conftest import POSTGRES_URL, require_service

from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine
from bigauto.adapters.sql.migrate import (
    current_revision,
    database_is_empty,
    downgrade,
    heads,
    upgrade,
)
from bigauto.adapters.sql.schema import metadata
from bigauto.domain.catalogue.vehicles import Brand
from bigauto.domain.identity.accounts import User

# Every table tables.py declares (each area adds its own module); the schema check pins columns.
EXPECTED_TABLES = set(metadata.tables)


@pytest_asyncio.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty database, in the spelling users give (no async driver named)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/nested/dir/bigauto.db"
        return
    require_service("postgres")
    name = f"bigauto_migrations_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(POSTGRES_URL).set(drivername="postgresql", database=name)
        yield url.render_as_string(hide_password=False)
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest_asyncio.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def schema_differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), metadata))


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def test_the_migrations_have_exactly_one_head() -> None:
    """There is one line of history, so `upgrade head` is unambiguous."""
    assert len(heads()) == 1


async def test_upgrade_creates_exactly_the_schema_of_the_tables(
    database_url: str, engine: AsyncEngine
) -> None:
    """After upgrade the database is at the one head and matches tables.py exactly."""
    upgrade(database_url)

    assert await current_revision(engine) == heads()[0]
    async with engine.connect() as connection:
        assert await connection.run_sync(table_names) == EXPECTED_TABLES
        assert await connection.run_sync(schema_differences) == []


async def test_upgrade_twice_changes_nothing(database_url: str, engine: AsyncEngine) -> None:
    """Upgrading an up-to-date database is a no-op, and keeps its data."""
    upgrade(database_url)
    async with SqlUnitOfWorkFactory(engine)() as uow:
        await uow.catalogue.add_brand(Brand(id="b-1", name="Suzuki"))
        await uow.commit()

    upgrade(database_url)

    assert await current_revision(engine) == heads()[0]
    async with SqlUnitOfWorkFactory(engine)() as uow:
        assert await uow.catalogue.brands() == [Brand(id="b-1", name="Suzuki")]


async def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(
    database_url: str, engine: AsyncEngine
) -> None:
    """Downgrade leaves no tables of ours; a second upgrade builds them again."""
    upgrade(database_url)
    downgrade(database_url)

    assert await current_revision(engine) is None
    async with engine.connect() as connection:
        assert await connection.run_sync(table_names) == set()

    upgrade(database_url)
    async with engine.connect() as connection:
        assert await connection.run_sync(table_names) == EXPECTED_TABLES


async def test_a_fresh_database_is_empty_until_someone_signs_up(
    database_url: str, engine: AsyncEngine
) -> None:
    """database_is_empty is true after migrating, false once a user exists."""
    upgrade(database_url)
    assert await database_is_empty(engine)

    async with SqlUnitOfWorkFactory(engine)() as uow:
        await uow.catalogue.add_brand(Brand(id="b-1", name="Suzuki"))
        await uow.commit()
    assert await database_is_empty(engine), "master data alone does not count"

    async with SqlUnitOfWorkFactory(engine)() as uow:
        user = User(
            id="u-1",
            email="admin@example.com",
            name="Admin",
            password_hash="x",
            created_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        await uow.users.add(user)
        await uow.commit()
    assert not await database_is_empty(engine)
