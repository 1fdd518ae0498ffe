"""The deal routes written by one helper still describe themselves route by route."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar

MOVES = [
    ("/api/rentals/{booking_id}/confirm", "confirmRental", "Confirm"),
    ("/api/rentals/{booking_id}/cancel", "cancelRental", "Cancel"),
    ("/api/sale-orders/{order_id}/accept-counter", "acceptCounterOffer", "AcceptCounter"),
    ("/api/sale-orders/{order_id}/start-documents", "startSaleDocuments", "StartDocuments"),
    ("/api/test-drives/{drive_id}/no-show", "testDriveNoShow", "NoShow"),
    ("/api/admin/withdrawals/{withdrawal_id}/mark-paid", "markWithdrawalPaid", None),
]


def _operation(app: Litestar, path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = app.openapi_schema.to_schema()["paths"][path][method]
    return operation


@pytest.mark.parametrize(("path", "operation_id", "summary"), MOVES)
def test_a_move_keeps_its_own_operation_id_summary_and_200(
    app: Litestar, path: str, operation_id: str, summary: str | None
) -> None:
    """Each move is its own operation, answering 200, with the path's id as a path parameter."""
    operation = _operation(app, path, "post")
    assert operation["operationId"] == operation_id
    if summary is not None:
        assert operation["summary"] == summary
    assert "200" in operation["responses"]
    [parameter] = [p for p in operation.get("parameters", []) if p["in"] == "path"]
    assert f"{{{parameter['name']}}}" in path
    assert parameter["required"] is True


def test_marking_sale_documents_stays_a_patch_and_showing_a_deal_a_get(app: Litestar) -> None:
    """The helper keeps each route's method: PATCH for documents, GET for one deal."""
    assert _operation(app, "/api/sale-orders/{order_id}/documents", "patch")["operationId"] == (
        "markSaleDocuments"
    )
    assert _operation(app, "/api/test-drives/{drive_id}", "get")["operationId"] == "getTestDrive"


def test_starting_a_deal_answers_201(app: Litestar) -> None:
    """Booking, offering and asking for a test drive each create something: 201."""
    for path, operation_id in [
        ("/api/rentals", "createRental"),
        ("/api/sale-orders", "createSaleOrder"),
        ("/api/test-drives", "requestTestDrive"),
    ]:
        operation = _operation(app, path, "post")
        assert operation["operationId"] == operation_id
        assert "201" in operation["responses"]
