"""The lifecycle of a seller's withdrawal: requested, approved, paid, or rejected."""

from __future__ import annotations

import enum

from bigauto.domain.money.events import WithdrawalEvents
from bigauto.domain.shared.actors import ADMIN
from bigauto.domain.shared.statemachine import StateMachine, Transition


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
        Transition(
            {_W.REQUESTED}, _WE.APPROVE, _W.APPROVED, {ADMIN}, emits=WithdrawalEvents.APPROVED
        ),
        Transition(
            {_W.REQUESTED}, _WE.REJECT, _W.REJECTED, {ADMIN}, emits=WithdrawalEvents.REJECTED
        ),
        Transition({_W.APPROVED}, _WE.MARK_PAID, _W.PAID, {ADMIN}, emits=WithdrawalEvents.PAID),
    ],
)
