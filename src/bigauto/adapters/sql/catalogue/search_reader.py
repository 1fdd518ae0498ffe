"""The service's catalogue search, outside any unit of work: the route buyers use most.

On PostgreSQL it reads through a small asyncpg pool of its own, with the statements compiled
once per query shape and run straight on the driver. Per search that is one round trip for
the page (and one for the count when the page cannot tell it), and nothing else:

- no transaction: the connections are in autocommit, so no BEGIN / ROLLBACK;
- no ping before each checkout (SQLAlchemy's ``pool_pre_ping`` costs three round trips on
  asyncpg): the pool replaces a connection the server has closed when it hands it out, and a
  search that loses its connection halfway is retried once on a fresh one (it only reads);
- no reset on release: the searches leave no session state worth resetting;
- custom plans (``plan_cache_mode``): a search's best plan depends on its values (a rare
  brand, a common one), and a cached generic plan cannot use the partial search indexes.

The pool opens on the first search and closes with :meth:`SqlSearchReader.aclose`. On SQLite
the reader runs the same statements through the engine, in an ordinary transaction.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.sql.catalogue.search import (
    SET_TYPO_THRESHOLD,
    TRIGRAM_SCHEMA,
    SqlVehicleSearch,
    hit,
    total_of,
    trigram_operator,
)
from bigauto.adapters.sql.catalogue.search_sql import search_sql, search_values, shape_of
from bigauto.domain.catalogue.search import Page, SearchQuery
from bigauto.ports.catalogue.repositories import SearchHit

#: Connections the reader's pool keeps at most, per process.
DEFAULT_POOL_SIZE = 10


async def _keep(connection: asyncpg.Connection) -> None:
    """Release without ``RESET ALL``: a search changes nothing that needs resetting."""


async def _custom_plans(connection: asyncpg.Connection) -> None:
    await connection.execute("SET plan_cache_mode = force_custom_plan")


#: What asyncpg raises when the server or the network took the connection away.
_DISCONNECTS = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.ConnectionFailureError,
    asyncpg.exceptions.AdminShutdownError,
    ConnectionError,
)


def _lost(connection: Any, error: Exception) -> bool:
    """Whether ``error`` means the connection is gone (so one retry on a fresh one is right)."""
    if isinstance(error, _DISCONNECTS):
        return True
    try:
        closed: bool = connection.is_closed()
    except asyncpg.InterfaceError:
        # asyncpg may already have handed a dead connection back to the pool, and a released
        # proxy refuses every call: it was lost.
        return True
    return closed


class SqlSearchReader:
    """``VehicleSearch`` straight on the database, for reads outside any unit of work."""

    def __init__(self, engine: AsyncEngine, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.engine = engine
        self.pool_size = pool_size
        self._native = engine.dialect.name == "postgresql"
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()
        self._similar: str | None = None
        self._similar_known = False

    async def search(self, query: SearchQuery, *, now: datetime) -> Page[SearchHit]:
        if not self._native:
            async with self.engine.connect() as transaction:
                return await SqlVehicleSearch(transaction).search(query, now=now)
        pool = await self._open()
        async with pool.acquire() as connection:
            try:
                return await self._search_on(connection, query, now)
            except Exception as error:
                # The connection died under the search (say, the server restarted): the pool
                # opens a new one for the second try. Any other error is the search's own.
                if not _lost(connection, error):
                    raise
        async with pool.acquire() as connection:
            return await self._search_on(connection, query, now)

    async def favorites(self, user_id: str, *, page: int, limit: int) -> Page[SearchHit]:
        async with self.engine.connect() as connection:
            if self._native:
                connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            return await SqlVehicleSearch(connection).favorites(user_id, page=page, limit=limit)

    async def aclose(self) -> None:
        """Close the pool (if a search opened it); the reader opens a new one if used again."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _open(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    self._pool = await self._create_pool()
        return self._pool

    async def _create_pool(self) -> asyncpg.Pool:
        pool: asyncpg.Pool = await asyncpg.create_pool(
            min_size=1,
            max_size=self.pool_size,
            connect=self._connect,
            init=_custom_plans,
            reset=_keep,
        )
        return pool

    async def _connect(self, *_: Any, **__: Any) -> asyncpg.Connection:
        # A connection made by the engine (its URL, connect_args and hooks), then taken out of
        # the engine's pool for good: this pool owns it from now on.
        proxied = await self.engine.raw_connection()
        connection: asyncpg.Connection = proxied.driver_connection
        proxied.detach()
        return connection

    async def _search_on(
        self, connection: asyncpg.Connection, query: SearchQuery, now: datetime
    ) -> Page[SearchHit]:
        page = await self._page(connection, query, now, None)
        if page.total_items == 0 and query.terms:
            similar = await self._trigram_operator(connection)
            if similar is not None:
                await connection.execute(SET_TYPO_THRESHOLD)
                page = await self._page(connection, query, now, similar)
        return page

    async def _page(
        self,
        connection: asyncpg.Connection,
        query: SearchQuery,
        now: datetime,
        similar: str | None,
    ) -> Page[SearchHit]:
        values = search_values(query, now, fuzzy=similar is not None)
        sql = search_sql(shape_of(values, query.sort, "postgresql", similar))
        page, count = sql.compiled(self.engine.dialect, values)
        rows = await connection.fetch(page.sql, *page.arguments(values))

        async def counted() -> Any:
            return await connection.fetchval(count.sql, *count.arguments(values))

        total = await total_of(self.engine.sync_engine, query, similar, len(rows), counted)
        return Page([hit(row) for row in rows], total, query.page, query.limit)

    async def _trigram_operator(self, connection: asyncpg.Connection) -> str | None:
        if not self._similar_known:
            schema = await connection.fetchval(TRIGRAM_SCHEMA)
            self._similar = None if schema is None else trigram_operator(schema)
            self._similar_known = True
        return self._similar


__all__ = ["DEFAULT_POOL_SIZE", "SqlSearchReader"]
