"""The five lifecycles of the marketplace as declarative tables.

Actors are roles, not people: ``customer`` (the renter or buyer), ``seller``, ``admin`` and
``system`` (payment notifications, schedulers). Whether a given user holds the role for a given
booking is the service layer's question; the table only says which role may do what.

Sale orders have an explicit ``countered`` state: after the seller counters, the next move is the
buyer's (``accept_counter``), and the seller may still revise the counter or reject. Keeping it
out of ``pending_confirmation`` lets a listing say whose turn it is without extra fields.

>>> RENTAL.fire(RentalState.PAID, RentalEvent.CONFIRM, Actor.SELLER).event_name
'rental.confirmed'
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from bigauto.domain.errors import ValidationFailed
from bigauto.domain.lifecycle import Context, StateMachine, Transition


class Actor(enum.StrEnum):
    """The roles that fire lifecycle events."""

    CUSTOMER = "customer"
    SELLER = "seller"
    ADMIN = "admin"
    SYSTEM = "system"


CUSTOMER, SELLER, ADMIN, SYSTEM = Actor.CUSTOMER, Actor.SELLER, Actor.ADMIN, Actor.SYSTEM


# --- Rental -------------------------------------------------------------------------------------


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
        Transition({_R.PENDING_PAYMENT}, _RE.PAY, _R.PAID, {SYSTEM}, emits="rental.paid"),
        Transition({_R.PAID}, _RE.CONFIRM, _R.AKAN_DATANG, {SELLER}, emits="rental.confirmed"),
        Transition({_R.PAID}, _RE.AUTO_CONFIRM, _R.AKAN_DATANG, {SYSTEM}, emits="rental.confirmed"),
        Transition({_R.AKAN_DATANG}, _RE.START, _R.BERJALAN, {SELLER}, emits="rental.started"),
        Transition({_R.BERJALAN}, _RE.COMPLETE, _R.SELESAI, {SELLER}, emits="rental.completed"),
        Transition(
            {_R.PENDING_PAYMENT}, _RE.CANCEL, _R.CANCELLED, {CUSTOMER}, emits="rental.cancelled"
        ),
        # Every way into ``cancelled`` emits the same event, so a single handler frees the
        # calendar; the firing event (kept in the payload) tells why.
        Transition(
            {_R.PENDING_PAYMENT},
            _RE.PAYMENT_EXPIRED,
            _R.CANCELLED,
            {SYSTEM},
            emits="rental.cancelled",
        ),
        Transition(
            {_R.PENDING_PAYMENT},
            _RE.PAYMENT_FAILED,
            _R.CANCELLED,
            {SYSTEM},
            emits="rental.cancelled",
        ),
        Transition(
            {_R.PAID, _R.AKAN_DATANG},
            _RE.CANCEL,
            _R.CANCELLED,
            {CUSTOMER, SELLER, ADMIN},
            emits="rental.cancelled",
        ),
    ],
)


# --- Sale order ---------------------------------------------------------------------------------


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
_BEFORE_PAYMENT = {_S.PENDING_CONFIRMATION, _S.COUNTERED, _S.PENDING_PAYMENT}
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
            emits="sale_order.accepted",
        ),
        Transition(
            {_S.PENDING_CONFIRMATION, _S.COUNTERED},
            _SE.REJECT,
            _S.REJECTED,
            {SELLER},
            emits="sale_order.rejected",
        ),
        # From ``countered`` this revises the counter-offer.
        Transition(
            {_S.PENDING_CONFIRMATION, _S.COUNTERED},
            _SE.COUNTER,
            _S.COUNTERED,
            {SELLER},
            emits="sale_order.countered",
        ),
        Transition(
            {_S.COUNTERED},
            _SE.ACCEPT_COUNTER,
            _S.PENDING_PAYMENT,
            {CUSTOMER},
            emits="sale_order.counter_accepted",
        ),
        # When another order for the vehicle is paid, the open ones are declined on the seller's
        # behalf: its own event, so the buyer's notification can say the car went to someone else.
        Transition(
            _BEFORE_PAYMENT,
            _SE.DECLINE,
            _S.REJECTED,
            {SYSTEM},
            emits="sale_order.declined",
        ),
        Transition({_S.PENDING_PAYMENT}, _SE.PAY, _S.PAID, {SYSTEM}, emits="sale_order.paid"),
        Transition(
            {_S.PENDING_PAYMENT},
            _SE.PAYMENT_EXPIRED,
            _S.CANCELLED,
            {SYSTEM},
            emits="sale_order.cancelled",
        ),
        Transition(
            {_S.PAID},
            _SE.START_DOCUMENTS,
            _S.DOCUMENT_PROCESSING,
            {SELLER},
            emits="sale_order.documents_started",
        ),
        Transition(
            {_S.DOCUMENT_PROCESSING},
            _SE.COMPLETE,
            _S.COMPLETED,
            {SELLER, ADMIN},
            emits="sale_order.completed",
            guard=documents_missing,
        ),
        Transition(
            _BEFORE_PAYMENT,
            _SE.CANCEL,
            _S.CANCELLED,
            {CUSTOMER, SELLER, ADMIN},
            emits="sale_order.cancelled",
        ),
        # Once the buyer has paid, only the seller or an admin may unwind the deal (with refund).
        Transition(
            _AFTER_PAYMENT, _SE.CANCEL, _S.CANCELLED, {SELLER, ADMIN}, emits="sale_order.cancelled"
        ),
    ],
)


# --- Test drive ---------------------------------------------------------------------------------


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
            {_T.REQUESTED}, _TE.CONFIRM, _T.CONFIRMED, {SELLER}, emits="test_drive.confirmed"
        ),
        Transition(
            {_T.CONFIRMED}, _TE.COMPLETE, _T.COMPLETED, {SELLER}, emits="test_drive.completed"
        ),
        Transition(
            {_T.REQUESTED, _T.CONFIRMED},
            _TE.CANCEL,
            _T.CANCELLED,
            {CUSTOMER, SELLER},
            emits="test_drive.cancelled",
        ),
        Transition({_T.CONFIRMED}, _TE.NO_SHOW, _T.NO_SHOW, {SELLER}, emits="test_drive.no_show"),
    ],
)


# --- Payment ------------------------------------------------------------------------------------


class PaymentState(enum.StrEnum):
    """Where a payment is (Midtrans statuses are mapped onto these by the gateway adapter)."""

    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class PaymentEvent(enum.StrEnum):
    """What can happen to a payment."""

    SETTLE = "settle"
    FAIL = "fail"
    EXPIRE = "expire"
    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"


_P, _PE = PaymentState, PaymentEvent
_REFUNDABLE = {_P.PAID, _P.PARTIALLY_REFUNDED}

PAYMENT = StateMachine(
    name="payment",
    states=set(_P),
    initial=_P.PENDING,
    terminal={_P.FAILED, _P.EXPIRED, _P.REFUNDED},
    transitions=[
        Transition({_P.PENDING}, _PE.SETTLE, _P.PAID, {SYSTEM}, emits="payment.paid"),
        Transition({_P.PENDING}, _PE.FAIL, _P.FAILED, {SYSTEM}, emits="payment.failed"),
        Transition({_P.PENDING}, _PE.EXPIRE, _P.EXPIRED, {SYSTEM}, emits="payment.expired"),
        Transition(_REFUNDABLE, _PE.REFUND, _P.REFUNDED, {SYSTEM, ADMIN}, emits="payment.refunded"),
        # A further partial refund keeps the state; it still emits, with the amount in the payload.
        Transition(
            _REFUNDABLE,
            _PE.PARTIAL_REFUND,
            _P.PARTIALLY_REFUNDED,
            {SYSTEM, ADMIN},
            emits="payment.partially_refunded",
        ),
    ],
)


class StatusChangeKind(enum.StrEnum):
    """How an incoming payment status relates to the one on record."""

    FORWARD = "forward"  # reachable from the current status: apply the steps
    REPLAY = "replay"  # the same status again: a duplicate notification
    STALE = "stale"  # an earlier status arriving late: the record is already past it
    CONFLICT = "conflict"  # neither before nor after (e.g. paid after expired): keep the record


@attrs.frozen
class PaymentStatusChange:
    """The verdict on an incoming payment status; only ``FORWARD`` changes anything."""

    current: PaymentState
    incoming: PaymentState
    kind: StatusChangeKind
    steps: tuple[Transition, ...] = ()

    @property
    def is_forward(self) -> bool:
        return self.kind is StatusChangeKind.FORWARD

    @property
    def events(self) -> tuple[str, ...]:
        """The events to fire, in order, as ``system`` (e.g. a missed settle before a refund)."""
        return tuple(step.event for step in self.steps)


def _payment_state(value: PaymentState | str) -> PaymentState:
    try:
        return PaymentState(value)
    except ValueError:
        raise ValidationFailed(
            f"{value!r} is not a payment status", details={"status": str(value)}
        ) from None


def payment_status_change(
    current: PaymentState | str, incoming: PaymentState | str
) -> PaymentStatusChange:
    """Whether ``incoming`` moves a payment forward from ``current`` or is a no-op.

    Notifications can be replayed, reordered or skipped. A status reachable from the current one
    is a forward move (possibly several steps: ``pending → refunded`` settles first); the same
    status is a replay; one the current status has already passed is stale; anything else is a
    conflict. ``partially_refunded`` twice is a replay as far as the status goes: a further
    partial refund is recognised by its amount, not its status.
    """
    now, new = _payment_state(current), _payment_state(incoming)
    if now == new:
        return PaymentStatusChange(now, new, StatusChangeKind.REPLAY)
    forward = PAYMENT.path(now, new)
    if forward is not None:
        return PaymentStatusChange(now, new, StatusChangeKind.FORWARD, forward)
    if PAYMENT.path(new, now) is not None:
        return PaymentStatusChange(now, new, StatusChangeKind.STALE)
    return PaymentStatusChange(now, new, StatusChangeKind.CONFLICT)


# --- Withdrawal ---------------------------------------------------------------------------------


class WithdrawalState(enum.StrEnum):
    """Where a seller's request to withdraw funds is; the funds are reserved from the request."""

    REQUESTED = "requested"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"


