"""Ports of the runtime: the outbox, idempotency keys, the worker's bookkeeping."""
