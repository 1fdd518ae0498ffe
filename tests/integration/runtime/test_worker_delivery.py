"""The worker against real delivery: JetStream on this machine (killed and restarted mid-stream)
and Resend's fake server answering 429 and 500 before it sends."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from tests.conftest import NATS_URL, require_service
from tests.integration.fake_resend import API_KEY, FakeResend, running
from tests.unit.worker_support import T0, CountingSender, World, an_event

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory, SequentialIds
from bigauto.adapters.nats import (
    JetStreamEventStream,
    JetStreamPublisher,
    NatsConnection,
    StreamSpec,
)
from bigauto.adapters.resend import ResendEmailSender
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.external import EmailMessage
from bigauto.services.notifications.identity_emails import EmailNotifications
from bigauto.services.runtime.registry import HandlerRegistry
from bigauto.services.runtime.worker import Worker, WorkerConfig


class Processes:
    """JetStream connections, one per simulated process, on a stream of the test's own."""

    def __init__(self) -> None:
        tag = uuid.uuid4().hex[:12]
        self.spec = StreamSpec(name=f"TEST_{tag}", prefix=f"test{tag}", memory=True)
        self.durable = f"worker-{tag}"
        self.connections: list[NatsConnection] = []
        self.streams: list[JetStreamEventStream] = []

    def stream(self) -> JetStreamEventStream:
        connection = NatsConnection(NATS_URL, name=f"worker-test-{len(self.connections)}")
        self.connections.append(connection)
        self.streams.append(JetStreamEventStream(connection, self.spec))
        return self.streams[-1]

    def publisher(self) -> JetStreamPublisher:
        self.stream()
        return JetStreamPublisher(self.connections[-1], self.spec)

    async def close(self) -> None:
        for stream in self.streams:
            await stream.close()
        if self.connections:
            js = await self.connections[0].jetstream()
            with contextlib.suppress(Exception):
                await js.delete_stream(self.spec.name)
        for connection in self.connections:
            await connection.close()


@pytest.fixture
async def processes() -> AsyncIterator[Processes]:
    require_service("nats")
    world = Processes()
    try:
        yield world
    finally:
        await world.close()


async def test_a_worker_killed_mid_stream_on_jetstream_loses_and_repeats_no_email(
    processes: Processes,
) -> None:
    """Killed between sending and recording, restarted in another process on the same durable:
    every event's email exists exactly once, and only the interrupted one was sent twice."""
    database, clock, ids = MemoryUnitOfWorkFactory(), FixedClock(T0), SequentialIds()
    sender = CountingSender()
    killed = asyncio.Event()

    async def email(event: DomainEvent) -> None:
        message = EmailMessage("ana@example.com", f"#{event.payload['n']}", "t", "<p>t</p>")
        await sender.send(message, idempotency_key=event.event_id)
        if event.payload["n"] == 7 and not killed.is_set():
            killed.set()
            raise asyncio.CancelledError  # the process dies before recording the send

    registry = HandlerRegistry()
    registry.on(">", name="email", handler=email)
    config = WorkerConfig(durable=processes.durable, batch=4, ack_wait=1.0, poll=0.2)
    events = [an_event(n) for n in range(1, 21)]
    publisher = processes.publisher()
    for event in events:
        await publisher.publish(event)

    first = Worker(processes.stream(), registry, database, clock, ids, config)
    task = asyncio.create_task(first.run(asyncio.Event()))
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=10)

    restarted = Worker(processes.stream(), registry, database, clock, ids, config)
    keys = sorted(e.event_id for e in events)
    for _ in range(100):
        await restarted.run_once(wait=0.2)
        if sorted(sender.mailbox) == keys:
            break
    await restarted.close()
    assert sorted(sender.mailbox) == keys
    assert sender.calls["event-0007"] == 2
    assert sum(sender.calls.values()) == len(keys) + 1
    async with database() as uow:
        assert all([await uow.processed_events.seen("email", k) for k in keys])


@pytest.fixture
def fake() -> Iterator[FakeResend]:
    with running() as fake:
        yield fake


async def _no_sleep(seconds: float) -> None:
    return None


def _registered(n: int) -> DomainEvent:
    event = an_event(n, name="user.registered")
    payload = {
        "user_id": f"user-{n}",
        "email": f"u{n}@example.com",
        "name": "Ana",
        "locale": "id",
        "verification_token": f"token-{n}",
        "expires_at": T0.isoformat(),
    }
    return DomainEvent(event.name, event.event_id, T0, "user", f"user-{n}", payload)


async def test_resend_answering_429_then_500_is_retried_by_the_worker_until_sent(
    fake: FakeResend,
) -> None:
    """The adapter gives up at once (one attempt); the worker backs off and tries again."""
    fake.fail_next(429, "rate_limit_exceeded")
    fake.fail_next(500, "application_error")
    world = World()
    async with httpx.AsyncClient(timeout=5) as http:
        resend = ResendEmailSender(
            api_key=API_KEY,
            from_email="Big Auto <noreply@bigauto.example>",
            base_url=fake.url,
            client=http,
            attempts=1,
            sleep=_no_sleep,
        )
        emails = EmailNotifications(resend, frontend_url="https://bigauto.example")
        world.registry.on(emails.subjects, name="identity.email", handler=emails.handle)
        await world.publish(_registered(1))
        worker = world.worker(backoff_base=2.0)
        assert await worker.run_once() == 1  # 429: nak(2 s)
        world.monotonic.advance(2.0)
        assert await worker.run_once() == 1  # 500: nak(4 s)
        world.monotonic.advance(4.0)
        assert await worker.run_once() == 1  # sent
        world.monotonic.advance(60.0)
        assert await worker.run_once() == 0
    [sent] = fake.sent.values()
    assert sent["to"] == ["u1@example.com"]
    keys = {r["headers"]["Idempotency-Key"] for r in fake.requests}
    assert keys == {"event-0001"} and len(fake.requests) == 3
