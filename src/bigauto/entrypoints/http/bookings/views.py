"""What the booking routes answer: rentals with their quote snapshot, test drives, sale orders,
reviews, opening hours, and how to pay a deal that awaits payment.

Money is whole rupiah (integers), rates are decimal strings (``"0.05"``), instants RFC 3339
UTC, rental periods dates with ``end_date`` exclusive. Every aggregate carries its ``history``
(the audit trail: who moved it from which state to which, when and why). Each view has its
converter from the domain (``rental_view(booking)``...), the one place its JSON is decided.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from bigauto.domain.bookings.lifecycles import (
    RentalState,
    SaleDocument,
    SaleOrderState,
    TestDriveState,
)
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import WEEKDAY_NAMES, OpeningHours, TestDrive
from bigauto.domain.catalogue.quote import Quote
from bigauto.domain.shared.audit import StatusChange
from bigauto.domain.shared.money import Money
from bigauto.entrypoints.http.contract import View, copied
from bigauto.entrypoints.http.paging import Pagination

#: A rate as the API writes it: a decimal string.
RateText = Annotated[str, msgspec.Meta(examples=["0.05"])]
#: A time of day, ``HH:MM``.
Clock = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", max_length=5)]


class Weekday(enum.StrEnum):
    """A day of the week, by its English name."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


WEEKDAYS = tuple(Weekday)
assert [d.value for d in WEEKDAYS] == list(WEEKDAY_NAMES), "Monday is weekday 0"


def rate_text(rate: Decimal) -> str:
    """A rate as the API writes it: plain decimal notation, no exponent (``"0.05"``)."""
    return format(rate.normalize(), "f")


def _amount(value: Money | None) -> int | None:
    return None if value is None else value.amount


class HistoryView(View):
    """One move in a deal's audit trail; ``from_state`` is null on the row of its creation."""

    from_state: str | None
    to_state: str
    event: str
    actor: str
    actor_id: str | None
    at: datetime
    reason: str | None


def history_view(rows: Iterable[StatusChange]) -> list[HistoryView]:
    return [
        copied(
            HistoryView,
            row,
            actor=row.actor.value,
        )
        for row in rows
    ]


class QuoteLineView(View):
    """One line of a quote: ``quantity`` × ``unit_price`` = ``amount``."""

    code: str
    description: str
    quantity: int
    unit_price: int
    amount: int


class QuoteView(View):
    """What a rental costs: ``total`` = ``subtotal`` − ``discount`` + ``deposit`` (refundable),
    with the commission rate in force."""

    days: int
    lines: list[QuoteLineView]
    subtotal: int
    discount: int
    deposit: int
    total: int
    promo_code: str | None
    commission_rate: RateText


def quote_view(quote: Quote, commission_rate: Decimal) -> QuoteView:
    return QuoteView(
        days=quote.days,
        lines=[
            QuoteLineView(
                code=line.code,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price.amount,
                amount=line.amount.amount,
            )
            for line in quote.lines
        ],
        subtotal=quote.subtotal.amount,
        discount=quote.discount.amount,
        deposit=quote.deposit.amount,
        total=quote.total.amount,
        promo_code=quote.promo_code,
        commission_rate=rate_text(commission_rate),
    )


class PaymentRequest(View):
    """The body of ``POST /api/payments`` for one deal: the id of the rental or of the sale
    order, whichever the deal is."""

    rental_booking_id: str | msgspec.UnsetType = msgspec.UNSET
    sale_order_id: str | msgspec.UnsetType = msgspec.UNSET


class PaymentLink(View):
    """How to pay a deal: send ``body`` as JSON to ``method`` ``path`` (with the customer's
    token, and an ``Idempotency-Key`` to retry safely)."""

    method: Literal["POST"]
    path: Literal["/api/payments"]
    body: PaymentRequest


def _pay_with(body: PaymentRequest) -> PaymentLink:
    return PaymentLink(method="POST", path="/api/payments", body=body)


class RentalView(View):
    """A rental booking, with the quote it was priced at.

    ``payment`` says how to pay it while it awaits payment (``pending_payment``, until
    ``hold_expires_at``): ``{"method": "POST", "path": "/api/payments", "body":
    {"rental_booking_id": <id>}}``; it is null in every other state.
    """

    id: str
    vehicle_id: str
    customer_id: str
    seller_id: str
    start_date: date
    end_date: date
    days: int
    status: RentalState
    timezone: str
    quote: QuoteView
    total: int
    deposit: int
    commission_rate: RateText
    currency: str
    created_at: datetime
    hold_expires_at: datetime
    paid_at: datetime | None
    refund_amount: int | None
    deposit_refund: int
    total_refund: int
    cancelled_by: str | None
    payment: PaymentLink | None
    history: list[HistoryView]


def rental_view(b: RentalBooking) -> RentalView:
    payable = b.status is RentalState.PENDING_PAYMENT
    return copied(
        RentalView,
        b,
        start_date=b.period.start,
        end_date=b.period.end,
        days=b.period.days,
        quote=quote_view(b.quote, b.commission_rate),
        total=b.quote.total.amount,
        deposit=b.quote.deposit.amount,
        commission_rate=rate_text(b.commission_rate),
        currency=b.quote.total.currency,
        refund_amount=_amount(b.refund_amount),
        deposit_refund=b.deposit_refund.amount,
        total_refund=b.total_refund.amount,
        cancelled_by=b.cancelled_by.value if b.cancelled_by else None,
        payment=_pay_with(PaymentRequest(rental_booking_id=b.id)) if payable else None,
        history=history_view(b.history),
    )


