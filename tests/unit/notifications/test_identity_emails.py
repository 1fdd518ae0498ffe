"""Identity emails: templates, the file mailbox, and delivery through the outbox."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bigauto.adapters.local.mailbox import FileMailbox
from bigauto.adapters.memory import FixedClock, InProcessEventBus, MemoryUnitOfWorkFactory
from bigauto.domain.identity.events import UserEvents
from bigauto.domain.notifications.errors import EmailRejected
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.external import EmailMessage
from bigauto.services.notifications.identity_emails import EmailNotifications
from bigauto.services.notifications.identity_templates import otp_email, verification_email
from bigauto.services.runtime.outbox import OutboxRelay

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_templates_speak_indonesian_by_default_and_english_on_request() -> None:
    """Unknown locales fall back to Indonesian; names are escaped in the HTML."""
    link = "https://bigauto.example/verify-email?token=abc"
    english = verification_email("en", to="a@b.co", name="Ed", link=link, hours=24)
    unknown = verification_email("fr", to="a@b.co", name="<b>Ed</b>", link=link, hours=24)
    assert english.subject == "Verify your email for Big Auto"
    assert unknown.subject == "Verifikasi email Anda di Big Auto"
    assert "<b>Ed</b>" not in unknown.html and "&lt;b&gt;Ed&lt;/b&gt;" in unknown.html
    assert link in english.text and "24 hours" in english.text
    code = otp_email("id", to="a@b.co", name="Ana", code="012345", minutes=5)
    assert "012345" in code.subject and "012345" in code.text and "5 menit" in code.text


async def test_the_mailbox_writes_one_json_file_per_email(tmp_path: Path) -> None:
    """The file holds to, subject, text, html and created_at; a repeated key adds nothing."""
    mailbox = FileMailbox(tmp_path / "mailbox", FixedClock(T0))
    message = EmailMessage(to="ana@example.com", subject="Hi", text="hello", html="<p>hello</p>")
    first = await mailbox.send(message, idempotency_key="event-1")
    again = await mailbox.send(message, idempotency_key="event-1")
    await mailbox.send(message, idempotency_key="event-2")
    assert first == again
    files = sorted((tmp_path / "mailbox").glob("*.json"))
    assert len(files) == 2
    stored = json.loads(files[0].read_text())
    assert {k: stored[k] for k in ("to", "subject", "text", "html", "created_at")} == {
        "to": "ana@example.com",
        "subject": "Hi",
        "text": "hello",
        "html": "<p>hello</p>",
        "created_at": T0.isoformat(),
    }
    assert [m["idempotency_key"] for m in mailbox.messages()] == ["event-1", "event-2"]


class FlakySender:
    """An EmailSender that is down until told otherwise, and remembers what it sent."""

    def __init__(self) -> None:
        self.down = True
        self.sent: dict[str, EmailMessage] = {}

    async def send(self, message: EmailMessage, *, idempotency_key: str) -> str:
        if self.down:
            raise ServiceUnavailable("the provider is down")
        self.sent[idempotency_key] = message
        return idempotency_key


def registered(n: int) -> DomainEvent:
    return DomainEvent(
        name="user.registered",
        event_id=f"event-{n}",
        occurred_at=T0,
        aggregate_type="user",
        aggregate_id=f"user-{n}",
        payload={
            "user_id": f"user-{n}",
            "email": f"u{n}@example.com",
            "name": "Ana",
            "locale": "id",
            "verification_token": f"token-{n}",
            "expires_at": T0.isoformat(),
        },
    )


async def test_an_email_provider_outage_loses_nothing() -> None:
    """While the sender is down events stay in the outbox; once it is back, each is sent once."""
    uow_factory = MemoryUnitOfWorkFactory()
    async with uow_factory() as uow:
        for n in (1, 2):
            await uow.outbox.add(registered(n))
        await uow.commit()
    sender = FlakySender()
    bus = InProcessEventBus(redeliver_failures=True)
    notifications = EmailNotifications(sender, frontend_url="https://app.example")
    await bus.subscribe(UserEvents.REGISTERED, notifications.handle)
    relay = OutboxRelay(uow_factory, bus, FixedClock(T0))
    assert await relay.relay_once() == 0
    assert await relay.relay_once() == 0
    async with uow_factory() as uow:
        assert [r.attempts for r in await uow.outbox.pending()] == [2, 0]
    sender.down = False
    assert await relay.relay_once() == 2
    assert sorted(sender.sent) == ["event-1", "event-2"]
    assert "https://app.example/verify-email?token=token-1" in sender.sent["event-1"].text
    assert await relay.relay_once() == 0


async def test_a_permanently_refused_email_does_not_block_the_outbox() -> None:
    """EmailRejected is logged and the event let go: retrying could never succeed."""

    class Refusing:
        async def send(self, message: EmailMessage, *, idempotency_key: str) -> str:
            raise EmailRejected("invalid recipient")

    notifications = EmailNotifications(Refusing(), frontend_url="https://app.example")
    await notifications.handle(registered(1))


async def test_events_without_an_email_are_ignored() -> None:
    """The handler renders nothing for other events."""
    notifications = EmailNotifications(FlakySender(), frontend_url="https://app.example")
    other = DomainEvent("vehicle.listed", "e", T0, "vehicle", "v")
    assert notifications.render(other) is None
    await notifications.handle(other)


@pytest.mark.parametrize("redeliver", [True, False])
async def test_the_bus_raises_a_handler_failure_only_when_asked(redeliver: bool) -> None:
    """redeliver_failures=True raises after every handler ran; the default only logs."""
    bus = InProcessEventBus(redeliver_failures=redeliver)
    seen: list[str] = []

    async def failing(event: DomainEvent) -> None:
        raise RuntimeError("boom")

    async def working(event: DomainEvent) -> None:
        seen.append(event.event_id)

    await bus.subscribe("user.*", failing)
    await bus.subscribe("user.*", working)
    if redeliver:
        with pytest.raises(RuntimeError):
            await bus.publish(registered(1))
    else:
        await bus.publish(registered(1))
    assert seen == ["event-1"]
