"""The composition root: every context's providers, under one roof.

Each context picks the adapters for its ports from its settings section and builds its services
in ``bigauto.adapters.wiring.<context>``, on top of ``Shared`` (the settings and the long-lived
clients: clock, ids, engine, unit-of-work factory, NATS, Redis, HTTP, event bus and stream,
live channel). This hub only composes them, so each provider keeps one flat name whichever
context declares it: ``container.bookings()``, ``container.catalogue()``, ``container.payouts()``,
``container.chat_hub()``, ``container.clock()``.

Two scopes, as in the models we follow: this application-scope container holds long-lived
clients (engine, bus, hasher); per-command objects (a unit of work) come from factories on it.
Clients are made lazily on first use and closed by :func:`aclose` (the HTTP lifespan, the
worker and the CLI call it in ``finally``); nothing connects at import time.
"""

from __future__ import annotations

from dependency_injector import providers

from bigauto.adapters.wiring.bookings import BookingsProviders
from bigauto.adapters.wiring.catalogue import CatalogueProviders
from bigauto.adapters.wiring.chat import ChatProviders
from bigauto.adapters.wiring.identity import IdentityProviders
from bigauto.adapters.wiring.money import MoneyProviders
from bigauto.adapters.wiring.notifications import NotificationsProviders
from bigauto.adapters.wiring.payments import PaymentsProviders
from bigauto.adapters.wiring.runtime import RuntimeProviders
from bigauto.config import Settings


class Container(
    RuntimeProviders,
    IdentityProviders,
    CatalogueProviders,
    MoneyProviders,
    BookingsProviders,
    PaymentsProviders,
    ChatProviders,
    NotificationsProviders,
):
    """Application scope. Build with :func:`build_container`."""

    #: What each context adds to the worker. Handlers are tried in this order.
    worker_parts = providers.List(
        NotificationsProviders.notifications_worker,
        ChatProviders.chat_worker,
        PaymentsProviders.payments_worker,
        RuntimeProviders.runtime_worker,
        BookingsProviders.bookings_worker,
    )


def build_container(settings: Settings | None = None) -> Container:
    """A container for ``settings`` (default: from the environment)."""
    return Container(settings=settings or Settings.from_env())


async def aclose(container: Container) -> None:
    """Close every client the container made; safe to call more than once.

    ``shutdown_resources`` closes each client after those made from it and before those it
    needs: consumers and the chat hub first (settling nothing: what they hold is redelivered),
    then the live channel, then the NATS connection drains, and only then Redis, the database
    (the search reader's pool before the engine) and the HTTP client. A client that was never
    made is not made to be closed. Singletons are then forgotten, so nothing holds a closed
    client: a container used again makes fresh ones.
    """
    await container.shutdown_resources()
    container.reset_singletons()


__all__ = ["Container", "aclose", "build_container"]