class DriveView(View):
    """A test drive: its slot (``scheduled_at`` to ``ends_at``) and where it is."""

    id: str
    vehicle_id: str
    customer_id: str
    seller_id: str
    scheduled_at: datetime
    ends_at: datetime
    duration_minutes: int
    status: TestDriveState
    created_at: datetime
    history: list[HistoryView]


def drive_view(d: TestDrive) -> DriveView:
    return copied(
        DriveView,
        d,
        scheduled_at=d.slot.start,
        ends_at=d.slot.end,
        duration_minutes=int(d.slot.duration.total_seconds() // 60),
        history=history_view(d.history),
    )


class DocumentView(View):
    """Whether one paper has changed hands, by whom and when."""

    transferred: bool
    transferred_by: str | None
    transferred_at: datetime | None


class DocumentsView(View):
    """The four papers of a used-car sale; completion needs all of them transferred."""

    bpkb: DocumentView
    stnk: DocumentView
    faktur: DocumentView
    pajak: DocumentView


class SaleOrderView(View):
    """An offer to buy a car, as negotiated so far.

    ``payment`` says how to pay it while it awaits payment (``pending_payment``, once a price is
    agreed): ``{"method": "POST", "path": "/api/payments", "body": {"sale_order_id": <id>}}``;
    it is null in every other state.
    """

    id: str
    vehicle_id: str
    buyer_id: str
    seller_id: str
    status: SaleOrderState
    currency: str
    asking_price: int
    offer_price: int
    counter_price: int | None
    agreed_price: int | None
    rounds: int
    rounds_left: int
    commission_rate: RateText
    documents: DocumentsView
    created_at: datetime
    paid_at: datetime | None
    refund_amount: int | None
    cancelled_by: str | None
    payment: PaymentLink | None
    history: list[HistoryView]


def _documents(o: SaleOrder) -> DocumentsView:
    transferred = {row.document: row for row in o.documents}

    def paper(doc: SaleDocument) -> DocumentView:
        row = transferred.get(doc)
        if row is None:
            return DocumentView(transferred=False, transferred_by=None, transferred_at=None)
        return DocumentView(
            transferred=True, transferred_by=row.transferred_by, transferred_at=row.transferred_at
        )

    return DocumentsView(
        bpkb=paper(SaleDocument.BPKB),
        stnk=paper(SaleDocument.STNK),
        faktur=paper(SaleDocument.FAKTUR),
        pajak=paper(SaleDocument.PAJAK),
    )


def sale_order_view(o: SaleOrder) -> SaleOrderView:
    payable = o.status is SaleOrderState.PENDING_PAYMENT
    return copied(
        SaleOrderView,
        o,
        currency=o.offer_price.currency,
        asking_price=o.asking_price.amount,
        offer_price=o.offer_price.amount,
        counter_price=_amount(o.counter_price),
        agreed_price=_amount(o.agreed_price),
        commission_rate=rate_text(o.commission_rate),
        documents=_documents(o),
        refund_amount=_amount(o.refund_amount),
        cancelled_by=o.cancelled_by.value if o.cancelled_by else None,
        payment=_pay_with(PaymentRequest(sale_order_id=o.id)) if payable else None,
        history=history_view(o.history),
    )


class ReviewView(View):
    """A customer's review of a completed rental or sale (one of the two deal ids is set)."""

    id: str
    author_id: str
    vehicle_id: str
    seller_id: str
    rental_booking_id: str | None
    sale_order_id: str | None
    rating: int
    comment: str
    created_at: datetime


def review_view(r: Review) -> ReviewView:
    return copied(ReviewView, r)


class RatingView(View):
    """The average rating (null before any review) and how many reviews make it."""

    rating: float | None
    review_count: int


def rating_view(summary: RatingSummary) -> RatingView:
    average = summary.average
    return RatingView(
        rating=None if average is None else float(average), review_count=summary.count
    )


class ReviewsPage(View):
    """One page of a vehicle's reviews, newest first, with its rating over all of them."""

    data: list[ReviewView]
    pagination: Pagination
    summary: RatingView


class DayHoursView(View):
    """The hours of one open weekday, local time."""

    weekday: Weekday
    opens: Clock
    closes: Clock


class OpeningHoursView(View):
    """A seller's opening hours for test drives; a weekday not listed is closed."""

    days: list[DayHoursView]


def opening_hours_view(hours: OpeningHours) -> OpeningHoursView:
    return OpeningHoursView(
        days=[
            DayHoursView(
                weekday=WEEKDAYS[d.weekday],
                opens=d.opens.strftime("%H:%M"),
                closes=d.closes.strftime("%H:%M"),
            )
            for d in hours.days
        ]
    )


__all__ = [
    "WEEKDAYS",
    "DayHoursView",
    "DriveView",
    "OpeningHoursView",
    "PaymentLink",
    "QuoteView",
    "RatingView",
    "RentalView",
    "ReviewView",
    "ReviewsPage",
    "SaleOrderView",
    "Weekday",
    "drive_view",
    "opening_hours_view",
    "quote_view",
    "rate_text",
    "rating_view",
    "rental_view",
    "review_view",
    "sale_order_view",
]
