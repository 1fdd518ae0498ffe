"""The container composes each context's providers, closes its clients in order, and hands the
worker every context's handlers and timers."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import attrs
import httpx
import pytest
import redis.asyncio as redis
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.local.geocoder import CityCentreGeocoder
from bigauto.adapters.local.payment_sandbox import SandboxGateway
from bigauto.adapters.nats import JetStreamEventStream, NatsConnection
from bigauto.adapters.sql.catalogue.search_reader import SqlSearchReader
from bigauto.adapters.wiring.shared import Shared
from bigauto.config import Settings
from bigauto.container import Container, aclose, build_container
from bigauto.entrypoints.worker import BackgroundWork
from bigauto.services.chat.hub import ChatHub

CLOSERS = [
    (ChatHub, "close", "chat hub"),
    (JetStreamEventStream, "close", "event stream"),
    (NatsConnection, "close", "nats"),
    (redis.Redis, "aclose", "redis"),
    (SqlSearchReader, "aclose", "search reader"),
    (AsyncEngine, "dispose", "engine"),
    (httpx.AsyncClient, "aclose", "http"),
    (SandboxGateway, "aclose", "payment gateway"),
    (CityCentreGeocoder, "aclose", "geocoder"),
]


@pytest.fixture
def closed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the clients' closing methods were called on, in order (nothing really closes:
    none of these clients ever connected)."""
    calls: list[str] = []
    for cls, method, name in CLOSERS:

        async def close(self: object, *args: object, name: str = name) -> None:
            calls.append(name)

        monkeypatch.setattr(cls, method, close)
    return calls


@pytest.fixture
def settings() -> Settings:
    embedded = Settings.from_env({"DATABASE_URL": "sqlite+aiosqlite:///:memory:"})
    runtime = attrs.evolve(
        embedded.runtime, nats_url="nats://127.0.0.1:1", redis_url="redis://127.0.0.1:1/0"
    )
    return attrs.evolve(embedded, runtime=runtime)


def test_each_provider_is_declared_by_one_context() -> None:
    """The hub composes the contexts; no two of them declare a provider of the same name."""
    contexts = [Shared, *Container.__bases__]
    declared = Counter(name for context in contexts for name in context.cls_providers)
    assert [name for name, times in declared.items() if times > 1] == []
    assert set(Container.providers) == set(declared) | {"worker_parts"}


async def test_clients_close_after_what_uses_them(settings: Settings, closed: list[str]) -> None:
    """Consumers and the hub close before NATS drains; Redis, the database and HTTP after it;
    the search reader's pool before the engine."""
    container = build_container(settings)
    container.chat()
    container.event_stream()
    container.readiness()
    container.vehicle_search()
    container.email_sender()
    container.payment_gateway()
    container.geocoder()

    await aclose(container)

    assert sorted(closed) == sorted(name for _, _, name in CLOSERS)
    assert closed.index("chat hub") < closed.index("nats")
    assert closed.index("event stream") < closed.index("nats")
    for later in ("redis", "engine", "http"):
        assert closed.index("nats") < closed.index(later)
    assert closed.index("search reader") < closed.index("engine")


async def test_closing_makes_nothing_and_is_safe_to_repeat(
    settings: Settings, closed: list[str]
) -> None:
    """A client never used is not made to be closed; a second close closes nothing more, and
    the container makes fresh clients afterwards."""
    container = build_container(settings)
    engine = container.engine()

    await aclose(container)
    await aclose(container)

    assert closed == ["engine"]
    assert container.engine() is not engine
    await aclose(container)


async def test_the_worker_gets_every_contexts_handlers_and_timers(settings: Settings) -> None:
    """Same handler names, in the same order, and the same timers, as the worker always ran."""
    container = build_container(settings)
    work = BackgroundWork.of(container)

    assert work.worker.registry.names == (
        "identity.email",
        "notifications.in_app",
        "notifications.email",
        "chat.email_window",
        "chat.email",
        "chat.fanout",
        "payments.refund_on_cancel",
        "payments.refund",
        "payments.release_on_complete",
    )
    minute, hour = timedelta(minutes=1), timedelta(hours=1)
    assert {name: work.timers._timers[name].interval for name in work.timers.names} == {
        "chat.email_digest": minute,
        "worker.purge_processed": 6 * hour,
        "idempotency.purge": 6 * hour,
        "rentals.expire_holds": minute,
        "rentals.auto_confirm": minute,
        "rentals.pickup_reminders": 15 * minute,
        "rentals.overdue": 15 * minute,
        "sale_orders.expire_offers": hour,
        "sale_orders.expire_unpaid": 5 * minute,
    }
    await aclose(container)
