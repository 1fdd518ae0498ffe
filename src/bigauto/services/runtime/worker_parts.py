"""What one context adds to the worker: its event handlers and its timers.

Each context declares its parts next to its providers (``bigauto.adapters.wiring.<context>``);
the worker process registers every context's handlers and schedules every context's timers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from bigauto.services.runtime.registry import HandlerRegistry
from bigauto.services.runtime.timers import Timer

#: Registers one or more handlers, e.g. a handler object's ``register`` method.
Registrar = Callable[[HandlerRegistry], None]


def _registrars(values: Iterable[Registrar]) -> tuple[Registrar, ...]:
    return tuple(values)


def _timers(values: Iterable[Timer]) -> tuple[Timer, ...]:
    return tuple(values)


@attrs.frozen
class WorkerParts:
    """One context's handlers (registrars, run in order) and timers."""

    handlers: tuple[Registrar, ...] = attrs.field(default=(), converter=_registrars)
    timers: tuple[Timer, ...] = attrs.field(default=(), converter=_timers)

    def register(self, registry: HandlerRegistry) -> None:
        """Add this context's handlers to ``registry``."""
        for register in self.handlers:
            register(registry)


__all__ = ["Registrar", "WorkerParts"]
