"""One real event of every kind that notifies someone, made by driving the domain aggregates
(rentals, sale orders, test drives), plus the expected payloads of later waves' events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import count

from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.domain.bookings.events import RentalEvents
from bigauto.domain.bookings.rentals import RentalBooking, booking_calendar
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive
from bigauto.domain.catalogue.pricing import RatePlan
from bigauto.domain.chat.events import ChatEvents
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.money.events import WithdrawalEvents
from bigauto.domain.payments.events import PaymentEvents
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money

CUSTOMER, SELLER = "customer-1", "seller-1"
VEHICLE = "vehicle-1"
NOW = datetime(2026, 3, 2, 2, tzinfo=UTC)  # 09:00 in Jakarta, a Monday


def _ids() -> Iterator[str]:
    return (f"00000000-0000-7000-9000-{n:012d}" for n in count(1))


def rental_events() -> list[DomainEvent]:
    ids = _ids()
    start = date(2026, 3, 10)
    booking, requested = RentalBooking.request(
        booking_id="rental-1",
        vehicle_id=VEHICLE,
        customer_id=CUSTOMER,
        seller_id=SELLER,
        start_date=start,
        end_date=start + timedelta(days=3),
        plan=RatePlan(Money(300_000), deposit=Money(500_000)),
        calendar=booking_calendar(()),
        commission=CommissionPolicy(),
        now=NOW,
        timezone="Asia/Jakarta",
        event_id=next(ids),
    )
    events = [requested]
    booking, event = booking.pay(at=NOW, event_id=next(ids))
    events.append(event)
    paid = booking
    booking, event = booking.confirm(actor_id=SELLER, at=NOW, event_id=next(ids))
    events.append(event)
    handover = datetime.combine(start, time(3), tzinfo=UTC)
    booking, event = booking.start(actor_id=SELLER, at=handover, event_id=next(ids))
    events.append(event)
    booking, event = booking.complete(actor_id=SELLER, at=handover, event_id=next(ids))
    events.append(event)
    _, event = paid.cancel(
        actor=Actor.CUSTOMER,
        actor_id=CUSTOMER,
        at=NOW,
        event_id=next(ids),
        policy=CancellationPolicy(),
    )
    events.append(event)
    # Timer events of the bookings wave carry the rental's facts.
    facts = {
        "vehicle_id": VEHICLE,
        "customer_id": CUSTOMER,
        "seller_id": SELLER,
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=3)).isoformat(),
    }
    for name in (RentalEvents.PICKUP_REMINDER, RentalEvents.OVERDUE):
        events.append(DomainEvent(name, next(ids), NOW, "rental", "rental-1", facts))
    return events


def sale_events() -> list[DomainEvent]:
    ids = _ids()
    events = []
    order, event = SaleOrder.offer(
        order_id="sale-1",
        vehicle_id=VEHICLE,
        buyer_id=CUSTOMER,
        seller_id=SELLER,
        price=Money(180_000_000),
        asking_price=Money(200_000_000),
        commission=CommissionPolicy(),
        now=NOW,
        event_id=next(ids),
    )
    events.append(event)
    rejected = order.reject(actor_id=SELLER, at=NOW, event_id=next(ids))[1]
    declined = order.decline(at=NOW, event_id=next(ids))[1]
    accepted = order.accept(actor_id=SELLER, at=NOW, event_id=next(ids))[1]
    order, event = order.counter(
        price=Money(190_000_000), actor_id=SELLER, at=NOW, event_id=next(ids)
    )
    events.append(event)
    order, event = order.accept_counter(actor_id=CUSTOMER, at=NOW, event_id=next(ids))
    events += [event, accepted, rejected, declined]
    order, event = order.pay(at=NOW, event_id=next(ids))
    events.append(event)
    order, event = order.start_documents(actor_id=SELLER, at=NOW, event_id=next(ids))
    events.append(event)
    order, event = order.mark_documents(
        ["bpkb", "stnk"], actor=Actor.SELLER, actor_id=SELLER, at=NOW, event_id=next(ids)
    )
    assert event is not None
    events.append(event)
    cancelled = order.cancel(actor=Actor.SELLER, actor_id=SELLER, at=NOW, event_id=next(ids))[1]
    order, event = order.mark_documents(
        ["faktur", "pajak"], actor=Actor.SELLER, actor_id=SELLER, at=NOW, event_id=next(ids)
    )
    order, event = order.complete(actor=Actor.SELLER, actor_id=SELLER, at=NOW, event_id=next(ids))
    events += [event, cancelled]
    return events


def test_drive_events() -> list[DomainEvent]:
    ids = _ids()
    drive, requested = TestDrive.request(
        test_drive_id="drive-1",
        vehicle_id=VEHICLE,
        customer_id=CUSTOMER,
        seller_id=SELLER,
        scheduled_at=NOW + timedelta(days=1, hours=5),
        now=NOW,
        opening_hours=OpeningHours.default(),
        timezone="Asia/Jakarta",
        existing=(),
        event_id=next(ids),
    )
    confirmed_drive, confirmed = drive.confirm(actor_id=SELLER, at=NOW, event_id=next(ids))
    _, cancelled = confirmed_drive.cancel(
        actor=Actor.CUSTOMER, actor_id=CUSTOMER, at=NOW, event_id=next(ids)
    )
    return [requested, confirmed, cancelled]


def money_events() -> list[DomainEvent]:
    ids = _ids()
    paid = DomainEvent(
        PaymentEvents.PAID,
        next(ids),
        NOW,
        "payment",
        "payment-1",
        {
            "payment_id": "payment-1",
            "order_id": "BA-R-0001",
            "customer_id": CUSTOMER,
            "seller_id": SELLER,
            "amount": 1_400_000,
            "commission": 45_000,
            "method": "gopay",
            "paid_at": NOW.isoformat(),
            "rental_booking_id": "rental-1",
            "lines": [
                {"code": "rental", "description": "Sewa 3 hari", "quantity": 3, "amount": 900_000},
                {"code": "deposit", "description": "Deposit", "amount": 500_000},
                {"code": "commission", "description": "Komisi platform", "amount": 45_000},
            ],
        },
    )
    withdrawal = {
        "seller_id": SELLER,
        "amount": 2_500_000,
        "bank_code": "bca",
        "account_number": "1234567890",
    }
    return [
        paid,
        DomainEvent(WithdrawalEvents.APPROVED, next(ids), NOW, "withdrawal", "w-1", withdrawal),
        DomainEvent(WithdrawalEvents.PAID, next(ids), NOW, "withdrawal", "w-1", withdrawal),
        DomainEvent(
            WithdrawalEvents.REJECTED,
            next(ids),
            NOW,
            "withdrawal",
            "w-2",
            {**withdrawal, "reason": "rekening tidak cocok"},
        ),
    ]


def every_notifying_event() -> list[DomainEvent]:
    return rental_events() + sale_events() + test_drive_events() + money_events()


def chat_message(n: int, *, conversation: str = "conv-1", at: datetime = NOW) -> DomainEvent:
    return DomainEvent(
        ChatEvents.MESSAGE_SENT,
        f"chat-event-{conversation}-{n}",
        at,
        "conversation",
        conversation,
        {
            "conversation_id": conversation,
            "message_id": f"message-{n}",
            "sender_id": SELLER,
            "recipient_ids": [CUSTOMER],
            "content": f"Mobilnya masih ada, pesan ke-{n}",
        },
    )
