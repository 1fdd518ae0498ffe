"""The runtime: outbox relay, worker and its handlers, timers, dead letters, idempotency."""
