"""The in-memory unit of work: a private copy of the tables, written back on commit.

It keeps the promises of the SQL one: nothing is visible elsewhere until ``commit()``, and
whatever was not committed is gone when the ``async with`` block ends. Units of work on one
``MemoryDatabase`` take turns (an ``asyncio.Lock`` held from enter to exit), like SQLite's
``BEGIN IMMEDIATE``, so a read-then-write cannot interleave with another one. Do not nest them.

The repositories are the contexts' own (``REPOSITORIES`` in each context's package), and the
tables are their repositories' (each declares ``tables``); a unit of work builds a repository the
first time it is used (``lazy_repositories``).
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from bigauto.adapters.contexts import context_modules
from bigauto.adapters.lazy_repositories import install_repositories, merged
from bigauto.adapters.memory.tables import TableDeclarations, Tables

CONTEXTS = context_modules("bigauto.adapters.memory")
_DECLARED = [context.REPOSITORIES for context in CONTEXTS]
#: Table name -> factory of the empty table, from every context's repositories.
TABLES: TableDeclarations = merged(
    "table", (repository.tables for declared in _DECLARED for repository in declared.values())
)


class MemoryDatabase:
    """The committed state shared by all units of work of one factory."""

    def __init__(self) -> None:
        self.tables = Tables(TABLES)
        self.lock = asyncio.Lock()


class MemoryUnitOfWork:
    """A transaction over a ``MemoryDatabase``, with the repositories that work inside it."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._db = database
        self._work = Tables(TABLES)
        self._open = False
        self.committed = False

    if TYPE_CHECKING:
        # Every context's repositories are installed below, so a type checker cannot list them.
        def __getattr__(self, name: str) -> Any: ...

    def _tables_for_repositories(self) -> Tables:
        # The same object for the unit of work's whole life (load() fills it in place), so a
        # repository once built serves every later block too.
        return self._work

    async def __aenter__(self) -> Self:
        if self._open:
            raise RuntimeError("this unit of work is already open; make a new one per command")
        await self._db.lock.acquire()
        self._open = True
        self._work.load(self._db.tables)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._open:
            return
        self._work.clear()
        self._open = False
        self._db.lock.release()

    def _check_open(self) -> None:
        if not self._open:
            raise RuntimeError("use the unit of work inside `async with`")

    async def commit(self) -> None:
        self._check_open()
        self._db.tables = self._work.copy()
        self.committed = True

    async def rollback(self) -> None:
        self._check_open()
        self._work.load(self._db.tables)


#: Unit-of-work attribute name -> repository class taking the tables, from every context.
REPOSITORIES = install_repositories(
    MemoryUnitOfWork,
    MemoryUnitOfWork._tables_for_repositories,
    _DECLARED,
)


class MemoryUnitOfWorkFactory:
    """Makes units of work that share one in-memory database (``.database``)."""

    def __init__(self, database: MemoryDatabase | None = None) -> None:
        self.database = database if database is not None else MemoryDatabase()

    def __call__(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)


__all__ = ["MemoryDatabase", "MemoryUnitOfWork", "MemoryUnitOfWorkFactory"]
