"""Work the HTTP process does in the background until issue 8's worker takes it over.

For now that is one thing: relaying the outbox to the in-process event bus, on which the email
handlers listen. ``BIGAUTO_OUTBOX_INTERVAL=0`` turns the loop off (tests then call
``app.state.outbox_relay.relay_once()`` themselves).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bigauto.config import Settings
from bigauto.container import Container
from bigauto.services.outbox import OutboxRelay


def outbox_relay(container: Container) -> OutboxRelay:
    return OutboxRelay(container.uow_factory(), container.event_bus(), container.clock())


@contextlib.asynccontextmanager
async def relaying(
    container: Container, settings: Settings, relay: OutboxRelay
) -> AsyncIterator[None]:
    """Subscribe the email handlers, run the relay loop while the app lives, stop it cleanly."""
    await container.email_notifications().subscribe(container.event_bus())
    stop = asyncio.Event()
    task = None
    if settings.outbox_interval > 0:
        task = asyncio.create_task(relay.run(stop, interval=settings.outbox_interval))
    try:
        yield
    finally:
        stop.set()
        if task is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(task, timeout=5)


__all__ = ["outbox_relay", "relaying"]
