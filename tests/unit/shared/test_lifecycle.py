"""The lifecycle engine and the five lifecycle tables."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bigauto.domain.bookings.lifecycles import (
    DOCUMENTS_TRANSFERRED,
    RENTAL,
    SALE_ORDER,
    TEST_DRIVE,
    RentalEvent,
    RentalState,
    SaleDocument,
    SaleOrderEvent,
    SaleOrderState,
    TestDriveEvent,
    TestDriveState,
)
from bigauto.domain.money.lifecycle import WITHDRAWAL, WithdrawalEvent, WithdrawalState
from bigauto.domain.payments.lifecycle import (
    PAYMENT,
    PaymentState,
    StatusChangeKind,
    payment_status_change,
)
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import InvalidTransition, ValidationFailed
from bigauto.domain.shared.statemachine import StateMachine, Transition


def _machine(*rows: Transition, terminal: set[str] | None = None) -> StateMachine:
    return StateMachine(
        name="toy",
        states={"a", "b", "c"},
        initial="a",
        terminal={"c"} if terminal is None else terminal,
        transitions=rows,
    )


GO = Transition({"a"}, "go", "b", {"x"}, emits="toy.went")
END = Transition({"b"}, "end", "c", {"x"}, emits="toy.ended")


# --- the engine ----------------------------------------------------------------------------------


def test_firing_an_allowed_event_moves_to_the_target_and_names_the_event() -> None:
    """A legal event answers the previous and next state and the event to emit."""
    result = _machine(GO, END).fire("a", "go", "x")
    assert (result.previous, result.state, result.event_name) == ("a", "b", "toy.went")


def test_an_event_without_a_row_from_the_state_is_refused_with_the_current_state() -> None:
    """No row for (state, event) raises InvalidTransition carrying the current state."""
    with pytest.raises(InvalidTransition) as refused:
        _machine(GO, END).fire("b", "go", "x")
    assert refused.value.state == "b"
    assert refused.value.details["current_state"] == "b"


def test_an_actor_not_in_the_row_is_refused() -> None:
    """The right event by the wrong role is an invalid transition."""
    with pytest.raises(InvalidTransition, match="y may not go"):
        _machine(GO, END).fire("a", "go", "y")


def test_a_guard_refusal_is_an_invalid_transition_with_its_reason() -> None:
    """A guard's reason to refuse becomes the error message."""
    guarded = Transition(
        {"a"}, "go", "b", {"x"}, emits="toy.went", guard=lambda ctx: ctx.get("why")
    )
    machine = _machine(guarded, END)
    with pytest.raises(InvalidTransition, match="not today"):
        machine.fire("a", "go", "x", {"why": "not today"})
    assert machine.fire("a", "go", "x", {}).state == "b"


def test_allowed_events_lists_what_an_actor_may_fire() -> None:
    """allowed_events filters by actor, and by guard only when a context is given."""
    guarded = Transition({"a"}, "go", "b", {"x"}, emits="toy.went", guard=lambda _: "never")
    machine = _machine(guarded, END)
    assert machine.allowed_events("a", "x") == {"go"}
    assert machine.allowed_events("a", "x", {}) == frozenset()
    assert machine.allowed_events("a", "y") == frozenset()
    assert machine.allowed_events("c", "x") == frozenset()


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ((Transition({"a"}, "go", "z", {"x"}, emits="e"), END), "unknown states"),
        ((GO, END, Transition({"a"}, "go", "c", {"x"}, emits="e")), "appears twice"),
        ((GO, END, Transition({"c"}, "back", "a", {"x"}, emits="e")), "leaves terminal"),
        ((GO, END, Transition({"b"}, "skip", "a", set(), emits="e")), "no actor"),
        ((GO, END, Transition({"b"}, "skip", "a", {"x"}, emits="")), "emits no event"),
        ((GO,), "no way out"),
        ((END, Transition({"a"}, "stay", "a", {"x"}, emits="e")), "cannot be reached"),
    ],
)
def test_a_bad_table_is_refused_when_the_machine_is_built(
    rows: tuple[Transition, ...], problem: str
) -> None:
    """Unknown states, duplicate rows, exits from terminal states and the like are caught early."""
    with pytest.raises(ValidationFailed, match=problem):
        _machine(*rows)


