"""Payments' settings: Midtrans (``MIDTRANS_*``), or the embedded sandbox that behaves like it."""

from __future__ import annotations

import attrs

from bigauto.ports.payments.gateway import DEFAULT_ENABLED_PAYMENTS, KNOWN_PAYMENTS
from bigauto.services.shared.settings import setting

#: Signs the sandbox's notifications when no Midtrans key is set.
SANDBOX_SERVER_KEY = "sandbox-server-key"
GATEWAYS = frozenset({"sandbox", "midtrans"})


def _midtrans_when_keyed(payments: PaymentsSettings) -> str:
    return "midtrans" if payments.midtrans_server_key else "sandbox"


@attrs.frozen
class PaymentsSettings:
    """Which gateway takes payments, and how Midtrans is reached and trusted.

    Setting ``MIDTRANS_SERVER_KEY`` alone selects Midtrans; ``BIGAUTO_PAYMENT_GATEWAY`` says so
    explicitly (``sandbox`` keeps the sandbox even with a key).
    """

    midtrans_server_key: str | None = setting(env="MIDTRANS_SERVER_KEY", default=None)
    gateway: str = setting(
        env="BIGAUTO_PAYMENT_GATEWAY",
        default=attrs.Factory(_midtrans_when_keyed, takes_self=True),
        choices=GATEWAYS,
    )
    midtrans_client_key: str | None = setting(env="MIDTRANS_CLIENT_KEY", default=None)
    midtrans_is_production: bool = setting(env="MIDTRANS_IS_PRODUCTION", default=False)
    #: Other Snap / Core API hosts (a fake server in tests).
    midtrans_snap_url: str | None = setting(env="MIDTRANS_SNAP_URL", default=None)
    midtrans_api_url: str | None = setting(env="MIDTRANS_API_URL", default=None)
    #: Ask Midtrans for a notification's status before trusting it.
    midtrans_verify_status: bool = setting(env="MIDTRANS_VERIFY_STATUS", default=True)
    midtrans_enabled_payments: tuple[str, ...] = setting(
        env="MIDTRANS_ENABLED_PAYMENTS", default=DEFAULT_ENABLED_PAYMENTS, choices=KNOWN_PAYMENTS
    )

    @property
    def server_key(self) -> str:
        """The key notifications are signed with: Midtrans's, or the sandbox's."""
        return self.midtrans_server_key or SANDBOX_SERVER_KEY


__all__ = ["GATEWAYS", "SANDBOX_SERVER_KEY", "PaymentsSettings"]
