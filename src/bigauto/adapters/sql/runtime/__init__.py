"""SQL tables and repositories of the runtime: outbox, idempotency keys, worker records."""
