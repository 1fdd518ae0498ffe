"""Contract: the outbox keeps events in order until they are marked published (every backend)."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

import pytest
from tests.contract.samples import T0, an_event

from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_an_event_round_trips_through_the_outbox(uow_factory: UnitOfWorkFactory) -> None:
    """A stored event comes back equal, with a UTC instant, no attempts and not published."""
    async with uow_factory() as uow:
        await uow.outbox.add(an_event(1))
        await uow.commit()

    async with uow_factory() as uow:
        [record] = await uow.outbox.pending()
    assert record.event == an_event(1)
    assert record.event.occurred_at.utcoffset() == timedelta(0)
    assert record.event.occurred_at.tzinfo is not None
    assert dict(record.event.payload) == {
        "title": "Avanza 1",
        "seats": 7,
        "tags": ["mpv", "family"],
        "ok": True,
    }
    assert (record.attempts, record.published_at) == (0, None)


async def test_pending_events_come_oldest_first(uow_factory: UnitOfWorkFactory) -> None:
    """Pending events are ordered by when they happened, then by their time-ordered id."""
    events = [
        an_event(4, occurred_at=T0 + timedelta(seconds=2)),
        an_event(2, occurred_at=T0),
        an_event(3, occurred_at=T0 + timedelta(seconds=1)),
        an_event(1, occurred_at=T0),
    ]
    async with uow_factory() as uow:
        for event in events:
            await uow.outbox.add(event)
        await uow.commit()

    async with uow_factory() as uow:
        pending = await uow.outbox.pending()
        assert [r.event.event_id for r in pending] == [an_event(n).event_id for n in (1, 2, 3, 4)]
        assert [r.event for r in await uow.outbox.pending(limit=2)] == [events[3], events[1]]


async def test_published_events_are_no_longer_pending(uow_factory: UnitOfWorkFactory) -> None:
    """mark_published takes events out of the pending list; the rest stay in order."""
    at = T0 + timedelta(minutes=5)
    async with uow_factory() as uow:
        for n in (1, 2, 3):
            await uow.outbox.add(an_event(n, occurred_at=T0 + timedelta(seconds=n)))
        await uow.commit()

    async with uow_factory() as uow:
        await uow.outbox.mark_published([an_event(1).event_id, an_event(3).event_id], at)
        await uow.outbox.mark_published([], at)
        await uow.commit()

    async with uow_factory() as uow:
        assert [r.event.event_id for r in await uow.outbox.pending()] == [an_event(2).event_id]


async def test_marking_published_is_rolled_back_unless_committed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An event marked published in a transaction that is not committed stays pending."""
    async with uow_factory() as uow:
        await uow.outbox.add(an_event(1))
        await uow.commit()

    async with uow_factory() as uow:
        await uow.outbox.mark_published([an_event(1).event_id], T0)

    async with uow_factory() as uow:
        assert len(await uow.outbox.pending()) == 1


async def test_failed_attempts_are_counted(uow_factory: UnitOfWorkFactory) -> None:
    """mark_failed adds one attempt each time and leaves the event pending."""
    async with uow_factory() as uow:
        await uow.outbox.add(an_event(1))
        await uow.outbox.add(an_event(2, occurred_at=T0 + timedelta(seconds=1)))
        await uow.commit()

    async with uow_factory() as uow:
        await uow.outbox.mark_failed(an_event(1).event_id)
        await uow.outbox.mark_failed(an_event(1).event_id)
        await uow.commit()

    async with uow_factory() as uow:
        pending = await uow.outbox.pending()
    assert [(r.event.event_id, r.attempts) for r in pending] == [
        (an_event(1).event_id, 2),
        (an_event(2).event_id, 0),
    ]


async def test_events_from_other_time_zones_are_ordered_by_instant(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An event stamped in WIB (+07:00) is ordered by the instant, not by the clock reading."""
    wib = timezone(timedelta(hours=7))
    earlier_in_wib = an_event(2, occurred_at=(T0 - timedelta(seconds=1)).astimezone(wib))
    async with uow_factory() as uow:
        await uow.outbox.add(an_event(1, occurred_at=T0))
        await uow.outbox.add(earlier_in_wib)
        await uow.commit()

    async with uow_factory() as uow:
        pending = await uow.outbox.pending()
    assert [r.event.event_id for r in pending] == [an_event(2).event_id, an_event(1).event_id]
    assert pending[0].event.occurred_at == earlier_in_wib.occurred_at.astimezone(UTC)