class WithdrawalEvent(enum.StrEnum):
    """What can happen to a withdrawal request."""

    APPROVE = "approve"
    REJECT = "reject"
    MARK_PAID = "mark_paid"


_W, _WE = WithdrawalState, WithdrawalEvent

WITHDRAWAL = StateMachine(
    name="withdrawal",
    states=set(_W),
    initial=_W.REQUESTED,
    terminal={_W.PAID, _W.REJECTED},
    transitions=[
        Transition({_W.REQUESTED}, _WE.APPROVE, _W.APPROVED, {ADMIN}, emits="withdrawal.approved"),
        Transition({_W.REQUESTED}, _WE.REJECT, _W.REJECTED, {ADMIN}, emits="withdrawal.rejected"),
        Transition({_W.APPROVED}, _WE.MARK_PAID, _W.PAID, {ADMIN}, emits="withdrawal.paid"),
    ],
)

#: Every lifecycle by name.
LIFECYCLES: Mapping[str, StateMachine] = {
    machine.name: machine for machine in (RENTAL, SALE_ORDER, TEST_DRIVE, PAYMENT, WITHDRAWAL)
}

__all__ = [
    "ADMIN",
    "CUSTOMER",
    "DOCUMENTS_TRANSFERRED",
    "LIFECYCLES",
    "PAYMENT",
    "RENTAL",
    "SALE_ORDER",
    "SELLER",
    "SYSTEM",
    "TEST_DRIVE",
    "WITHDRAWAL",
    "Actor",
    "PaymentEvent",
    "PaymentState",
    "PaymentStatusChange",
    "RentalEvent",
    "RentalState",
    "SaleDocument",
    "SaleOrderEvent",
    "SaleOrderState",
    "StatusChangeKind",
    "TestDriveEvent",
    "TestDriveState",
    "WithdrawalEvent",
    "WithdrawalState",
    "documents_missing",
    "payment_status_change",
]
