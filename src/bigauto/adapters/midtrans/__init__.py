"""Midtrans: the payment gateway adapter (Snap checkout, Core API status, refund, cancel)."""

from bigauto.adapters.midtrans.client import (
    API_PRODUCTION,
    API_SANDBOX,
    SNAP_PRODUCTION,
    SNAP_SANDBOX,
    MidtransGateway,
)

__all__ = ["API_PRODUCTION", "API_SANDBOX", "SNAP_PRODUCTION", "SNAP_SANDBOX", "MidtransGateway"]
