"""Payments' providers: the gateway, the payment use cases and the refund handlers.

The gateway is Midtrans when ``BIGAUTO_PAYMENT_GATEWAY=midtrans`` (set by ``MIDTRANS_SERVER_KEY``
alone), else the embedded sandbox, which signs its notifications the same way.
"""

from __future__ import annotations

from datetime import timedelta

from dependency_injector import providers

from bigauto.adapters.local.payment_sandbox import SandboxGateway
from bigauto.adapters.midtrans import MidtransGateway
from bigauto.adapters.wiring.bookings import BookingsProviders
from bigauto.adapters.wiring.resources import Client
from bigauto.adapters.wiring.shared import Shared
from bigauto.ports.shared.system import Clock
from bigauto.services.bookings.settings import BookingsSettings
from bigauto.services.payments.checkout import PaymentConfig
from bigauto.services.payments.gateway_notifications import Payments
from bigauto.services.payments.refunds import PaymentHandlers
from bigauto.services.payments.settings import PaymentsSettings
from bigauto.services.runtime.worker_parts import WorkerParts


def _payment_gateway(
    payments: PaymentsSettings, public_url: str, clock: Clock
) -> MidtransGateway | SandboxGateway:
    if payments.gateway == "midtrans":
        return MidtransGateway(
            payments.server_key,
            is_production=payments.midtrans_is_production,
            snap_url=payments.midtrans_snap_url,
            api_url=payments.midtrans_api_url,
            clock=clock,
        )
    return SandboxGateway(server_key=payments.server_key, public_base_url=public_url, clock=clock)


def _payment_config(payments: PaymentsSettings, bookings: BookingsSettings) -> PaymentConfig:
    return PaymentConfig(
        server_key=payments.server_key,
        verify_status=payments.midtrans_verify_status,
        enabled_payments=payments.midtrans_enabled_payments,
        sale_payment_window=timedelta(hours=bookings.sale_payment_hours),
    )


class PaymentsProviders(Shared):
    """Checkout, gateway notifications, refunds."""

    payment_gateway = Client(
        _payment_gateway,
        Shared.settings.provided.payments,
        Shared.settings.provided.runtime.public_url,
        Shared.clock,
    )
    # Factories, so the clock and gateway in force (tests override both) are used.
    payments = providers.Factory(
        Payments,
        Shared.uow_factory,
        payment_gateway,
        Shared.clock,
        Shared.ids,
        Shared.random,
        providers.Singleton(
            _payment_config, Shared.settings.provided.payments, Shared.settings.provided.bookings
        ),
        BookingsProviders.booking_policy,
    )
    payment_handlers = providers.Factory(
        PaymentHandlers, Shared.uow_factory, payment_gateway, Shared.clock, Shared.ids
    )
    payments_worker = providers.Factory(
        WorkerParts, handlers=providers.List(payment_handlers.provided.register)
    )


__all__ = ["PaymentsProviders"]
