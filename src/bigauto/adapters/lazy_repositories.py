"""A unit of work's repositories: declared by each context, built on first use.

Each context's adapter package declares the repositories it adds to a unit of work: attribute
name -> repository class taking what the repositories of one unit of work share (the SQL
connection, the in-memory tables). ``install_repositories`` puts every context's declarations on
a unit-of-work class, one ``LazyRepository`` per attribute.

A request touches two or three repositories of the 34, so none is built before it is used. A
``LazyRepository`` builds its repository at the first read and stores it in the instance's
``__dict__``, which Python consults before a non-data descriptor: later reads are attribute
reads that never call back into Python. (A ``__getattr__`` hook would be lazy too, but would slow
every attribute read of the class: CPython does not specialise attribute access on such a class.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

_Shared = TypeVar("_Shared")
_Declared = TypeVar("_Declared")


def merged(kind: str, declarations: Iterable[Mapping[str, _Declared]]) -> dict[str, _Declared]:
    """One mapping from the contexts' declarations; ValueError when two declare one name."""
    result: dict[str, _Declared] = {}
    for declared in declarations:
        for name, value in declared.items():
            if name in result:
                raise ValueError(f"two contexts declare the {kind} {name!r}")
            result[name] = value
    return result


class LazyRepository(Generic[_Shared]):
    """An attribute of a unit-of-work class that builds its repository at the first read."""

    __slots__ = ("_build", "_name", "_shared")

    def __init__(
        self, name: str, build: Callable[[_Shared], object], shared: Callable[[Any], _Shared]
    ) -> None:
        self._name = name
        self._build = build
        self._shared = shared

    def __get__(self, uow: object | None, owner: type | None = None) -> Any:
        if uow is None:
            return self
        repository = self._build(self._shared(uow))
        # setattr, not vars(uow)[...]: asking for __dict__ makes CPython trade the instance's
        # compact attribute storage for a real dict, and every later read gets twice as slow.
        setattr(uow, self._name, repository)
        return repository


def install_repositories(
    uow_class: type,
    shared: Callable[[Any], _Shared],
    declarations: Iterable[Mapping[str, Callable[[_Shared], object]]],
) -> Mapping[str, Callable[[_Shared], object]]:
    """Give ``uow_class`` every declared repository, built from ``shared(uow)`` at first read.

    Returns the merged declarations. A name declared twice, or one the class already has (say,
    ``commit``), is a ValueError: either would silently hide a repository or a method.
    """
    repositories = merged("repository", declarations)
    for name, build in repositories.items():
        if hasattr(uow_class, name):
            raise ValueError(f"{uow_class.__name__} already has an attribute {name!r}")
        setattr(uow_class, name, LazyRepository(name, build, shared))
    return repositories


__all__ = ["LazyRepository", "install_repositories", "merged"]
