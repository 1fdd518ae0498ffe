"""In-memory runtime records: the outbox, idempotency keys, the worker's bookkeeping."""
