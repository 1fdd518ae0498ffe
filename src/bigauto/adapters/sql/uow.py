"""The SQL unit of work: one connection, one transaction, rolled back unless committed.

Repositories share the unit of work's ``AsyncConnection``; SQLAlchemy begins the transaction at
the first statement ("commit as you go"). On SQLite that BEGIN is ``BEGIN IMMEDIATE`` (see
``engine.py``), so units of work that write are serialised. After ``commit()`` the unit of work
may be used again; the next statement opens a new transaction.

The repositories are the contexts' own (``REPOSITORIES`` in each ``adapters/sql/<context>/``); a
unit of work builds one on its connection the first time a block uses it (``lazy_repositories``)
and forgets it when the block ends.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bigauto.adapters.contexts import context_modules
from bigauto.adapters.lazy_repositories import install_repositories

log = structlog.get_logger(__name__)

CONTEXTS = context_modules("bigauto.adapters.sql")


class SqlUnitOfWork:
    """A transaction on ``engine`` with the repositories that work inside it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    if TYPE_CHECKING:
        # Every context's repositories are installed below, so a type checker cannot list them.
        def __getattr__(self, name: str) -> Any: ...

    def _connection_for_repositories(self) -> AsyncConnection:
        # A failed attribute read raises AttributeError, so hasattr() and getattr() with a
        # default keep working on a unit of work outside its block.
        if self._connection is None:
            raise AttributeError("use the unit of work's repositories inside `async with`")
        return self._connection

    async def __aenter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("this unit of work is already open; make a new one per command")
        self._connection = await self._engine.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        # The repositories built in this block hold its connection: a later block builds its own.
        for name in [name for name in vars(self) if name in REPOSITORIES]:
            delattr(self, name)
        try:
            await connection.rollback()
        except Exception:
            # Do not let a failed rollback (say, the server went away) hide the error that
            # ended the block; without one, the rollback's failure is the news.
            if exc is None:
                raise
            log.warning("rollback failed", while_handling=repr(exc), exc_info=True)
        finally:
            await connection.close()

    def _open(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._connection

    async def commit(self) -> None:
        await self._open().commit()

    async def rollback(self) -> None:
        await self._open().rollback()


#: Unit-of-work attribute name -> repository class taking the connection, from every context.
REPOSITORIES = install_repositories(
    SqlUnitOfWork,
    SqlUnitOfWork._connection_for_repositories,
    (context.REPOSITORIES for context in CONTEXTS),
)


class SqlUnitOfWorkFactory:
    """Makes a fresh ``SqlUnitOfWork`` per command on one shared engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)


__all__ = ["SqlUnitOfWork", "SqlUnitOfWorkFactory"]
