"""Midtrans' wire format: the Snap body we send and how its answers become domain errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bigauto.adapters.midtrans.client import MidtransGateway
from bigauto.adapters.midtrans.wire import core_error, error_for, parse_status, snap_body
from bigauto.domain.payments.errors import (
    PaymentGatewayAuthFailed,
    PaymentGatewayConflict,
    PaymentGatewayError,
    PaymentGatewayNotFound,
    PaymentGatewayRejected,
    PaymentGatewayUnavailable,
)
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import PaymentCustomer, PaymentItem, PaymentRequest

NOW = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)


def _request(**changes: Any) -> PaymentRequest:
    fields: dict[str, Any] = {
        "order_id": "SALE-9",
        "gross_amount": Money(120_000_000),
        "items": (
            PaymentItem(
                "car", "Toyota Kijang Innova Reborn 2.4 V AT Diesel " * 2, Money(120_000_000)
            ),
        ),
        "customer": PaymentCustomer("Siti", "siti@example.com"),
        "expiry_minutes": 45,
    }
    fields.update(changes)
    return PaymentRequest(**fields)


def test_the_snap_body_carries_the_documented_fields() -> None:
    """transaction_details, item_details, customer_details, enabled_payments and expiry."""
    body = snap_body(_request(), now=NOW)
    assert body["transaction_details"] == {"order_id": "SALE-9", "gross_amount": 120_000_000}
    assert body["item_details"][0]["price"] == 120_000_000
    assert body["item_details"][0]["quantity"] == 1
    assert body["customer_details"] == {"first_name": "Siti", "email": "siti@example.com"}
    assert "credit_card" in body["enabled_payments"] and body["credit_card"] == {"secure": True}
    assert "callbacks" not in body


def test_item_names_are_cut_to_midtrans_fifty_characters() -> None:
    """Midtrans refuses item names over 50 characters, so they are shortened."""
    name = snap_body(_request(), now=NOW)["item_details"][0]["name"]
    assert len(name) == 50 and name.startswith("Toyota Kijang")


def test_the_expiry_is_the_hold_counted_from_now_in_jakarta_time() -> None:
    """The expiry starts when the booking is made (GMT+7) and lasts expiry_minutes."""
    expiry = snap_body(_request(), now=NOW)["expiry"]
    assert expiry == {"start_time": "2025-03-01 10:00:00 +0700", "unit": "minutes", "duration": 45}


def test_a_finish_url_and_a_phone_are_sent_when_given() -> None:
    """callbacks.finish and customer phone appear only when the request has them."""
    body = snap_body(
        _request(
            finish_url="https://bigauto.example/done",
            customer=PaymentCustomer("Siti", "siti@example.com", "+62811"),
            enabled_payments=("gopay",),
        ),
        now=NOW,
    )
    assert body["callbacks"] == {"finish": "https://bigauto.example/done"}
    assert body["customer_details"]["phone"] == "+62811"
    assert "credit_card" not in body


@pytest.mark.parametrize(
    ("status", "messages", "kind"),
    [
        (401, ["Access denied"], PaymentGatewayAuthFailed),
        (404, ["Transaction doesn't exist."], PaymentGatewayNotFound),
        (412, ["Merchant cannot modify the status of the transaction"], PaymentGatewayConflict),
        (406, ["Duplicate order ID"], PaymentGatewayConflict),
        (400, ["transaction_details.order_id sudah digunakan"], PaymentGatewayConflict),
        (400, ["transaction_details.order_id has already been taken"], PaymentGatewayConflict),
        (400, ["gross_amount is not equal to the sum of item_details"], PaymentGatewayRejected),
        (402, ["no access for this payment type"], PaymentGatewayRejected),
        (429, ["rate limit"], PaymentGatewayUnavailable),
        (500, ["internal"], PaymentGatewayUnavailable),
        (503, [], PaymentGatewayUnavailable),
    ],
)
def test_midtrans_error_statuses_become_domain_errors(
    status: int, messages: list[str], kind: type[PaymentGatewayError]
) -> None:
    """Each Midtrans status maps to one domain error carrying the gateway's words."""
    error = error_for(status, {"error_messages": messages})
    assert type(error) is kind
    assert error.details == {"gateway_status": str(status), "messages": messages}


def test_an_unavailable_gateway_is_also_a_service_unavailable() -> None:
    """Callers that handle ServiceUnavailable generally also catch a gateway outage."""
    assert isinstance(error_for(502, {}), ServiceUnavailable)
    assert PaymentGatewayUnavailable.kind == "unavailable"
    assert PaymentGatewayAuthFailed.kind == "unavailable"  # our key, never the caller's fault


def test_the_core_api_reports_errors_in_the_body_under_http_200() -> None:
    """A 200 whose body says 404 is an error; 2xx and 407 (expired) bodies are statuses."""
    assert isinstance(
        core_error(200, {"status_code": "404", "status_message": "Transaction doesn't exist."}),
        PaymentGatewayNotFound,
    )
    assert core_error(200, {"status_code": "407", "transaction_status": "expire"}) is None
    assert core_error(200, {"status_code": "201"}) is None
    assert isinstance(core_error(401, {"status_code": "401"}), PaymentGatewayAuthFailed)


def test_a_status_body_reads_amounts_as_whole_rupiah() -> None:
    """gross_amount and refund_amount strings become whole rupiah."""
    status = parse_status(
        {
            "order_id": "SALE-9",
            "status_code": "200",
            "transaction_status": "partial_refund",
            "gross_amount": "120000000.00",
            "refund_amount": "20000000.00",
            "payment_type": "gopay",
        }
    )
    assert (status.gross_amount, status.refund_amount) == (120_000_000, 20_000_000)


def test_a_status_body_without_its_fields_is_a_gateway_error() -> None:
    """An answer missing order_id or transaction_status is the gateway's fault."""
    with pytest.raises(PaymentGatewayError):
        parse_status({"status_code": "200", "gross_amount": "1.00"})


@pytest.mark.parametrize(
    ("production", "snap", "api"),
    [
        (
            False,
            "https://app.sandbox.midtrans.com/snap/v1/transactions",
            "https://api.sandbox.midtrans.com",
        ),
        (True, "https://app.midtrans.com/snap/v1/transactions", "https://api.midtrans.com"),
    ],
)
def test_the_hosts_follow_midtrans_is_production(production: bool, snap: str, api: str) -> None:
    """MIDTRANS_IS_PRODUCTION picks the production hosts, else the sandbox's."""
    gateway = MidtransGateway("SB-key", is_production=production)
    assert (gateway.snap_endpoint, gateway.api_base) == (snap, api)


def test_overridden_base_urls_are_origins_or_full_endpoints() -> None:
    """MIDTRANS_SNAP_URL and MIDTRANS_API_URL may be origins or already carry the paths."""
    plain = MidtransGateway("k", snap_url="http://fake:1/", api_url="http://fake:2")
    full = MidtransGateway(
        "k", snap_url="http://fake:1/snap/v1/transactions", api_url="http://fake:2/v2"
    )
    for gateway in (plain, full):
        assert gateway.snap_endpoint == "http://fake:1/snap/v1/transactions"
        assert gateway.api_base == "http://fake:2"


def test_a_gateway_needs_a_server_key() -> None:
    """An empty server key is a configuration error at construction."""
    with pytest.raises(ValueError):
        MidtransGateway("")
