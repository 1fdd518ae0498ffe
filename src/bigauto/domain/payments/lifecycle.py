"""The lifecycle of a payment: Midtrans statuses mapped onto forward-only states."""

from __future__ import annotations

import enum

import attrs

from bigauto.domain.payments.events import PaymentEvents
from bigauto.domain.shared.actors import ADMIN, SYSTEM
from bigauto.domain.shared.errors import one_of
from bigauto.domain.shared.statemachine import StateMachine, Transition


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


_P, _PE, _PN = PaymentState, PaymentEvent, PaymentEvents


_REFUNDABLE = {_P.PAID, _P.PARTIALLY_REFUNDED}


PAYMENT = StateMachine(
    name="payment",
    states=set(_P),
    initial=_P.PENDING,
    terminal={_P.FAILED, _P.EXPIRED, _P.REFUNDED},
    transitions=[
        Transition({_P.PENDING}, _PE.SETTLE, _P.PAID, {SYSTEM}, emits=_PN.PAID),
        Transition({_P.PENDING}, _PE.FAIL, _P.FAILED, {SYSTEM}, emits=_PN.FAILED),
        Transition({_P.PENDING}, _PE.EXPIRE, _P.EXPIRED, {SYSTEM}, emits=_PN.EXPIRED),
        Transition(_REFUNDABLE, _PE.REFUND, _P.REFUNDED, {SYSTEM, ADMIN}, emits=_PN.REFUNDED),
        # A further partial refund keeps the state; it still emits, with the amount in the payload.
        Transition(
            _REFUNDABLE,
            _PE.PARTIAL_REFUND,
            _P.PARTIALLY_REFUNDED,
            {SYSTEM, ADMIN},
            emits=_PN.PARTIALLY_REFUNDED,
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
    return one_of(PaymentState, value, f"{value!r} is not a payment status", status=str(value))


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
