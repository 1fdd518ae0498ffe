"""Use cases, one package per context, and the runtime machinery (outbox relay, worker, timers)."""

from bigauto.services.runtime.outbox import OutboxRelay

__all__ = ["OutboxRelay"]