def test_a_bare_string_source_is_one_state_not_its_letters() -> None:
    """Transition("ab", ...) means the state "ab", not the states "a" and "b"."""
    assert Transition("ab", "go", "b", "x", emits="e").sources == {"ab"}


def test_a_result_becomes_a_domain_event_with_the_move_in_its_payload() -> None:
    """domain_event() names the event after the row and records from/to/actor."""
    at = datetime(2025, 1, 1, tzinfo=UTC)
    result = RENTAL.fire(RentalState.PAID, RentalEvent.CONFIRM, Actor.SELLER)
    event = result.domain_event(
        event_id="e1", occurred_at=at, aggregate_id="r1", payload={"seller_id": "s1"}
    )
    assert event.name == "rental.confirmed"
    assert event.aggregate_type == "rental"
    assert event.payload == {
        "from_state": "paid",
        "to_state": "akan_datang",
        "actor": "seller",
        "seller_id": "s1",
    }


# --- the tables ----------------------------------------------------------------------------------


def _walk(machine: StateMachine, steps: list[tuple[str, str]], context: dict[str, object]) -> str:
    state = machine.initial
    for event, actor in steps:
        state = machine.fire(state, event, actor, context).state
    return state


def test_a_rental_goes_from_payment_to_completion() -> None:
    """pending_payment → paid → akan_datang → berjalan → selesai by system and seller."""
    steps = [("pay", "system"), ("confirm", "seller"), ("start", "seller"), ("complete", "seller")]
    assert _walk(RENTAL, steps, {}) == RentalState.SELESAI


def test_the_system_can_auto_confirm_a_paid_rental() -> None:
    """Auto-confirm by the system raises the same rental.confirmed event as a seller's confirm."""
    result = RENTAL.fire("paid", RentalEvent.AUTO_CONFIRM, "system")
    assert (result.state, result.event_name) == ("akan_datang", "rental.confirmed")


@pytest.mark.parametrize(
    ("state", "actor", "allowed"),
    [
        ("pending_payment", "customer", True),
        ("pending_payment", "seller", False),
        ("paid", "seller", True),
        ("akan_datang", "admin", True),
        ("akan_datang", "customer", True),
        ("berjalan", "customer", False),
        ("berjalan", "admin", False),
    ],
)
def test_who_may_cancel_a_rental_depends_on_its_state(
    state: str, actor: str, allowed: bool
) -> None:
    """Only the customer cancels before payment; then customer, seller or admin, until start."""
    assert (RentalEvent.CANCEL in RENTAL.allowed_events(state, actor)) is allowed


def test_an_expired_or_failed_payment_cancels_a_pending_rental() -> None:
    """The system cancels a rental whose payment expired or failed."""
    for event in (RentalEvent.PAYMENT_EXPIRED, RentalEvent.PAYMENT_FAILED):
        assert RENTAL.fire("pending_payment", event, "system").state == RentalState.CANCELLED


def test_a_countered_sale_goes_to_payment_when_the_buyer_accepts() -> None:
    """Seller counters, buyer accepts the counter, and the order awaits payment."""
    steps = [("counter", "seller"), ("counter", "seller"), ("accept_counter", "customer")]
    assert _walk(SALE_ORDER, steps, {}) == SaleOrderState.PENDING_PAYMENT


def test_a_sale_completes_only_with_all_four_documents() -> None:
    """complete is refused, naming what is missing, until BPKB, STNK, faktur and pajak are in."""
    start = SaleOrderState.DOCUMENT_PROCESSING
    partial = {DOCUMENTS_TRANSFERRED: {"bpkb": True, "stnk": True, "faktur": False}}
    with pytest.raises(InvalidTransition, match="faktur, pajak"):
        SALE_ORDER.fire(start, SaleOrderEvent.COMPLETE, "seller", partial)
    with pytest.raises(InvalidTransition):
        SALE_ORDER.fire(start, SaleOrderEvent.COMPLETE, "admin")
    every = {DOCUMENTS_TRANSFERRED: set(SaleDocument)}
    assert SALE_ORDER.fire(start, "complete", "admin", every).state == SaleOrderState.COMPLETED


