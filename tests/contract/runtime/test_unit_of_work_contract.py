"""Contract: a unit of work is one transaction, rolled back unless committed (every backend)."""

from __future__ import annotations

import pytest
from tests.contract.samples import a_user, a_vehicle, an_event, seed

from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: Every repository the port promises, gathered from the contexts' protocols it is made of.
REPOSITORIES = {
    name for port in UnitOfWork.__mro__ for name in vars(port).get("__annotations__", {})
}


def built(uow: UnitOfWork) -> set[str]:
    """The repositories ``uow`` has built so far: both adapters keep one as an attribute once
    built, so that later reads are plain attribute reads."""
    return REPOSITORIES & vars(uow).keys()


async def test_changes_are_rolled_back_unless_committed(uow_factory: UnitOfWorkFactory) -> None:
    """Work left uncommitted at the end of the block is invisible to the next unit of work."""
    async with uow_factory() as uow:
        await uow.users.add(a_user(1))
        assert await uow.users.get(a_user(1).id) is not None

    async with uow_factory() as uow:
        assert await uow.users.get(a_user(1).id) is None
        assert await uow.users.count() == 0


async def test_committed_changes_are_visible_to_a_new_unit_of_work(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """What is committed is there for every later unit of work."""
    async with uow_factory() as uow:
        await uow.users.add(a_user(1))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.users.get(a_user(1).id) == a_user(1)


async def test_an_error_inside_the_block_discards_the_changes(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An exception leaving the block rolls back, and the exception still propagates."""
    with pytest.raises(RuntimeError, match="boom"):
        async with uow_factory() as uow:
            await uow.users.add(a_user(1))
            raise RuntimeError("boom")

    async with uow_factory() as uow:
        assert await uow.users.count() == 0


async def test_rollback_discards_only_what_was_not_yet_committed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An explicit rollback drops the open changes but keeps earlier commits."""
    async with uow_factory() as uow:
        await uow.users.add(a_user(1))
        await uow.commit()
        await uow.users.add(a_user(2))
        await uow.rollback()
        assert await uow.users.get(a_user(2).id) is None
        await uow.users.add(a_user(3))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.users.get(a_user(1).id) is not None
        assert await uow.users.get(a_user(2).id) is None
        assert await uow.users.get(a_user(3).id) is not None


async def test_outbox_events_are_rolled_back_with_the_state_change(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An event stored with a change disappears with it when the change is not committed."""
    async with uow_factory() as uow:
        await seed(uow)
        await uow.commit()

    async with uow_factory() as uow:
        await uow.vehicles.add(a_vehicle(1))
        await uow.outbox.add(an_event(1))

    async with uow_factory() as uow:
        assert await uow.vehicles.get(a_vehicle(1).id) is None
        assert await uow.outbox.pending() == []


async def test_outbox_events_are_committed_with_the_state_change(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A committed change and its event are stored together."""
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        await uow.outbox.add(an_event(1))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.vehicles.get(a_vehicle(1).id) == a_vehicle(1)
        assert [record.event for record in await uow.outbox.pending()] == [an_event(1)]


async def test_a_unit_of_work_builds_only_the_repositories_it_is_asked_for(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A block that uses two repositories builds those two, not every context's."""
    async with uow_factory() as uow:
        assert built(uow) == set()
        await uow.users.add(a_user(1))
        assert await uow.users.get(a_user(1).id) == a_user(1)
        assert await uow.outbox.pending() == []
        assert built(uow) == {"users", "outbox"}


async def test_every_repository_of_the_port_is_there_and_built_once_per_block(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Each repository the port names is provided, and is the same object all through a block."""
    assert {"users", "rentals", "outbox"} <= REPOSITORIES
    async with uow_factory() as uow:
        for name in sorted(REPOSITORIES):
            assert getattr(uow, name) is getattr(uow, name), name
        assert built(uow) == REPOSITORIES


async def test_a_unit_of_work_opened_again_works_on_its_new_transaction(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """After its block ends, a unit of work can open another, whose repositories work in it."""
    uow = uow_factory()
    async with uow:
        await uow.users.add(a_user(1))
        await uow.commit()
    async with uow:
        assert await uow.users.get(a_user(1).id) == a_user(1)
        await uow.users.add(a_user(2))

    async with uow_factory() as other:
        assert await other.users.count() == 1
