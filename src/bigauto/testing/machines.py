"""Hypothesis state machines for the lifecycles (and the ledger), ready to run or extend.

Each lifecycle machine drives one ``StateMachine`` with random ``(event, actor)`` pairs, events
and actors it does not know included, and checks it against the transition table read directly:
legal moves land on the row's target and name its event, illegal ones raise
``InvalidTransition`` carrying the current state and change nothing, terminal states accept
nothing, and the state is always one of the table's. Run one in a test module with::

    from bigauto.testing.machines import RentalMachine

    TestRental = RentalMachine.TestCase

``lifecycle_machine(table)`` builds the same machine for a table of your own. ``LedgerMachine``
drives the ledger through random payments, refunds, releases and withdrawals (see
``bigauto.testing.ledger_machine``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bigauto.domain.bookings.lifecycles import (
    DOCUMENTS_TRANSFERRED,
    RENTAL,
    SALE_ORDER,
    TEST_DRIVE,
    SaleDocument,
)
from bigauto.domain.money.lifecycle import WITHDRAWAL
from bigauto.domain.payments.lifecycle import PAYMENT
from bigauto.domain.shared.errors import InvalidTransition
from bigauto.domain.shared.statemachine import Context, StateMachine, Transition
from bigauto.testing.ledger_machine import LedgerMachine

#: An event and an actor no table knows, so the machines also try nonsense.
UNKNOWN_EVENT = "__no_such_event__"
UNKNOWN_ACTOR = "__stranger__"

_EMPTY: Context = {}


class LifecycleMachine(RuleBasedStateMachine):
    """Drives ``lifecycle`` from its initial state; subclasses come from ``lifecycle_machine``."""

    lifecycle: ClassVar[StateMachine]

    def __init__(self) -> None:
        super().__init__()
        self.state: str = self.lifecycle.initial
        self.fired: list[tuple[str, str, str]] = []

    def expected(self, event: str, actor: str, context: Context) -> Transition | None:
        """The row that allows this move, found by reading the table; None if it is illegal."""
        for row in self.lifecycle.transitions:
            if self.state in row.sources and row.event == event:
                if actor in row.actors and row.refusal(context) is None:
                    return row
                return None
        return None

    def attempt(self, event: str, actor: str, context: Context) -> None:
        """Fire and compare the outcome with the table."""
        before = self.state
        row = self.expected(event, actor, context)
        try:
            result = self.lifecycle.fire(before, event, actor, context)
        except InvalidTransition as refused:
            assert row is None, f"{event} by {actor} from {before} should be allowed"
            assert refused.state == before
            assert refused.details["current_state"] == before
            return
        assert row is not None, f"{event} by {actor} from {before} should be refused"
        assert (result.previous, result.state, result.event_name) == (before, row.target, row.emits)
        assert (result.event, result.actor, result.machine) == (event, actor, self.lifecycle.name)
        self.state = result.state
        self.fired.append((before, event, result.state))

    def legal_moves(self) -> list[tuple[str, str]]:
        """The (event, actor) pairs the table offers from here, guards aside."""
        return sorted(
            (event, actor)
            for actor in self.lifecycle.actors
            for event in self.lifecycle.allowed_events(self.state, actor)
        )

    def ends(self, move: tuple[str, str]) -> bool:
        """Whether ``move`` from here leads to a terminal state."""
        row = self.lifecycle.transition_for(self.state, move[0])
        return row is not None and self.lifecycle.is_terminal(row.target)

    @invariant()
    def state_is_in_the_table(self) -> None:
        assert self.state in self.lifecycle.states

    @invariant()
    def terminal_states_accept_nothing(self) -> None:
        if self.lifecycle.is_terminal(self.state):
            assert self.legal_moves() == []


def lifecycle_machine(
    lifecycle: StateMachine,
    *,
    contexts: st.SearchStrategy[Context] | None = None,
    name: str | None = None,
    steps: int = 20,
) -> type[LifecycleMachine]:
    """A ``LifecycleMachine`` for ``lifecycle``; ``contexts`` feeds its guards (default: ``{}``).

    Lifecycles are a handful of moves deep, so ``steps`` per run (Hypothesis'
    ``stateful_step_count``) is kept low; the settings derive from the profile loaded when the
    machine is built, so build (import) it after loading your profile.
    """
    context_strategy: st.SearchStrategy[Context] = st.just(_EMPTY) if contexts is None else contexts
    events = st.sampled_from([*sorted(lifecycle.events), UNKNOWN_EVENT])
    actors = st.sampled_from([*sorted(lifecycle.actors), UNKNOWN_ACTOR])

    class Machine(LifecycleMachine):
        @rule(event=events, actor=actors, context=context_strategy)
        def fire_any_event(self, event: str, actor: str, context: Context) -> None:
            self.attempt(event, actor, context)

        # Random pairs are mostly illegal, and legal ones often end the lifecycle at once
        # (cancel, reject); this rule mostly picks moves that keep it going, so runs reach the
        # far end of the table (completed, refunded, ...) too.
        @precondition(lambda self: bool(self.legal_moves()))
        @rule(data=st.data())
        def fire_a_legal_event(self, data: Any) -> None:
            moves = self.legal_moves()
            onward = [move for move in moves if not self.ends(move)]
            keep_going = bool(onward) and data.draw(st.integers(0, 3), label="bias") > 0
            pool = onward if keep_going else moves
            event, actor = data.draw(st.sampled_from(pool), label="move")
            self.attempt(event, actor, data.draw(context_strategy, label="context"))

    Machine.lifecycle = lifecycle
    # pytest would otherwise try to collect e.g. ``TestDriveMachine`` as a test class.
    Machine.__test__ = False
    Machine.__name__ = Machine.__qualname__ = name or f"{lifecycle.name.title()}Machine"
    return settings(stateful_step_count=steps)(Machine)


#: Contexts for the sale order's ``complete`` guard: some, often all, documents transferred.
sale_documents = st.fixed_dictionaries(
    {
        DOCUMENTS_TRANSFERRED: st.one_of(
            st.just(frozenset(SaleDocument)), st.frozensets(st.sampled_from(list(SaleDocument)))
        )
    }
)

RentalMachine = lifecycle_machine(RENTAL, name="RentalMachine")
SaleOrderMachine = lifecycle_machine(SALE_ORDER, contexts=sale_documents, name="SaleOrderMachine")
TestDriveMachine = lifecycle_machine(TEST_DRIVE, name="TestDriveMachine")
PaymentMachine = lifecycle_machine(PAYMENT, name="PaymentMachine")
WithdrawalMachine = lifecycle_machine(WITHDRAWAL, name="WithdrawalMachine")

__all__ = [
    "UNKNOWN_ACTOR",
    "UNKNOWN_EVENT",
    "LedgerMachine",
    "LifecycleMachine",
    "PaymentMachine",
    "RentalMachine",
    "SaleOrderMachine",
    "TestDriveMachine",
    "WithdrawalMachine",
    "lifecycle_machine",
    "sale_documents",
]
