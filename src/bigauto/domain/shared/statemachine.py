"""A small engine for declarative lifecycles: states, events, actors, guards, emitted events.

A lifecycle is a table of ``Transition`` rows. ``StateMachine.fire`` looks up the row for the
current state and event, checks the actor and the guard, and answers the next state together with
the name of the domain event to emit. Anything the table does not allow raises
``InvalidTransition`` carrying the current state; the engine holds no state of its own, so a
refusal changes nothing by construction.

>>> door = StateMachine(
...     name="door",
...     states={"open", "closed", "locked"},
...     initial="open",
...     terminal=set(),
...     transitions=[
...         Transition({"open"}, "close", "closed", {"anyone"}, emits="door.closed"),
...         Transition({"closed"}, "open", "open", {"anyone"}, emits="door.opened"),
...         Transition({"closed"}, "lock", "locked", {"owner"}, emits="door.locked"),
...         Transition({"locked"}, "unlock", "closed", {"owner"}, emits="door.unlocked"),
...     ],
... )
>>> door.fire("open", "close", "anyone").state
'closed'
>>> sorted(door.allowed_events("closed", "owner"))
['lock']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from bigauto.domain.shared.errors import InvalidTransition, ValidationFailed
from bigauto.domain.shared.events import DomainEvent

#: What a transition's guard is given: whatever facts the caller supplies (documents transferred,
#: amounts, ...). The guard answers a reason to refuse, or None to allow.
Context = Mapping[str, Any]
Guard = Callable[[Context], str | None]

_NO_CONTEXT: Context = {}


def _names(values: Iterable[str]) -> frozenset[str]:
    # A bare string is iterable too; taking it as a set of characters would be a silent bug.
    if isinstance(values, str):
        return frozenset({values})
    return frozenset(values)


@attrs.frozen
class Transition:
    """One row of a lifecycle table: ``event`` by one of ``actors`` moves ``sources`` to ``target``.

    ``guard`` (optional) sees the caller's context and returns a reason to refuse or None.
    ``emits`` is the dotted name of the domain event the move raises, e.g. ``rental.confirmed``.
    """

    sources: frozenset[str] = attrs.field(converter=_names)
    event: str
    target: str
    actors: frozenset[str] = attrs.field(converter=_names)
    emits: str = attrs.field(kw_only=True, converter=str)
    guard: Guard | None = attrs.field(default=None, kw_only=True, eq=False)

    def refusal(self, context: Context) -> str | None:
        """Why the guard refuses this move in ``context``; None when there is no objection."""
        return None if self.guard is None else self.guard(context)


@attrs.frozen
class TransitionResult:
    """What firing an event did: ``previous`` → ``state``, raising the event ``event_name``.

    ``previous`` is None for a creation (:meth:`StateMachine.start`)."""

    machine: str
    previous: str | None
    state: str
    event: str
    actor: str
    event_name: str

    def domain_event(
        self,
        *,
        event_id: str,
        occurred_at: datetime,
        aggregate_id: str,
        payload: Mapping[str, Any] | None = None,
    ) -> DomainEvent:
        """The domain event to record for this move; ``from``/``to``/``actor`` join the payload."""
        body: dict[str, Any] = {
            "from_state": self.previous,
            "to_state": self.state,
            "actor": self.actor,
        }
        body.update(payload or {})
        return DomainEvent(
            name=self.event_name,
            event_id=event_id,
            occurred_at=occurred_at,
            aggregate_type=self.machine,
            aggregate_id=aggregate_id,
            payload=body,
        )


def _rows(rows: Iterable[Transition]) -> tuple[Transition, ...]:
    return tuple(rows)


def _invalid_table(machine: str, problem: str) -> ValidationFailed:
    return ValidationFailed(f"lifecycle {machine!r}: {problem}", details={"machine": machine})


@attrs.frozen
class StateMachine:
    """A lifecycle: its states, the initial one, the terminal ones and the table of moves.

    The table is checked when the machine is built: every state named exists, no (state, event)
    pair appears twice, nothing leaves a terminal state, every other state has a way out, and
    every state can be reached from ``initial``.
    """

    name: str
    states: frozenset[str] = attrs.field(converter=_names)
    initial: str
    terminal: frozenset[str] = attrs.field(converter=_names)
    transitions: tuple[Transition, ...] = attrs.field(converter=_rows)
    _index: dict[tuple[str, str], Transition] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        if self.initial not in self.states:
            raise _invalid_table(self.name, f"initial state {self.initial!r} is not a state")
        if unknown := self.terminal - self.states:
            raise _invalid_table(self.name, f"terminal {sorted(unknown)} are not states")
        for row in self.transitions:
            self._check_row(row)
            for source in row.sources:
                if (source, row.event) in self._index:
                    raise _invalid_table(self.name, f"{row.event!r} from {source!r} appears twice")
                self._index[(source, row.event)] = row
        for state in self.states - self.terminal:
            if not any(source == state for source, _ in self._index):
                raise _invalid_table(self.name, f"{state!r} is not terminal but has no way out")
        if unreachable := self.states - self._reachable(self.initial):
            raise _invalid_table(self.name, f"{sorted(unreachable)} cannot be reached")

    def _check_row(self, row: Transition) -> None:
        if not row.sources:
            raise _invalid_table(self.name, f"{row.event!r} has no source state")
        if unknown := (row.sources | {row.target}) - self.states:
            raise _invalid_table(self.name, f"{row.event!r} names unknown states {sorted(unknown)}")
        if leaving := row.sources & self.terminal:
            raise _invalid_table(self.name, f"{row.event!r} leaves terminal {sorted(leaving)}")
        if not row.actors:
            raise _invalid_table(self.name, f"{row.event!r} names no actor")
        if not row.emits:
            raise _invalid_table(self.name, f"{row.event!r} emits no event")

    def _reachable(self, start: str) -> set[str]:
        seen = {start}
        todo = [start]
        while todo:
            here = todo.pop()
            for (source, _), row in self._index.items():
                if source == here and row.target not in seen:
                    seen.add(row.target)
                    todo.append(row.target)
        return seen

    @property
    def events(self) -> frozenset[str]:
        """Every event name the table knows."""
        return frozenset(row.event for row in self.transitions)

    @property
    def actors(self) -> frozenset[str]:
        """Every actor role the table names."""
        return frozenset(actor for row in self.transitions for actor in row.actors)

    def is_terminal(self, state: str) -> bool:
        """True when ``state`` is final: no event is accepted from it."""
        return state in self.terminal

    def transition_for(self, state: str, event: str) -> Transition | None:
        """The row for ``event`` from ``state``, whoever fires it; None when there is none."""
        return self._index.get((state, event))

    def fire(
        self, state: str, event: str, actor: str, context: Context | None = None
    ) -> TransitionResult:
        """Fire ``event`` by ``actor`` from ``state``; InvalidTransition when the table says no."""
        row = self._index.get((state, event))
        if row is None:
            reason = None if state in self.states else "unknown state"
            raise InvalidTransition(self.name, state, event, actor=actor, reason=reason)
        if actor not in row.actors:
            raise InvalidTransition(
                self.name, state, event, actor=actor, reason=f"{actor} may not {event}"
            )
        refusal = row.refusal(_NO_CONTEXT if context is None else context)
        if refusal is not None:
            raise InvalidTransition(self.name, state, event, actor=actor, reason=refusal)
        return TransitionResult(
            machine=self.name,
            previous=state,
            state=row.target,
            event=event,
            actor=actor,
            event_name=row.emits,
        )

    def start(self, event: str, actor: str, *, emits: str) -> TransitionResult:
        """An aggregate's creation as a move from nothing to ``initial``: ``event`` (its name in
        the audit trail, such as ``request``) by ``actor``, raising the event ``emits``."""
        return TransitionResult(self.name, None, self.initial, event, actor, emits)

    def allowed_events(
        self, state: str, actor: str, context: Context | None = None
    ) -> frozenset[str]:
        """Events ``actor`` may fire from ``state``; guards are consulted only given a context."""
        return frozenset(
            event
            for (source, event), row in self._index.items()
            if source == state
            and actor in row.actors
            and (context is None or row.refusal(context) is None)
        )

    def path(self, start: str, goal: str) -> tuple[Transition, ...] | None:
        """The shortest sequence of rows leading from ``start`` to ``goal`` (ignoring actors and
        guards); ``()`` when they are the same state, None when ``goal`` cannot be reached."""
        if start == goal:
            return ()
        came: dict[str, tuple[str, Transition]] = {}
        todo = deque([start])
        seen = {start}
        while todo:
            here = todo.popleft()
            # Sorted so the answer does not depend on set iteration order.
            for (source, _), row in sorted(self._index.items()):
                if source != here or row.target in seen:
                    continue
                seen.add(row.target)
                came[row.target] = (here, row)
                if row.target == goal:
                    steps: list[Transition] = []
                    node = goal
                    while node != start:
                        node, step = came[node]
                        steps.append(step)
                    return tuple(reversed(steps))
                todo.append(row.target)
        return None


__all__ = ["Context", "Guard", "StateMachine", "Transition", "TransitionResult"]
