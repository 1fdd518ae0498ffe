"""JSON shapes of bookings: rentals with their quote snapshot, test drives, sale orders, reviews.

Money is whole rupiah (integers), rates are decimal strings (``"0.05"``), instants RFC 3339
UTC, rental periods dates with ``end_date`` exclusive. Every aggregate carries its ``history``
(the audit trail: who moved it from which state to which, when and why).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive
from bigauto.domain.catalogue.quote import Quote
from bigauto.domain.shared.audit import StatusChange
from bigauto.domain.shared.money import Money
from bigauto.entrypoints.http.codec import picked

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _amount(value: Money | None) -> int | None:
    return None if value is None else value.amount


def rate_text(rate: Decimal) -> str:
    """A rate as the API writes it: plain decimal notation, no exponent (``"0.05"``)."""
    return format(rate.normalize(), "f")


def history_json(rows: Iterable[StatusChange]) -> list[dict[str, Any]]:
    return [
        {
            "from_state": row.from_state,
            "to_state": row.to_state,
            "event": row.event,
            "actor": row.actor.value,
            "actor_id": row.actor_id,
            "at": _instant(row.at),
            "reason": row.reason,
        }
        for row in rows
    ]


def quote_json(quote: Quote, commission_rate: Decimal) -> dict[str, Any]:
    return {
        "days": quote.days,
        "lines": [
            {
                "code": line.code,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price.amount,
                "amount": line.amount.amount,
            }
            for line in quote.lines
        ],
        "subtotal": quote.subtotal.amount,
        "discount": quote.discount.amount,
        "deposit": quote.deposit.amount,
        "total": quote.total.amount,
        "promo_code": quote.promo_code,
        "commission_rate": rate_text(commission_rate),
    }


def rental_json(b: RentalBooking) -> dict[str, Any]:
    return {
        **picked(b, "id", "vehicle_id", "customer_id", "seller_id"),
        "start_date": b.period.start.isoformat(),
        "end_date": b.period.end.isoformat(),
        "days": b.period.days,
        "status": b.status.value,
        "timezone": b.timezone,
        "quote": quote_json(b.quote, b.commission_rate),
        "total": b.quote.total.amount,
        "deposit": b.quote.deposit.amount,
        "commission_rate": rate_text(b.commission_rate),
        "currency": b.quote.total.currency,
        "created_at": _instant(b.created_at),
        "hold_expires_at": _instant(b.hold_expires_at),
        "paid_at": _instant(b.paid_at),
        "refund_amount": _amount(b.refund_amount),
        "deposit_refund": b.deposit_refund.amount,
        "total_refund": b.total_refund.amount,
        "cancelled_by": b.cancelled_by.value if b.cancelled_by else None,
        "history": history_json(b.history),
    }


def drive_json(d: TestDrive) -> dict[str, Any]:
    return {
        **picked(d, "id", "vehicle_id", "customer_id", "seller_id"),
        "scheduled_at": _instant(d.slot.start),
        "ends_at": _instant(d.slot.end),
        "duration_minutes": int(d.slot.duration.total_seconds() // 60),
        "status": d.status.value,
        "created_at": _instant(d.created_at),
        "history": history_json(d.history),
    }


def sale_order_json(o: SaleOrder) -> dict[str, Any]:
    transferred = {row.document.value: row for row in o.documents}
    return {
        **picked(o, "id", "vehicle_id", "buyer_id", "seller_id"),
        "status": o.status.value,
        "currency": o.offer_price.currency,
        "asking_price": o.asking_price.amount,
        "offer_price": o.offer_price.amount,
        "counter_price": _amount(o.counter_price),
        "agreed_price": _amount(o.agreed_price),
        "rounds": o.rounds,
        "rounds_left": o.rounds_left,
        "commission_rate": rate_text(o.commission_rate),
        "documents": {
            doc: {
                "transferred": doc in transferred,
                "transferred_by": transferred[doc].transferred_by if doc in transferred else None,
                "transferred_at": (
                    _instant(transferred[doc].transferred_at) if doc in transferred else None
                ),
            }
            for doc in ("bpkb", "stnk", "faktur", "pajak")
        },
        "created_at": _instant(o.created_at),
        "paid_at": _instant(o.paid_at),
        "refund_amount": _amount(o.refund_amount),
        "cancelled_by": o.cancelled_by.value if o.cancelled_by else None,
        "history": history_json(o.history),
    }


def review_json(r: Review) -> dict[str, Any]:
    return {
        **picked(
            r, "id", "author_id", "vehicle_id", "seller_id", "rental_booking_id", "sale_order_id"
        ),
        **picked(r, "rating", "comment"),
        "created_at": _instant(r.created_at),
    }


def rating_json(summary: RatingSummary) -> dict[str, Any]:
    average = summary.average
    return {"rating": None if average is None else float(average), "review_count": summary.count}


def opening_hours_json(hours: OpeningHours) -> dict[str, Any]:
    return {
        "days": [
            {
                "weekday": WEEKDAYS[d.weekday],
                "opens": d.opens.strftime("%H:%M"),
                "closes": d.closes.strftime("%H:%M"),
            }
            for d in hours.days
        ]
    }


__all__ = [
    "WEEKDAYS",
    "drive_json",
    "history_json",
    "opening_hours_json",
    "quote_json",
    "rate_text",
    "rating_json",
    "rental_json",
    "review_json",
    "sale_order_json",
]
