"""PostgreSQL search: typo tolerance through pg_trgm, and plans that use the search indexes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import text
from tests.conftest import require_service
from tests.contract.conftest import PostgresSchema
from tests.contract.samples import T0, a_vehicle, seed

from bigauto.adapters.sql import SqlUnitOfWorkFactory
from bigauto.domain.catalogue.search import SearchQuery

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def factory() -> AsyncIterator[SqlUnitOfWorkFactory]:
    require_service("postgres")
    schema = PostgresSchema()
    engine = await schema.open()
    async with SqlUnitOfWorkFactory(engine)() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1, title="Sewa Avanza keluarga"))
        await uow.vehicles.add(a_vehicle(2, title="Sewa Avanza murah"))
        await uow.commit()
    yield SqlUnitOfWorkFactory(engine)
    await schema.drop()


async def test_a_misspelt_word_still_finds_the_listing(factory: SqlUnitOfWorkFactory) -> None:
    """With nothing containing "avanzza" or "keluraga", trigram similarity finds Avanza."""
    async with factory() as uow:
        typo = await uow.search.search(SearchQuery(text="avanzza keluraga"), now=T0)
        exact = await uow.search.search(SearchQuery(text="keluarga"), now=T0)
        nothing = await uow.search.search(SearchQuery(text="lamborghini"), now=T0)

    assert [h.title for h in typo.items] == ["Sewa Avanza keluarga"]
    assert [h.title for h in exact.items] == ["Sewa Avanza keluarga"]
    assert nothing.items == [] and nothing.total_items == 0


async def test_the_trigram_index_exists(factory: SqlUnitOfWorkFactory) -> None:
    """The migration made the GIN trigram index the text filter relies on."""
    async with factory() as uow:
        conn = uow.search._conn  # the unit of work's connection
        definition = await conn.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_vehicles_search_text_trgm'")
        )
    assert definition is not None and "gin" in definition and "gin_trgm_ops" in definition


async def test_the_autocommit_reader_answers_as_the_unit_of_work(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """SqlSearchReader (no transaction) gives the same pages, typo retry included."""
    from bigauto.adapters.sql.catalogue.search_reader import SqlSearchReader

    reader = SqlSearchReader(factory.engine)
    try:
        for query in (
            SearchQuery(),
            SearchQuery(text="avanzza"),
            SearchQuery(text="murah", limit=1),
        ):
            async with factory() as uow:
                expected = await uow.search.search(query, now=T0)
            assert await reader.search(query, now=T0) == expected
    finally:
        await reader.aclose()


async def test_the_reader_outlives_its_connections_being_closed_by_the_server(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """A server restart closes the reader's pooled connections: the next search still answers."""
    from bigauto.adapters.sql.catalogue.search_reader import SqlSearchReader

    reader = SqlSearchReader(factory.engine, pool_size=1)
    try:
        before = await reader.search(SearchQuery(), now=T0)
        assert reader._pool is not None
        async with reader._pool.acquire() as connection:  # its one connection
            pid = connection.get_server_pid()
        async with factory() as uow:
            conn = uow.search._conn
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert await reader.search(SearchQuery(), now=T0) == before
    finally:
        await reader.aclose()
