"""Which handlers the worker runs for which events.

A handler has a stable ``name`` (it keys the ``processed_events`` and ``dead_letters`` rows, so
renaming one makes it see old events as new) and one or more patterns over event names with NATS
wildcards (``rental.*``, ``sale_order.>``, ``>``). There are two kinds:

- :meth:`HandlerRegistry.on_transaction`: ``handler(event, uow)`` changes the database inside
  the unit of work the worker opens, and the worker records the event processed in that same
  transaction: its effects happen exactly once. It may answer an :data:`AfterCommit` callback
  for what must wait for the commit (a live frame); that runs at most once.
- :meth:`HandlerRegistry.on`: ``handler(event)`` acts on the outside world (sends an email). The
  worker records it processed after it returns, so a crash in between repeats it: it must be
  idempotent by itself, e.g. by passing the event id as the provider's idempotency key.

>>> registry = HandlerRegistry()
>>> async def email(event): ...
>>> registry.on("rental.*", name="rental-email", handler=email)
>>> [h.name for h in registry.handlers_for("rental.paid")], registry.handlers_for("user.registered")
(['rental-email'], ())
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

import attrs

from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.unit_of_work import UnitOfWork

SideEffectHandler = Callable[[DomainEvent], Awaitable[None]]
AfterCommit = Callable[[], Awaitable[None]]
TransactionalHandler = Callable[[DomainEvent, UnitOfWork], Awaitable[AfterCommit | None]]


def subject_matches(pattern: str, subject: str) -> bool:
    """Whether the dotted ``subject`` matches ``pattern`` (``*`` one token, final ``>`` the rest).

    >>> subject_matches("sale_order.>", "sale_order.paid"), subject_matches("*", "rental.paid")
    (True, False)
    """
    wanted, tokens = pattern.split("."), subject.split(".")
    for i, token in enumerate(wanted):
        if token == ">":
            return i == len(wanted) - 1 and len(tokens) > i
        if i >= len(tokens) or token not in ("*", tokens[i]):
            return False
    return len(tokens) == len(wanted)


Patterns = str | Iterable[str]


def _patterns(value: Patterns) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class RegisteredHandler:
    """One handler: exactly one of ``side_effect`` and ``transactional`` is set."""

    name: str
    patterns: tuple[str, ...] = attrs.field(converter=_patterns)
    side_effect: SideEffectHandler | None = None
    transactional: TransactionalHandler | None = None

    def matches(self, event_name: str) -> bool:
        return any(subject_matches(pattern, event_name) for pattern in self.patterns)


class HandlerRegistry:
    """Handlers by name, tried in registration order."""

    def __init__(self) -> None:
        self._handlers: dict[str, RegisteredHandler] = {}

    def on(self, patterns: Patterns, *, name: str, handler: SideEffectHandler) -> None:
        """Run ``handler(event)`` for events matching ``patterns`` (one or several); see the
        module doc."""
        self._add(RegisteredHandler(name, patterns, side_effect=handler))

    def on_transaction(
        self, patterns: Patterns, *, name: str, handler: TransactionalHandler
    ) -> None:
        """Run ``handler(event, uow)`` inside the worker's unit of work; see the module doc."""
        self._add(RegisteredHandler(name, patterns, transactional=handler))

    def _add(self, handler: RegisteredHandler) -> None:
        if handler.name in self._handlers:
            raise ValueError(f"a handler called {handler.name!r} is registered already")
        self._handlers[handler.name] = handler

    def handlers_for(self, event_name: str) -> tuple[RegisteredHandler, ...]:
        return tuple(h for h in self._handlers.values() if h.matches(event_name))

    def get(self, name: str) -> RegisteredHandler | None:
        return self._handlers.get(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._handlers)


__all__ = [
    "AfterCommit",
    "HandlerRegistry",
    "Patterns",
    "RegisteredHandler",
    "SideEffectHandler",
    "TransactionalHandler",
    "subject_matches",
]
