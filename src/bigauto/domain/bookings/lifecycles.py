"""The lifecycles of bookings as declarative tables: rentals, sale orders and test drives.

Sale orders have an explicit ``countered`` state: after the seller counters, the next move is the
buyer's (``accept_counter``), and the seller may still revise the counter or reject. Keeping it
out of ``pending_confirmation`` lets a listing say whose turn it is without extra fields.

>>> RENTAL.fire(RentalState.PAID, RentalEvent.CONFIRM, SELLER).event_name
'rental.confirmed'
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from bigauto.domain.bookings.events import RentalEvents, SaleOrderEvents, TestDriveEvents
from bigauto.domain.shared.actors import ADMIN, CUSTOMER, SELLER, SYSTEM
from bigauto.domain.shared.statemachine import Context, StateMachine, Transition


class RentalState(enum.StrEnum):
    """Where a rental booking is; ``akan_datang`` is "upcoming", ``berjalan`` "ongoing"."""

    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    AKAN_DATANG = "akan_datang"
    BERJALAN = "berjalan"
    SELESAI = "selesai"
    CANCELLED = "cancelled"


class RentalEvent(enum.StrEnum):
    """What can happen to a rental booking."""

    PAY = "pay"
    CONFIRM = "confirm"
    AUTO_CONFIRM = "auto_confirm"
    START = "start"
    COMPLETE = "complete"
    CANCEL = "cancel"
    PAYMENT_EXPIRED = "payment_expired"
    PAYMENT_FAILED = "payment_failed"


_R, _RE = RentalState, RentalEvent


RENTAL = StateMachine(
    name="rental",
    states=set(_R),
    initial=_R.PENDING_PAYMENT,
    terminal={_R.SELESAI, _R.CANCELLED},
    transitions=[
        Transition({_R.PENDING_PAYMENT}, _RE.PAY, _R.PAID, {SYSTEM}, emits=RentalEvents.PAID),
        Transition({_R.PAID}, _RE.CONFIRM, _R.AKAN_DATANG, {SELLER}, emits=RentalEvents.CONFIRMED),
        Transition(
            {_R.PAID}, _RE.AUTO_CONFIRM, _R.AKAN_DATANG, {SYSTEM}, emits=RentalEvents.CONFIRMED
        ),
        Transition({_R.AKAN_DATANG}, _RE.START, _R.BERJALAN, {SELLER}, emits=RentalEvents.STARTED),
        Transition({_R.BERJALAN}, _RE.COMPLETE, _R.SELESAI, {SELLER}, emits=RentalEvents.COMPLETED),
        Transition(
            {_R.PENDING_PAYMENT}, _RE.CANCEL, _R.CANCELLED, {CUSTOMER}, emits=RentalEvents.CANCELLED
        ),
        # Every way into ``cancelled`` emits the same event, so a single handler frees the
        # calendar; the firing event (kept in the payload) tells why.
        Transition(
            {_R.PENDING_PAYMENT},
            _RE.PAYMENT_EXPIRED,
            _R.CANCELLED,
            {SYSTEM},
            emits=RentalEvents.CANCELLED,
        ),
        Transition(
            {_R.PENDING_PAYMENT},
            _RE.PAYMENT_FAILED,
            _R.CANCELLED,
            {SYSTEM},
            emits=RentalEvents.CANCELLED,
        ),
        Transition(
            {_R.PAID, _R.AKAN_DATANG},
            _RE.CANCEL,
            _R.CANCELLED,
            {CUSTOMER, SELLER, ADMIN},
            emits=RentalEvents.CANCELLED,
        ),
    ],
)


class SaleOrderState(enum.StrEnum):
    """Where an offer to buy a vehicle is."""

    PENDING_CONFIRMATION = "pending_confirmation"
    COUNTERED = "countered"
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    DOCUMENT_PROCESSING = "document_processing"
    COMPLETED = "completed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class SaleOrderEvent(enum.StrEnum):
    """What can happen to a sale order."""

    ACCEPT = "accept"
    REJECT = "reject"
    COUNTER = "counter"
    ACCEPT_COUNTER = "accept_counter"
    PAY = "pay"
    PAYMENT_EXPIRED = "payment_expired"
    START_DOCUMENTS = "start_documents"
    COMPLETE = "complete"
    CANCEL = "cancel"
    DECLINE = "decline"


class SaleDocument(enum.StrEnum):
    """The papers that change hands with a used car; completion needs all four."""

    BPKB = "bpkb"
    STNK = "stnk"
    FAKTUR = "faktur"
    PAJAK = "pajak"


#: Context key for the sale ``complete`` guard: the documents already transferred, either a
#: collection of names (``{"bpkb", "stnk"}``) or a mapping of name to bool
#: (``{"bpkb": True, ...}``, like the ``*_transferred`` flags of the documents endpoint).
DOCUMENTS_TRANSFERRED = "documents_transferred"


def documents_missing(context: Context) -> str | None:
    """Guard: why a sale cannot complete yet (documents not transferred), or None."""
    given = context.get(DOCUMENTS_TRANSFERRED, ())
    if isinstance(given, Mapping):
        done = {str(name) for name, flag in given.items() if flag}
    elif isinstance(given, str):
        done = {given}
    else:
        done = {str(name) for name in given}
    missing = [doc.value for doc in SaleDocument if doc.value not in done]
    return f"documents not yet transferred: {', '.join(missing)}" if missing else None


_S, _SE = SaleOrderState, SaleOrderEvent


#: While the price is still being negotiated: the seller may reject or counter.
_NEGOTIATING = {_S.PENDING_CONFIRMATION, _S.COUNTERED}


_BEFORE_PAYMENT = {*_NEGOTIATING, _S.PENDING_PAYMENT}


_AFTER_PAYMENT = {_S.PAID, _S.DOCUMENT_PROCESSING}


SALE_ORDER = StateMachine(
    name="sale_order",
    states=set(_S),
    initial=_S.PENDING_CONFIRMATION,
    terminal={_S.COMPLETED, _S.REJECTED, _S.CANCELLED},
    transitions=[
        Transition(
            {_S.PENDING_CONFIRMATION},
            _SE.ACCEPT,
            _S.PENDING_PAYMENT,
            {SELLER},
            emits=SaleOrderEvents.ACCEPTED,
        ),
        Transition(_NEGOTIATING, _SE.REJECT, _S.REJECTED, {SELLER}, emits=SaleOrderEvents.REJECTED),
        # From ``countered`` this revises the counter-offer.
        Transition(
            _NEGOTIATING, _SE.COUNTER, _S.COUNTERED, {SELLER}, emits=SaleOrderEvents.COUNTERED
        ),
        Transition(
            {_S.COUNTERED},
            _SE.ACCEPT_COUNTER,
            _S.PENDING_PAYMENT,
            {CUSTOMER},
            emits=SaleOrderEvents.COUNTER_ACCEPTED,
        ),
        # When another order for the vehicle is paid, the open ones are declined on the seller's
        # behalf: its own event, so the buyer's notification can say the car went to someone else.
        Transition(
            _BEFORE_PAYMENT,
            _SE.DECLINE,
            _S.REJECTED,
            {SYSTEM},
            emits=SaleOrderEvents.DECLINED,
        ),
        Transition({_S.PENDING_PAYMENT}, _SE.PAY, _S.PAID, {SYSTEM}, emits=SaleOrderEvents.PAID),
        Transition(
            {_S.PENDING_PAYMENT},
            _SE.PAYMENT_EXPIRED,
            _S.CANCELLED,
            {SYSTEM},
            emits=SaleOrderEvents.CANCELLED,
        ),
        Transition(
            {_S.PAID},
            _SE.START_DOCUMENTS,
            _S.DOCUMENT_PROCESSING,
            {SELLER},
            emits=SaleOrderEvents.DOCUMENTS_STARTED,
        ),
        Transition(
            {_S.DOCUMENT_PROCESSING},
            _SE.COMPLETE,
            _S.COMPLETED,
            {SELLER, ADMIN},
            emits=SaleOrderEvents.COMPLETED,
            guard=documents_missing,
        ),
        Transition(
            _BEFORE_PAYMENT,
            _SE.CANCEL,
            _S.CANCELLED,
            {CUSTOMER, SELLER, ADMIN},
            emits=SaleOrderEvents.CANCELLED,
        ),
        # Once the buyer has paid, only the seller or an admin may unwind the deal (with refund).
        Transition(
            _AFTER_PAYMENT,
            _SE.CANCEL,
            _S.CANCELLED,
            {SELLER, ADMIN},
            emits=SaleOrderEvents.CANCELLED,
        ),
    ],
)


class TestDriveState(enum.StrEnum):
    """Where a test-drive appointment is."""

    __test__ = False  # not a pytest test class, despite the name

    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class TestDriveEvent(enum.StrEnum):
    """What can happen to a test-drive appointment."""

    __test__ = False

    CONFIRM = "confirm"
    COMPLETE = "complete"
    CANCEL = "cancel"
    NO_SHOW = "no_show"


_T, _TE = TestDriveState, TestDriveEvent


TEST_DRIVE = StateMachine(
    name="test_drive",
    states=set(_T),
    initial=_T.REQUESTED,
    terminal={_T.COMPLETED, _T.CANCELLED, _T.NO_SHOW},
    transitions=[
        Transition(
            {_T.REQUESTED}, _TE.CONFIRM, _T.CONFIRMED, {SELLER}, emits=TestDriveEvents.CONFIRMED
        ),
        Transition(
            {_T.CONFIRMED}, _TE.COMPLETE, _T.COMPLETED, {SELLER}, emits=TestDriveEvents.COMPLETED
        ),
        Transition(
            {_T.REQUESTED, _T.CONFIRMED},
            _TE.CANCEL,
            _T.CANCELLED,
            {CUSTOMER, SELLER},
            emits=TestDriveEvents.CANCELLED,
        ),
        Transition(
            {_T.CONFIRMED}, _TE.NO_SHOW, _T.NO_SHOW, {SELLER}, emits=TestDriveEvents.NO_SHOW
        ),
    ],
)
