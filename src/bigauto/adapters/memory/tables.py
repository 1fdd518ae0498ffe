"""The in-memory database: one dict per table, each repository declaring its own, copied on commit.

Each repository declares the tables it keeps as ``tables``, table name -> factory of the empty
table. The factory is the table's own type, e.g. ``dict[str, RentalBooking]`` (calling it makes
an empty dict), so the declaration also says what the rows are. ``Tables`` holds one dict per
declared table as a plain attribute, which is how the repositories reach them: ``tables.rentals``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bigauto.adapters.memory._repository import MemoryRepository

#: Table name -> factory of the empty table.
TableDeclarations = Mapping[str, Callable[[], dict[Any, Any]]]


class Tables:
    """A whole in-memory database: one dict per declared table, keyed by id (the outbox in
    insert order)."""

    def __init__(self, declared: TableDeclarations) -> None:
        self._declared = declared
        self.clear()

    if TYPE_CHECKING:
        # The tables are set from the declarations, so a type checker cannot list them.
        def __getattr__(self, name: str) -> dict[Any, Any]: ...

    def clear(self) -> None:
        """Empty every table."""
        for name, factory in self._declared.items():
            setattr(self, name, factory())

    def copy(self) -> Tables:
        """A snapshot of every table, sharing nothing that a write could change."""
        twin = Tables(self._declared)
        twin.load(self)
        return twin

    def load(self, other: Tables) -> None:
        """Become a snapshot of ``other`` (in place, so repositories keep their reference)."""
        # Rows are frozen values, so copying each dict is a full snapshot.
        for name in self._declared:
            setattr(self, name, dict(getattr(other, name)))


#: Unit-of-work attribute name -> repository class taking the unit of work's tables.
RepositoryDeclarations = Mapping[str, "type[MemoryRepository]"]

__all__ = ["RepositoryDeclarations", "TableDeclarations", "Tables"]
