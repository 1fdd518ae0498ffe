"""HTTP: what the payment routes refuse at the edge, before any lookup, and what the Midtrans
notification endpoint tolerates (Midtrans adds fields over time)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from bigauto.domain.identity.accounts import User
from bigauto.domain.payments.midtrans_notifications import sign_notification

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[tuple[User, dict[str, str]]]]
NOTIFY = "/api/payments/midtrans/notification"


def error_fields(response: Any) -> list[str | None]:
    return [error["field"] for error in response.json()["error"]["details"]["errors"]]


def note(order_id: str = "BA-unknown", **changes: Any) -> dict[str, Any]:
    """A notification signed with the sandbox's key, for an order nobody opened."""
    body = {
        "order_id": order_id,
        "status_code": "200",
        "gross_amount": "150000.00",
        "transaction_status": "settlement",
        "signature_key": sign_notification(order_id, "200", "150000.00", "sandbox-server-key"),
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rental_booking_id": "r1", "tip": 5}, "tip"),
        ({"rental_booking_id": "not an id"}, "rental_booking_id"),
        ({"sale_order_id": "s" * 65}, "sale_order_id"),
        ({"rental_booking_id": 12}, "rental_booking_id"),
    ],
)
async def test_a_payment_body_out_of_shape_is_422_naming_the_field(
    client: Client, make_user: MakeUser, body: dict[str, Any], field: str
) -> None:
    """Unknown fields, ids that are not ids: VALIDATION_ERROR on the field, nothing looked up."""
    _, headers = await make_user()
    refused = await client.post("/api/payments", json=body, headers=headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "VALIDATION_ERROR"
    assert error_fields(refused) == [field]


async def test_a_payment_id_that_is_not_an_id_is_422(client: Client, make_user: MakeUser) -> None:
    """``GET /api/payments/{payment_id}`` checks the id's shape first; a well-formed unknown
    one is 404."""
    _, headers = await make_user()
    refused = await client.get("/api/payments/" + "p" * 65, headers=headers)
    missing = await client.get("/api/payments/p-1", headers=headers)
    assert refused.status_code == 422 and error_fields(refused) == ["payment_id"]
    assert missing.status_code == 404


async def test_a_notification_with_more_fields_than_the_engine_reads_is_handled(
    client: Client,
) -> None:
    """Fields Midtrans may add (here ``va_numbers`` and a new one) do not make it a 422: the
    notification gets as far as the payment lookup (503 PAYMENT_NOT_READY, retried later)."""
    extra = {"va_numbers": [{"bank": "bca", "va_number": "123"}], "brand_new_field": {"x": 1}}
    answer = await client.post(NOTIFY, json=note(**extra))
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["code"] == "PAYMENT_NOT_READY"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (note(order_id="o" * 101), "order_id"),
        (note(signature_key=None), "signature_key"),
        (note(transaction_status=""), "transaction_status"),
        (note(gross_amount=150000), "gross_amount"),
        ({k: v for k, v in note().items() if k != "status_code"}, "status_code"),
    ],
)
async def test_a_notification_out_of_bounds_is_422_naming_the_field(
    client: Client, body: dict[str, Any], field: str
) -> None:
    """What the engine reads is bounded: too long, missing, empty or not text is a 422."""
    refused = await client.post(NOTIFY, json=body)
    assert refused.status_code == 422, refused.text
    assert error_fields(refused) == [field]


async def test_a_notification_that_is_not_an_object_is_422(client: Client) -> None:
    """A JSON list is not a notification."""
    refused = await client.post(NOTIFY, json=[note()])
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_the_sandbox_pages_are_not_part_of_the_api_document(app: Litestar) -> None:
    """The checkout page and its buttons are for a browser; the JSON API does not list them."""
    paths = app.openapi_schema.to_schema()["paths"]
    assert not [path for path in paths if path.startswith("/sandbox")]
    assert "/api/payments/midtrans/notification" in paths
