"""Settings from the environment: one section per context.

Each context declares its section once, in ``bigauto.services.<context>.settings``: every field
with its environment variable, default and bounds. :class:`Settings` holds one of each and reads
them all with one loop (:func:`~bigauto.services.shared.settings.read_section`). The names are
the Big Auto seed's where it had one (``DATABASE_URL``, ``REDIS_URL``, ``NATS_URL``,
``JWT_SECRET``, ``MIDTRANS_*``, ``CLOUDINARY_*``, ``RESEND_*``, ``FRONTEND_URL``) and
``BIGAUTO_*`` otherwise. With nothing set, everything runs embedded: SQLite under ``var/``, an
in-process bus and rate limiter, local media, a file mailbox and the payment sandbox.

``BIGAUTO_ENV=production`` refuses to start on development defaults (no ``JWT_SECRET``, SQLite,
the payment sandbox): those rules span sections, so they live here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from bigauto.services.bookings.settings import BookingsSettings
from bigauto.services.catalogue.settings import CatalogueSettings
from bigauto.services.chat.settings import ChatSettings
from bigauto.services.identity.settings import IdentitySettings
from bigauto.services.money.settings import MoneySettings
from bigauto.services.notifications.settings import NotificationsSettings
from bigauto.services.payments.settings import PaymentsSettings
from bigauto.services.runtime.settings import RateLimits, RuntimeSettings
from bigauto.services.shared.settings import ConfigError, read_section, section


@attrs.frozen
class Settings:
    """Everything configurable, with the embedded defaults. Build with :meth:`from_env`."""

    runtime: RuntimeSettings = section(RuntimeSettings)
    identity: IdentitySettings = section(IdentitySettings)
    catalogue: CatalogueSettings = section(CatalogueSettings)
    bookings: BookingsSettings = section(BookingsSettings)
    payments: PaymentsSettings = section(PaymentsSettings)
    money: MoneySettings = section(MoneySettings)
    chat: ChatSettings = section(ChatSettings)
    notifications: NotificationsSettings = section(NotificationsSettings)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (default: the process environment) and check them."""
        return read_section(cls, os.environ if environ is None else environ)

    def check(self) -> None:
        """Production must not run on development defaults (each section checks its own)."""
        if not self.runtime.is_production:
            return
        problems = []
        identity = self.identity
        # With a key pair the secret signs nothing; without one it must be real and long.
        if not identity.uses_key_pair and not identity.jwt_secret:
            problems.append("JWT_SECRET is not set")
        elif not identity.uses_key_pair and len(identity.jwt_secret or "") < 32:
            problems.append("JWT_SECRET is shorter than 32 characters")
        if self.runtime.uses_sqlite:
            problems.append("DATABASE_URL points at SQLite; production needs PostgreSQL")
        if self.payments.gateway == "sandbox":
            problems.append("the payment sandbox is on; set MIDTRANS_SERVER_KEY")
        if problems:
            raise ConfigError(
                "refusing to start with BIGAUTO_ENV=production: " + "; ".join(problems)
            )


__all__ = ["ConfigError", "RateLimits", "Settings"]
