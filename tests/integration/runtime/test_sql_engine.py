"""create_engine: URLs as people write them, SQLite pragmas, and serialised SQLite writes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text

from bigauto.adapters.memory import MemoryUnitOfWorkFactory
from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade_engine
from bigauto.adapters.sql.engine import normalise_url
from bigauto.domain.catalogue.vehicles import Brand
from bigauto.ports.unit_of_work import UnitOfWorkFactory


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgres://app:s3cret@db:5432/bigauto", "postgresql+asyncpg"),
        ("postgresql://app:s3cret@db:5432/bigauto", "postgresql+asyncpg"),
        ("postgresql+asyncpg://app:s3cret@db:5432/bigauto", "postgresql+asyncpg"),
        ("sqlite:///var/bigauto.db", "sqlite+aiosqlite"),
        ("sqlite+aiosqlite:///var/bigauto.db", "sqlite+aiosqlite"),
    ],
)
def test_urls_get_the_async_driver_and_keep_everything_else(given: str, driver: str) -> None:
    """Only the scheme changes: credentials, host and database are kept."""
    url = normalise_url(given)
    assert url.drivername == driver
    rest = given.split("://", 1)[1]
    assert url.render_as_string(hide_password=False).split("://", 1)[1] == rest


async def test_a_sqlite_file_gets_its_directory_and_pragmas(tmp_path: Path) -> None:
    """The parent directory is created; connections use WAL, foreign keys and a busy timeout."""
    engine = create_engine(f"sqlite:///{tmp_path}/a/b/bigauto.db")
    try:
        assert (tmp_path / "a" / "b").is_dir()
        async with engine.connect() as connection:
            assert await connection.scalar(text("PRAGMA journal_mode")) == "wal"
            assert await connection.scalar(text("PRAGMA foreign_keys")) == 1
            assert await connection.scalar(text("PRAGMA busy_timeout")) > 0
    finally:
        await engine.dispose()


@pytest_asyncio.fixture(params=["memory", "sqlite"])
async def serialised_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[UnitOfWorkFactory]:
    if request.param == "memory":
        yield MemoryUnitOfWorkFactory()
        return
    engine = create_engine(f"sqlite:///{tmp_path}/serial.db")
    await upgrade_engine(engine)
    yield SqlUnitOfWorkFactory(engine)
    await engine.dispose()


async def test_read_then_write_units_of_work_do_not_interleave(
    serialised_factory: UnitOfWorkFactory,
) -> None:
    """Units of work that read and then write take turns, so none decides on stale data."""

    async def add_next_brand(n: int) -> None:
        async with serialised_factory() as uow:
            seen = len(await uow.catalogue.brands())
            await asyncio.sleep(0.02)  # give the others every chance to slip in
            await uow.catalogue.add_brand(Brand(id=f"b-{n}", name=f"brand #{seen}"))
            await uow.commit()

    await asyncio.gather(*(add_next_brand(n) for n in range(4)))

    async with serialised_factory() as uow:
        names = sorted(brand.name for brand in await uow.catalogue.brands())
    assert names == ["brand #0", "brand #1", "brand #2", "brand #3"]
