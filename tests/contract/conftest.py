"""Fixtures for the persistence contract: one unit-of-work factory per backend.

``uow_factory`` is parametrised over memory, SQLite (a fresh file per test) and PostgreSQL.
PostgreSQL gets one engine per test module, in a schema of its own created for the module and
dropped after it; every test starts by emptying that schema's tables, so no test depends on
another or on their order. Tests here run on the module's event loop, which the engine's
connections belong to.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool
from tests.conftest import POSTGRES_URL, require_service

from bigauto.adapters.memory import MemoryUnitOfWorkFactory
from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade_engine
from bigauto.adapters.sql.schema import metadata
from bigauto.ports.unit_of_work import UnitOfWorkFactory

BACKENDS = ["memory", "sqlite", "postgres"]


class PostgresSchema:
    """A schema of its own on the test server, created and migrated on first use."""

    def __init__(self) -> None:
        self.name = f"contract_{uuid.uuid4().hex[:12]}"
        self.engine: AsyncEngine | None = None

    async def open(self) -> AsyncEngine:
        if self.engine is None:
            async with _admin() as admin, admin.begin() as connection:
                await connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
            self.engine = create_engine(
                POSTGRES_URL, connect_args={"server_settings": {"search_path": self.name}}
            )
            await upgrade_engine(self.engine)
        return self.engine

    async def empty(self) -> None:
        assert self.engine is not None
        # DELETE beats TRUNCATE by far on the few rows a test leaves behind.
        async with self.engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                await connection.execute(table.delete())

    async def drop(self) -> None:
        if self.engine is None:
            return
        await self.engine.dispose()
        async with _admin() as admin, admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))


class _admin:
    """A throwaway engine on the test database's default schema."""

    async def __aenter__(self) -> AsyncEngine:
        self.engine = create_engine(POSTGRES_URL, poolclass=NullPool)
        return self.engine

    async def __aexit__(self, *exc: object) -> None:
        await self.engine.dispose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def postgres_schema() -> AsyncIterator[PostgresSchema]:
    schema = PostgresSchema()
    yield schema
    await schema.drop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies, rather than migrating its own."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    engine = create_engine(f"sqlite:///{path}")
    await upgrade_engine(engine)
    await engine.dispose()
    return path


@pytest_asyncio.fixture(params=BACKENDS, loop_scope="module")
async def uow_factory(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: PostgresSchema,
) -> AsyncIterator[UnitOfWorkFactory]:
    if request.param == "memory":
        yield MemoryUnitOfWorkFactory()
    elif request.param == "sqlite":
        path = tmp_path / "contract.db"
        shutil.copyfile(sqlite_template, path)
        engine = create_engine(f"sqlite:///{path}")
        yield SqlUnitOfWorkFactory(engine)
        await engine.dispose()
    else:
        require_service("postgres")
        engine = await postgres_schema.open()
        await postgres_schema.empty()
        yield SqlUnitOfWorkFactory(engine)
