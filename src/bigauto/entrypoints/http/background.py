"""The background work of the HTTP process: the outbox relay, and the embedded worker.

The relay always runs (every process relays; JetStream stores a re-published event once). With
no ``NATS_URL`` the event stream lives in this process, so the worker and its timers run here
too; with NATS they run in ``bigauto worker`` processes instead. ``BIGAUTO_OUTBOX_INTERVAL=0``
turns all loops off: tests then call ``await app.state.worker.drain()`` themselves.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from bigauto.config import Settings
from bigauto.entrypoints.worker import BackgroundWork


@contextlib.asynccontextmanager
async def background(settings: Settings, work: BackgroundWork) -> AsyncIterator[None]:
    """Run the relay (and the embedded worker) while the app lives; stop them cleanly."""
    runtime = settings.runtime
    if runtime.outbox_interval <= 0:
        try:
            yield
        finally:
            await work.worker.close()
        return
    async with work.running(relay_interval=runtime.outbox_interval, consume=not runtime.nats_url):
        yield


__all__ = ["background"]
