"""Payments: ``/api/payments`` (create, show), the Midtrans notification endpoint and, when the
embedded sandbox is the gateway, its checkout page and script routes under ``/sandbox/payments``.

The notification endpoint has no JWT (the signature is its authentication) and its own rate
limit category, ``payment_notification``, by IP and instead of the guest tier. It answers 200
for anything it has handled, changed or not (a replay, a late status, a flagged amount), so
Midtrans stops retrying; 401 ``INVALID_SIGNATURE`` for a bad signature and 503
``PAYMENT_NOT_READY`` for an order id not committed yet, so Midtrans retries later. The sandbox
routes build the signed notification the sandbox gateway would send and pass it to the SAME
handler.
"""

from __future__ import annotations

import html
import json
from typing import Any

import attrs
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import State
from litestar.response import Redirect
from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.domain.payments.payment import DealKind, Payment
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import USER, Principal
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.idempotency import idempotent
from bigauto.services.payments.gateway_notifications import Payments


@attrs.frozen
class PaymentBody:
    """``POST /api/payments``: exactly one of the two ids."""

    rental_booking_id: str | None = None
    sale_order_id: str | None = None


@attrs.frozen
class SandboxBody:
    """``POST /sandbox/payments/{order_id}/{outcome}`` from a script."""

    method: str | None = None


def payments(state: State) -> Payments:
    service: Payments = state.container.payments()
    return service


def payment_json(payment: Payment) -> dict[str, Any]:
    deal = "rental_booking_id" if payment.kind is DealKind.RENTAL else "sale_order_id"
    return {
        "payment_id": payment.id,
        "order_id": payment.order_id,
        "snap_token": payment.snap_token,
        "redirect_url": payment.redirect_url,
        "amount": payment.amount.amount,
        "status": payment.status.value,
        "kind": payment.kind.value,
        deal: payment.deal_id,
        "method": payment.method,
        "refunded_amount": payment.refunded.amount,
        "expires_at": payment.expires_at.isoformat(),
        "created_at": payment.created_at.isoformat(),
        "paid_at": payment.paid_at.isoformat() if payment.paid_at else None,
    }


def _remote(request: Request[Any, Any, Any]) -> str | None:
    return request.client.host if request.client else None


class PaymentController(Controller):
    """Create and read payments."""

    path = "/api/payments"

    @post(
        "",
        operation_id="createPayment",
        summary="Pay for a rental booking or a sale order (Idempotency-Key)",
        opt={"rate_category": "payment"},
        dependencies={"principal": USER},
    )
    async def create(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> Response[Any]:
        raw = await request.body()

        async def run() -> tuple[int, dict[str, Any]]:
            body = decode(raw, PaymentBody)
            payment = await payments(state).create_payment(
                principal.user_id,
                rental_booking_id=body.rental_booking_id,
                sale_order_id=body.sale_order_id,
            )
            return 201, payment_json(payment)

        return await idempotent(request, principal, "POST /api/payments", raw, run)

    @get("/{payment_id:str}", operation_id="getPayment", dependencies={"principal": USER})
    async def show(self, state: State, principal: Principal, payment_id: str) -> dict[str, Any]:
        payment = await payments(state).get_payment(
            payment_id, principal.user_id, is_admin=principal.is_admin
        )
        return payment_json(payment)

    @post(
        "/midtrans/notification",
        operation_id="midtransNotification",
        summary="Midtrans HTTP notification (signed; idempotent)",
        status_code=200,
        opt={"rate_category": "payment_notification"},
    )
    async def notification(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        try:
            payload = json.loads(await request.body())
        except ValueError:
            raise ValidationFailed("a notification is a JSON object") from None
        outcome = await payments(state).handle_notification(payload, _remote(request))
        return {"status": "flagged" if outcome.flagged else "ok", "changed": outcome.changed}


OUTCOME_LABELS = {"pay": "Pay", "fail": "Fail", "expire": "Let it expire"}


def _page(order_id: str, checkout: Any) -> str:
    e = html.escape
    items = checkout.request.get("items", [])
    rows = "".join(
        f"<tr><td>{e(str(i['name']))}</td><td>{i['quantity']}</td><td>{i['price']}</td></tr>"
        for i in items
    )
    methods = "".join(
        f'<label><input type="radio" name="method" value="{e(m)}"{" checked" if n == 0 else ""}>'
        f"{e(m)}</label><br>"
        for n, m in enumerate(checkout.enabled_payments)
    )
    buttons = "".join(
        f'<button formaction="/sandbox/payments/{e(order_id)}/{o}">{label}</button> '
        for o, label in OUTCOME_LABELS.items()
    )
    status = e(checkout.transaction_status or "open")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Payment sandbox</title></head>"
        f"<body><h1>Payment sandbox</h1><p>Order <code>{e(order_id)}</code>: "
        f"<strong>Rp {checkout.gross_amount:,}</strong> — status <em>{status}</em></p>"
        f"<table><tr><th>Item</th><th>Qty</th><th>Price</th></tr>{rows}</table>"
        f'<form method="post">{methods}{buttons}</form></body></html>'
    )


class SandboxController(Controller):
    """The embedded gateway's checkout page and its scripted outcomes."""

    path = "/sandbox/payments"

    @get("/{order_id:str}", operation_id="sandboxCheckout", media_type=MediaType.HTML)
    async def page(self, state: State, order_id: str) -> str:
        gateway = state.container.payment_gateway()
        return _page(order_id, gateway.checkout(order_id))

    @post("/{order_id:str}/{outcome:str}", operation_id="sandboxOutcome", status_code=200)
    async def outcome(
        self, request: Request[Any, Any, Any], state: State, order_id: str, outcome: str
    ) -> Response[Any]:
        form = "application/x-www-form-urlencoded" in request.headers.get("content-type", "")
        if form:
            method = (await request.form()).get("method") or None
        else:
            raw = await request.body()
            method = decode(raw, SandboxBody).method if raw.strip() else None
        if outcome not in OUTCOME_LABELS:
            raise ValidationFailed(f"an outcome is one of {list(OUTCOME_LABELS)}")
        gateway = state.container.payment_gateway()
        payload = gateway.notification_for(order_id, outcome, method)
        result = await payments(state).handle_notification(payload, _remote(request))
        if form:
            return Redirect(f"/sandbox/payments/{order_id}", status_code=303)
        body = {
            "order_id": order_id,
            "outcome": outcome,
            "changed": result.changed,
            "status": result.payment.status.value if result.payment else None,
        }
        return Response(body, status_code=200)


def payment_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    handlers: list[ControllerRouterHandler] = [PaymentController]
    if settings.payments.gateway == "sandbox":
        handlers.append(SandboxController)
    return handlers


__all__ = ["PaymentController", "SandboxController", "payment_handlers", "payment_json"]
