"""Who is told what about which event: pure rules from a domain event to :class:`Notice` s.

The event names are the contexts' (``bigauto.domain.<context>.events``). The payloads read
here are the aggregates' (``bigauto.domain.bookings.rentals``, ``sales``, ``test_drives``); the
payment and withdrawal payloads are read defensively, as documented at their rule. A value
missing from a payload leaves its sentence out of the text rather than failing the
notification. The payment receipt never reads a commission: the customer's receipt shows what
they paid, not what the platform keeps.

The rental timers' notices carry the rental's payload, like ``rental.confirmed``:
``rental.pickup_reminder`` (a day before the start) and ``rental.overdue`` (not returned by the
end date).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from bigauto.domain.bookings.events import RentalEvents, SaleOrderEvents, TestDriveEvents
from bigauto.domain.money.events import WithdrawalEvents
from bigauto.domain.notifications.inbox import NotificationCategory
from bigauto.domain.payments.events import PaymentEvents
from bigauto.domain.shared.events import DomainEvent
from bigauto.services.notifications.render import Amount, Day, Moment, Names, ReceiptLine

BOOKING = NotificationCategory.BOOKING
SALE = NotificationCategory.SALE
TEST_DRIVE = NotificationCategory.TEST_DRIVE
PAYMENT = NotificationCategory.PAYMENT
PAYOUT = NotificationCategory.PAYOUT

#: Receipt line codes that are the platform's business, never the customer's.
HIDDEN_LINE_CODES = frozenset({"commission", "platform_commission", "platform_fee"})


@attrs.frozen
class Notice:
    """Tell ``user_id`` about an event with ``template``, filled with ``params``.

    ``params`` may hold a ``vehicle_id``; the handler replaces it by the vehicle's title and
    uses the vehicle's city for times. ``lines``/``total`` make an itemised receipt.
    """

    user_id: str
    category: NotificationCategory
    template: str
    link: str | None
    params: Mapping[str, Any] = attrs.field(factory=dict)
    lines: tuple[ReceiptLine, ...] = ()
    total: int | None = None


def _amount(value: Any) -> Amount | None:
    return Amount(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _day(value: Any) -> Day | None:
    return Day(value) if isinstance(value, str) else None


def _moment(value: Any) -> Moment | None:
    return Moment(value) if isinstance(value, str) else None


def _names(value: Any) -> Names | None:
    if not isinstance(value, list | tuple):
        return None
    return Names(tuple(v for v in value if isinstance(v, str) and v))


def _rental_params(p: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "vehicle_id": _text(p.get("vehicle_id")),
        "start_date": _day(p.get("start_date")),
        "end_date": _day(p.get("end_date")),
    }


def _rental(event: DomainEvent) -> list[Notice]:
    p = event.payload
    link = f"/rentals/{event.aggregate_id}"
    base = _rental_params(p)
    customer, seller = _text(p.get("customer_id")), _text(p.get("seller_id"))
    name = event.name
    notices: list[tuple[str | None, str, dict[str, Any]]] = []
    if name == RentalEvents.REQUESTED:
        extra = {
            "total": _amount(p.get("total")),
            "hold_expires_at": _moment(p.get("hold_expires_at")),
        }
        notices.append((customer, name, extra))
    elif name == RentalEvents.PAID:
        notices += [(customer, "rental.paid.customer", {}), (seller, "rental.paid.seller", {})]
    elif name in (
        RentalEvents.CONFIRMED,
        RentalEvents.STARTED,
        RentalEvents.COMPLETED,
        RentalEvents.PICKUP_REMINDER,
    ):
        notices.append((customer, name, {}))
    elif name == RentalEvents.OVERDUE:
        notices += [(customer, name, {}), (seller, name, {})]
    elif name == RentalEvents.CANCELLED:
        refund = sum(
            v for v in (p.get("refund_amount"), p.get("deposit_refund")) if isinstance(v, int)
        )
        notices.append(
            (customer, "rental.cancelled.customer", {"refund": _amount(refund) if refund else None})
        )
        # The seller hears of a booking once it is paid; an unpaid one's end is not news to them.
        if p.get("from_state") != "pending_payment":
            notices.append((seller, "rental.cancelled.seller", {}))
    return [
        Notice(user, BOOKING, template, link, {**base, **extra})
        for user, template, extra in notices
        if user is not None
    ]


def _sale(event: DomainEvent) -> list[Notice]:
    p = event.payload
    buyer, seller = _text(p.get("buyer_id")), _text(p.get("seller_id"))
    params: dict[str, Any] = {
        "vehicle_id": _text(p.get("vehicle_id")),
        "offer_price": _amount(p.get("offer_price")),
        "counter_price": _amount(p.get("counter_price")),
        "agreed_price": _amount(p.get("agreed_price")),
    }
    name = event.name
    to_seller = {SaleOrderEvents.OFFERED, SaleOrderEvents.COUNTER_ACCEPTED}
    to_buyer = {
        SaleOrderEvents.COUNTERED,
        SaleOrderEvents.ACCEPTED,
        SaleOrderEvents.REJECTED,
        SaleOrderEvents.DECLINED,
        SaleOrderEvents.DOCUMENTS_STARTED,
    }
    targets: list[tuple[str | None, str]] = []
    if name in to_seller:
        targets.append((seller, name))
    elif name in to_buyer:
        targets.append((buyer, name))
    elif name == SaleOrderEvents.PAID:
        targets += [(buyer, "sale_order.paid.buyer"), (seller, "sale_order.paid.seller")]
    elif name == SaleOrderEvents.DOCUMENTS_TRANSFERRED:
        params["documents"] = _names(p.get("documents")) or Names(())
        missing = _names(p.get("missing"))
        params["missing"] = missing if missing and missing.values else None
        targets.append((buyer, name))
    elif name in (SaleOrderEvents.COMPLETED, SaleOrderEvents.CANCELLED):
        refund = p.get("refund_amount")
        params["refund"] = _amount(refund) if isinstance(refund, int) and refund > 0 else None
        targets += [(buyer, name), (seller, name)]
    link = f"/sale-orders/{event.aggregate_id}"
    return [Notice(user, SALE, template, link, params) for user, template in targets if user]


def _test_drive(event: DomainEvent) -> list[Notice]:
    p = event.payload
    customer, seller = _text(p.get("customer_id")), _text(p.get("seller_id"))
    params = {
        "vehicle_id": _text(p.get("vehicle_id")),
        "scheduled_at": _moment(p.get("scheduled_at")),
    }
    if event.name == TestDriveEvents.REQUESTED:
        targets = [seller]
    elif event.name == TestDriveEvents.CONFIRMED:
        targets = [customer]
    else:  # cancelled: tell whoever did not cancel
        actor = p.get("actor_id")
        targets = [user for user in (customer, seller) if user != actor]
    link = f"/test-drives/{event.aggregate_id}"
    return [Notice(user, TEST_DRIVE, event.name, link, params) for user in targets if user]


def _receipt_lines(raw: Any) -> tuple[ReceiptLine, ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return ()
    lines = []
    for item in raw:
        if not isinstance(item, Mapping) or str(item.get("code", "")).lower() in HIDDEN_LINE_CODES:
            continue
        amount = item.get("amount")
        description = item.get("description") or item.get("code")
        if not isinstance(amount, int) or not description:
            continue
        quantity = item.get("quantity")
        lines.append(
            ReceiptLine(str(description), amount, quantity if isinstance(quantity, int) else None)
        )
    return tuple(lines)


def _payment(event: DomainEvent) -> list[Notice]:
    """``payment.paid``, its payload as read here; only ``amount`` and a payer id are
    needed, everything else is optional::

        {"payment_id", "order_id", "customer_id" (or "payer_id" / "user_id"), "amount",
         "method"?, "paid_at"?, "rental_booking_id"? | "sale_order_id"?,
         "lines"?: [{"code"?, "description", "quantity"?, "unit_price"?, "amount"}]}

    Lines coded ``commission`` (or ``platform_fee``) and any commission field are never shown.
    """
    p = event.payload
    payer = _text(p.get("customer_id")) or _text(p.get("payer_id")) or _text(p.get("user_id"))
    if payer is None:
        return []
    amount = _amount(p.get("amount")) or _amount(p.get("gross_amount"))
    params = {
        "order_id": _text(p.get("order_id")) or "",
        "amount": amount,
        "method": _text(p.get("method")) or _text(p.get("payment_type")),
        "paid_at": _moment(p.get("paid_at")) or Moment(event.occurred_at.isoformat()),
    }
    payment_id = _text(p.get("payment_id")) or event.aggregate_id
    return [
        Notice(
            payer,
            PAYMENT,
            "payment.receipt",
            f"/payments/{payment_id}",
            params,
            lines=_receipt_lines(p.get("lines")),
            total=amount.value if amount else None,
        )
    ]


def _withdrawal(event: DomainEvent) -> list[Notice]:
    """``withdrawal.approved|paid|rejected``, their payload as read here::

        {"seller_id" (or "user_id"), "amount", "bank_code"?, "account_number"?, "reason"?}

    The account number is shown masked to its last four digits.
    """
    p = event.payload
    seller = _text(p.get("seller_id")) or _text(p.get("user_id"))
    if seller is None:
        return []
    account = _text(p.get("account_number"))
    params = {
        "amount": _amount(p.get("amount")),
        "bank": (_text(p.get("bank_code")) or "").upper() or None,
        "account": f"••••{account[-4:]}" if account else None,
        "reason": _text(p.get("reason")),
    }
    return [Notice(seller, PAYOUT, event.name, "/seller/withdrawals", params)]


_RULES: dict[str, Callable[[DomainEvent], list[Notice]]] = {
    **{
        name: _rental
        for name in (
            RentalEvents.REQUESTED,
            RentalEvents.PAID,
            RentalEvents.CONFIRMED,
            RentalEvents.STARTED,
            RentalEvents.COMPLETED,
            RentalEvents.CANCELLED,
            RentalEvents.PICKUP_REMINDER,
            RentalEvents.OVERDUE,
        )
    },
    **{
        name: _sale
        for name in (
            SaleOrderEvents.OFFERED,
            SaleOrderEvents.COUNTERED,
            SaleOrderEvents.COUNTER_ACCEPTED,
            SaleOrderEvents.ACCEPTED,
            SaleOrderEvents.REJECTED,
            SaleOrderEvents.DECLINED,
            SaleOrderEvents.PAID,
            SaleOrderEvents.DOCUMENTS_STARTED,
            SaleOrderEvents.DOCUMENTS_TRANSFERRED,
            SaleOrderEvents.COMPLETED,
            SaleOrderEvents.CANCELLED,
        )
    },
    **{
        name: _test_drive
        for name in (
            TestDriveEvents.REQUESTED,
            TestDriveEvents.CONFIRMED,
            TestDriveEvents.CANCELLED,
        )
    },
    PaymentEvents.PAID: _payment,
    **{
        name: _withdrawal
        for name in (WithdrawalEvents.APPROVED, WithdrawalEvents.PAID, WithdrawalEvents.REJECTED)
    },
}

#: Every event name that notifies someone.
NOTIFYING_EVENTS: tuple[str, ...] = tuple(_RULES)


def notices_for(event: DomainEvent) -> list[Notice]:
    """The notices ``event`` gives rise to (none for events nobody is told about)."""
    rule = _RULES.get(event.name)
    return rule(event) if rule is not None else []


__all__ = ["HIDDEN_LINE_CODES", "NOTIFYING_EVENTS", "Notice", "notices_for"]
