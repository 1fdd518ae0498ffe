"""The message bus hands committed events to their handlers and never fails the command."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from bigauto.domain.shared.events import DomainEvent
from bigauto.services.messagebus import MessageBus

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def an_event(name: str, n: int = 1) -> DomainEvent:
    return DomainEvent(
        name=name,
        event_id=f"event-{n}",
        occurred_at=T0,
        aggregate_type="rental",
        aggregate_id="rental-1",
    )


class Recorder:
    """A handler that writes down what it saw, under a label."""

    def __init__(self, label: str, seen: list[tuple[str, str]]) -> None:
        self.label = label
        self.seen = seen

    async def __call__(self, event: DomainEvent) -> None:
        self.seen.append((self.label, event.event_id))


async def test_handlers_of_an_event_run_in_registration_order() -> None:
    """Each handler registered for the event's name gets it, first registered first."""
    seen: list[tuple[str, str]] = []
    bus = MessageBus()
    bus.register("rental.paid", Recorder("email", seen))
    bus.register("rental.paid", Recorder("ledger", seen))

    failures = await bus.dispatch([an_event("rental.paid")])

    assert seen == [("email", "event-1"), ("ledger", "event-1")]
    assert failures == 0


async def test_events_reach_only_the_handlers_of_their_name() -> None:
    """A handler for one event name does not see events of another."""
    seen: list[tuple[str, str]] = []
    bus = MessageBus()
    bus.register("rental.paid", Recorder("paid", seen))
    bus.register("rental.cancelled", Recorder("cancelled", seen))

    await bus.dispatch([an_event("rental.cancelled", 1), an_event("sale.completed", 2)])

    assert seen == [("cancelled", "event-1")]


async def test_events_are_dispatched_in_the_order_given() -> None:
    """Events are handled one after another, in the order the command raised them."""
    seen: list[tuple[str, str]] = []
    bus = MessageBus()
    bus.register("rental.paid", Recorder("a", seen))
    bus.register("rental.started", Recorder("b", seen))

    await bus.dispatch(
        [an_event("rental.started", 1), an_event("rental.paid", 2), an_event("rental.started", 3)]
    )

    assert seen == [("b", "event-1"), ("a", "event-2"), ("b", "event-3")]


async def test_a_failing_handler_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A handler's error is logged, counted and not raised; later handlers still run."""
    seen: list[tuple[str, str]] = []

    async def broken(event: DomainEvent) -> None:
        raise ConnectionError("mail server down")

    bus = MessageBus()
    bus.register("rental.paid", broken)
    bus.register("rental.paid", Recorder("ledger", seen))

    with caplog.at_level(logging.ERROR, logger="bigauto.services.messagebus"):
        failures = await bus.dispatch([an_event("rental.paid"), an_event("rental.paid", 2)])

    assert failures == 2
    assert seen == [("ledger", "event-1"), ("ledger", "event-2")]
    assert "mail server down" in caplog.text
    assert "rental.paid" in caplog.text


async def test_an_event_without_handlers_is_fine() -> None:
    """Dispatching an event nobody listens to does nothing and fails nothing."""
    bus = MessageBus()
    assert await bus.dispatch([an_event("nobody.cares")]) == 0
    assert bus.handlers_for("nobody.cares") == ()
