"""The notification handlers on the worker: in-app rows, live frames, emails by preference,
retries, and chat emails batched for offline recipients."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from decimal import Decimal

import attrs
import pytest
from tests.unit.notification_events import (
    CUSTOMER,
    NOW,
    SELLER,
    VEHICLE,
    chat_message,
    rental_events,
)
from tests.unit.worker_support import CountingSender, FakeDelivery

from bigauto.adapters.memory import (
    FixedClock,
    MemoryLiveChannel,
    MemoryPresenceStore,
    MemoryUnitOfWorkFactory,
    SequentialIds,
)
from bigauto.domain.bookings.events import RentalEvents
from bigauto.domain.catalogue.vehicles import Category, City, FuelType, Transmission, Vehicle
from bigauto.domain.identity.accounts import User
from bigauto.domain.notifications.errors import EmailRejected
from bigauto.domain.notifications.inbox import NotificationCategory
from bigauto.domain.shared.events import DomainEvent
from bigauto.services.notifications.chat_emails import ChatEmails
from bigauto.services.notifications.handlers import Notifier
from bigauto.services.runtime.registry import HandlerRegistry
from bigauto.services.runtime.worker import Worker, WorkerConfig

MAKASSAR = City("city-1", "Makassar", "Sulawesi Selatan", "Asia/Makassar", Decimal(0), Decimal(0))


@attrs.define
class World:
    """Users, a vehicle, the notification handlers and a worker over them."""

    uow_factory: MemoryUnitOfWorkFactory = attrs.Factory(MemoryUnitOfWorkFactory)
    clock: FixedClock = attrs.Factory(lambda: FixedClock(NOW))
    sender: CountingSender = attrs.Factory(CountingSender)
    live: MemoryLiveChannel = attrs.Factory(MemoryLiveChannel)
    presence: MemoryPresenceStore = attrs.Factory(MemoryPresenceStore)
    frames: list[tuple[str, dict[str, object]]] = attrs.Factory(list)
    worker: Worker = attrs.field(init=False)
    chat: ChatEmails = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        ids = SequentialIds()
        registry = HandlerRegistry()
        common = {
            "uow_factory": self.uow_factory,
            "clock": self.clock,
            "ids": ids,
            "email_sender": self.sender,
            "live": self.live,
            "frontend_url": "https://bigauto.example/",
        }
        Notifier(**common).register(registry)  # type: ignore[arg-type]
        self.chat = ChatEmails(**common, presence=self.presence)  # type: ignore[arg-type]
        self.chat.register(registry)
        config = WorkerConfig(max_attempts=3)
        self.worker = Worker(None, registry, self.uow_factory, self.clock, ids, config)  # type: ignore[arg-type]

    async def seed(self) -> None:
        async with self.uow_factory() as uow:
            await uow.catalogue.add_city(MAKASSAR)
            for user_id, name, locale in ((CUSTOMER, "Ani", "id"), (SELLER, "Budi", "en")):
                await uow.users.add(
                    User(user_id, f"{name.lower()}@example.com", name, "x", NOW, locale=locale)
                )
            await uow.vehicles.add(
                Vehicle(
                    id=VEHICLE,
                    seller_id=SELLER,
                    category=Category.RENTAL,
                    brand_id="brand",
                    model_id="model",
                    year=2022,
                    city_id=MAKASSAR.id,
                    transmission=Transmission.AUTOMATIC,
                    fuel_type=FuelType.BENSIN,
                    seats=7,
                    title="Avanza Veloz 2022",
                    created_at=NOW,
                )
            )
            await uow.commit()

        async def record(subject: str, payload: bytes) -> None:
            self.frames.append((subject, json.loads(payload)))

        await self.live.subscribe("user.*", record)

    async def handle(self, event: DomainEvent, attempt: int = 1) -> FakeDelivery:
        delivery = FakeDelivery(event, attempt)
        await self.worker.process(delivery)
        await asyncio.sleep(0.01)  # let the live subscription's pump run
        return delivery

    async def notifications(self, user_id: str) -> list[object]:
        async with self.uow_factory() as uow:
            return list(await uow.notifications.list_for_user(user_id))


@pytest.fixture
async def world() -> World:
    world = World()
    await world.seed()
    return world


def _event(name: str) -> DomainEvent:
    return next(e for e in rental_events() if e.name == name)


async def test_a_paid_booking_notifies_both_sides_in_their_languages(world: World):
    """One row each, a live frame each with the unread count, one email each by locale."""
    paid = _event(RentalEvents.PAID)
    assert (await world.handle(paid)).settled == [("ack", None)]
    [ani] = await world.notifications(CUSTOMER)
    [budi] = await world.notifications(SELLER)
    assert ani.title == "Pembayaran pemesanan diterima"  # type: ignore[attr-defined]
    assert budi.title == "A new booking has been paid"  # type: ignore[attr-defined]
    assert "Avanza Veloz 2022" in ani.body and ani.link == "/rentals/rental-1"  # type: ignore[attr-defined]
    assert ani.data["vehicle_id"] == VEHICLE  # type: ignore[attr-defined]
    assert sorted(subject for subject, _ in world.frames) == [f"user.{CUSTOMER}", f"user.{SELLER}"]
    frame = dict(world.frames)[f"user.{CUSTOMER}"]
    assert frame["type"] == "notification" and frame["unread_count"] == 1
    assert frame["id"] == ani.id and frame["read_at"] is None  # type: ignore[attr-defined]
    mail = world.sender.mailbox
    assert sorted(mail) == sorted([f"{paid.event_id}:{CUSTOMER}", f"{paid.event_id}:{SELLER}"])
    to_budi = mail[f"{paid.event_id}:{SELLER}"]
    assert to_budi.to == "budi@example.com" and to_budi.subject == "A new booking has been paid"
    assert "https://bigauto.example/rentals/rental-1" in to_budi.text
    assert "Hi Budi," in to_budi.text


async def test_times_in_notifications_are_the_vehicles_city_time(world: World):
    """The hold expiry of a new booking is told in Makassar time (WITA)."""
    await world.handle(_event(RentalEvents.REQUESTED))
    [ani] = await world.notifications(CUSTOMER)
    assert "WITA" in ani.body  # type: ignore[attr-defined]


async def test_a_category_turned_off_still_notifies_in_app_but_sends_no_email(world: World):
    """Preferences govern email only; the bell always rings."""
    async with world.uow_factory() as uow:
        prefs = await uow.notification_preferences.get(CUSTOMER)
        await uow.notification_preferences.save(
            prefs.with_email(NotificationCategory.BOOKING, False)
        )
        await uow.commit()
    paid = _event(RentalEvents.PAID)
    await world.handle(paid)
    assert len(await world.notifications(CUSTOMER)) == 1
    assert sorted(world.sender.mailbox) == [f"{paid.event_id}:{SELLER}"]


async def test_an_email_outage_is_retried_without_a_second_notification(world: World):
    """The provider fails twice: nak, nak, then sent; the in-app rows were stored once."""
    world.sender.failures_left = 2
    paid = _event(RentalEvents.PAID)
    settled = [(await world.handle(paid, attempt)).settled[0][0] for attempt in (1, 2, 3)]
    assert settled == ["nak", "nak", "ack"]
    assert len(await world.notifications(CUSTOMER)) == 1
    assert len(world.sender.mailbox) == 2
    assert len([s for s, _ in world.frames if s == f"user.{CUSTOMER}"]) == 1


async def test_a_redelivered_event_changes_nothing(world: World):
    """Handled twice, the event leaves one row per person and one email per person."""
    paid = _event(RentalEvents.PAID)
    await world.handle(paid)
    await world.handle(paid, attempt=2)
    assert len(await world.notifications(CUSTOMER)) == 1
    assert all(count == 1 for count in world.sender.calls.values())


async def test_a_recipient_who_is_gone_is_skipped(world: World):
    """An event naming an unknown user notifies the others."""
    paid = _event(RentalEvents.PAID)
    ghost = attrs.evolve(paid, payload={**paid.payload, "seller_id": "nobody"})
    assert (await world.handle(ghost)).settled == [("ack", None)]
    assert len(world.sender.mailbox) == 1


# Chat


async def _online(world: World, user_id: str) -> None:
    await world.presence.heartbeat(user_id, "socket-1", now=world.clock.now(), ttl_seconds=3600)


async def test_an_offline_recipient_gets_one_email_per_window_and_then_a_digest(world: World):
    """First message: email and bell; two more inside 15 minutes: counted; then one digest."""
    await world.handle(chat_message(1))
    world.clock.advance(minutes=5)
    await world.handle(chat_message(2, at=world.clock.now()))
    await world.handle(chat_message(3, at=world.clock.now()))
    assert list(world.sender.mailbox) == [f"chat-event-conv-1-1:{CUSTOMER}"]
    first = world.sender.mailbox[f"chat-event-conv-1-1:{CUSTOMER}"]
    assert first.subject == "Pesan baru dari Budi" and "pesan ke-1" in first.text
    assert len(await world.notifications(CUSTOMER)) == 1

    assert await world.chat.send_digests(world.clock.now()) == 0  # the window is still open
    world.clock.advance(minutes=10)
    assert await world.chat.send_digests(world.clock.now()) == 1
    assert await world.chat.send_digests(world.clock.now()) == 0
    digest = list(world.sender.mailbox.values())[-1]
    assert digest.subject == "2 pesan baru di percakapan Anda" and "Budi" in digest.text
    assert len(world.sender.mailbox) == 2


async def test_a_message_after_a_quiet_window_is_emailed_at_once(world: World):
    """Fifteen minutes after the last email, the next message opens a new window."""
    await world.handle(chat_message(1))
    world.clock.advance(minutes=15)
    await world.handle(chat_message(2, at=world.clock.now()))
    assert len(world.sender.mailbox) == 2


async def test_an_online_recipient_gets_no_chat_email(world: World):
    """Presence says online: the socket shows the message, no email, no window."""
    await _online(world, CUSTOMER)
    await world.handle(chat_message(1))
    assert world.sender.mailbox == {}
    async with world.uow_factory() as uow:
        assert await uow.chat_email_throttle.get("conv-1", CUSTOMER) is None


async def test_a_recipient_back_online_before_the_digest_gets_none(world: World):
    """Messages counted while away are dropped once the recipient has come back."""
    await world.handle(chat_message(1))
    await world.handle(chat_message(2))
    await _online(world, CUSTOMER)
    world.clock.advance(minutes=16)
    assert await world.chat.send_digests(world.clock.now()) == 0
    async with world.uow_factory() as uow:
        window = await uow.chat_email_throttle.get("conv-1", CUSTOMER)
    assert window is not None and window.pending == 0
    assert len(world.sender.mailbox) == 1


async def test_chat_email_turned_off_sends_nothing(world: World):
    """The chat category off: no window, no email."""
    async with world.uow_factory() as uow:
        prefs = await uow.notification_preferences.get(CUSTOMER)
        await uow.notification_preferences.save(prefs.with_email("chat", False))
        await uow.commit()
    await world.handle(chat_message(1))
    assert world.sender.mailbox == {}


async def test_windows_are_per_conversation(world: World):
    """Two conversations each get their first email."""
    await world.handle(chat_message(1, conversation="conv-1"))
    await world.handle(chat_message(1, conversation="conv-2"))
    assert len(world.sender.mailbox) == 2


async def test_a_repeated_digest_round_reuses_its_key(world: World):
    """A digest sent but not recorded (crash) is sent again under the same key."""
    await world.handle(chat_message(1))
    await world.handle(chat_message(2))
    world.clock.advance(minutes=16)
    async with world.uow_factory() as uow:
        [window] = await uow.chat_email_throttle.due(world.clock.now(), timedelta(minutes=15))
    await world.chat._send_digest(window)
    await world.chat.send_digests(world.clock.now())
    assert len(world.sender.mailbox) == 2
    assert max(world.sender.calls.values()) == 2


async def test_an_email_refused_for_good_is_let_go(world: World):
    """EmailRejected cannot be fixed by retrying: logged, the event is acked, the bell rang."""

    async def refuse(message: object, *, idempotency_key: str) -> str:
        raise EmailRejected("invalid recipient")

    world.sender.send = refuse  # type: ignore[method-assign]
    assert (await world.handle(_event(RentalEvents.PAID))).settled == [("ack", None)]
    assert len(await world.notifications(CUSTOMER)) == 1
