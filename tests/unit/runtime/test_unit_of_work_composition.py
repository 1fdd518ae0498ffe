"""The units of work compose the contexts' declarations: repositories built on first read, and
in-memory tables that snapshot whole."""

from __future__ import annotations

import pytest

from bigauto.adapters.lazy_repositories import install_repositories, merged
from bigauto.adapters.memory.tables import Tables


class Repository:
    """A repository that only remembers what it was built on."""

    def __init__(self, shared: str) -> None:
        self.shared = shared


def a_unit_of_work_class() -> type:
    class UnitOfWork:
        """Shares its ``connection`` with the repositories it builds."""

        def __init__(self, connection: str) -> None:
            self.connection = connection

        def _shared(self) -> str:
            return self.connection

        async def commit(self) -> None: ...

    return UnitOfWork


def test_a_repository_is_built_at_its_first_read_on_what_the_unit_of_work_shares() -> None:
    """Reading ``uow.users`` builds it once, from that unit of work; ``uow.rentals`` waits."""
    cls = a_unit_of_work_class()
    install_repositories(cls, cls._shared, [{"users": Repository}, {"rentals": Repository}])
    uow, other = cls("first"), cls("second")

    users = uow.users

    assert users.shared == "first" and uow.users is users
    assert "rentals" not in vars(uow)
    assert other.users.shared == "second"


def test_two_contexts_declaring_one_repository_are_refused() -> None:
    """A name declared twice would hide one context's repository, so it is an error."""
    cls = a_unit_of_work_class()
    with pytest.raises(ValueError, match="'users'"):
        install_repositories(cls, cls._shared, [{"users": Repository}, {"users": Repository}])


def test_a_repository_named_like_a_method_of_the_unit_of_work_is_refused() -> None:
    """A repository called ``commit`` would hide the unit of work's own method."""
    cls = a_unit_of_work_class()
    with pytest.raises(ValueError, match="'commit'"):
        install_repositories(cls, cls._shared, [{"commit": Repository}])


def test_two_contexts_declaring_one_table_are_refused() -> None:
    """Tables merge like repositories: one owner per name."""
    with pytest.raises(ValueError, match="table 'users'"):
        merged("table", [{"users": dict[str, int]}, {"users": dict[str, str]}])


def test_each_declared_table_is_an_empty_dict_of_its_own() -> None:
    """Every declared name is an attribute holding a fresh dict."""
    tables = Tables({"users": dict[str, int], "rentals": dict[str, int]})

    assert tables.users == {} and tables.rentals == {}
    assert tables.users is not tables.rentals


def test_a_copy_is_a_snapshot_that_later_writes_do_not_reach() -> None:
    """Writing to the original after a copy, or to the copy, leaves the other as it was."""
    tables = Tables({"users": dict[str, int]})
    tables.users["a"] = 1

    snapshot = tables.copy()
    tables.users["b"] = 2
    snapshot.users["c"] = 3

    assert tables.users == {"a": 1, "b": 2}
    assert snapshot.users == {"a": 1, "c": 3}


def test_loading_takes_a_snapshot_and_clearing_empties_only_the_one_cleared() -> None:
    """``load`` copies the other's tables in; ``clear`` empties these and not the other's."""
    mine, theirs = Tables({"users": dict[str, int]}), Tables({"users": dict[str, int]})
    theirs.users["a"] = 1

    mine.load(theirs)
    theirs.users["b"] = 2
    assert mine.users == {"a": 1}

    mine.clear()
    assert mine.users == {}
    assert theirs.users == {"a": 1, "b": 2}