def test_after_payment_the_buyer_can_no_longer_cancel_a_sale() -> None:
    """The buyer cancels before paying; afterwards only the seller or an admin can."""
    assert "cancel" in SALE_ORDER.allowed_events("pending_payment", "customer")
    for state in ("paid", "document_processing"):
        assert "cancel" not in SALE_ORDER.allowed_events(state, "customer")
        assert "cancel" in SALE_ORDER.allowed_events(state, "seller")
        assert "cancel" in SALE_ORDER.allowed_events(state, "admin")


def test_a_confirmed_test_drive_ends_completed_or_no_show() -> None:
    """A confirmed test drive can complete or be marked no-show by the seller."""
    confirmed = TEST_DRIVE.fire("requested", TestDriveEvent.CONFIRM, "seller").state
    assert TEST_DRIVE.fire(confirmed, "complete", "seller").state == TestDriveState.COMPLETED
    assert TEST_DRIVE.fire(confirmed, "no_show", "seller").state == TestDriveState.NO_SHOW
    with pytest.raises(InvalidTransition):
        TEST_DRIVE.fire("requested", "no_show", "seller")


def test_a_withdrawal_is_approved_then_paid_by_an_admin_only() -> None:
    """Only admins move withdrawals; paid needs an approval first."""
    with pytest.raises(InvalidTransition):
        WITHDRAWAL.fire("requested", WithdrawalEvent.APPROVE, "seller")
    with pytest.raises(InvalidTransition):
        WITHDRAWAL.fire("requested", WithdrawalEvent.MARK_PAID, "admin")
    state = _walk(WITHDRAWAL, [("approve", "admin"), ("mark_paid", "admin")], {})
    assert state == WithdrawalState.PAID


def test_every_transition_emits_an_event_named_after_its_lifecycle() -> None:
    """Each emitted event is dotted and starts with the machine's name."""
    for machine in (RENTAL, SALE_ORDER, TEST_DRIVE, PAYMENT, WITHDRAWAL):
        for row in machine.transitions:
            assert row.emits.startswith(f"{machine.name}.")


# --- payment statuses ----------------------------------------------------------------------------


def test_a_settlement_after_pending_is_a_forward_move() -> None:
    """pending → paid is forward, by firing settle."""
    change = payment_status_change("pending", "paid")
    assert change.is_forward and change.events == ("settle",)


def test_a_refund_after_a_missed_settlement_settles_first() -> None:
    """pending → refunded is forward through paid: settle, then refund."""
    assert payment_status_change("pending", "refunded").events == ("settle", "refund")


@pytest.mark.parametrize(
    ("current", "incoming", "kind"),
    [
        ("paid", "paid", StatusChangeKind.REPLAY),
        ("partially_refunded", "partially_refunded", StatusChangeKind.REPLAY),
        ("paid", "pending", StatusChangeKind.STALE),
        ("refunded", "paid", StatusChangeKind.STALE),
        ("expired", "paid", StatusChangeKind.CONFLICT),
        ("paid", "failed", StatusChangeKind.CONFLICT),
    ],
)
def test_replayed_stale_or_conflicting_statuses_are_no_ops(
    current: str, incoming: str, kind: StatusChangeKind
) -> None:
    """A status that does not move the payment forward changes nothing."""
    change = payment_status_change(current, incoming)
    assert change.kind is kind
    assert not change.is_forward and change.events == ()


def test_a_forward_move_applies_cleanly_through_the_table() -> None:
    """Firing a forward verdict's events as system lands on the incoming status."""
    for current in PaymentState:
        for incoming in PaymentState:
            change = payment_status_change(current, incoming)
            if change.is_forward:
                state: str = current
                for event in change.events:
                    state = PAYMENT.fire(state, event, "system").state
                assert state == incoming


def test_an_unknown_payment_status_is_a_validation_error() -> None:
    """A status outside the payment table is refused rather than guessed at."""
    with pytest.raises(ValidationFailed):
        payment_status_change("pending", "settlement")
