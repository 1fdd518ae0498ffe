"""Entry points: the HTTP + WebSocket service, the CLI, the worker process, logging."""
