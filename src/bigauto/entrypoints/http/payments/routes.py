"""Payments: ``/api/payments`` (create, show), the Midtrans notification endpoint and, when the
embedded sandbox is the gateway, its checkout page and script routes under ``/sandbox/payments``.

The notification endpoint has no JWT (the signature is its authentication) and its own rate
limit category, ``payment_notification``, by IP and instead of the guest tier. It answers 200
for anything it has handled, changed or not (a replay, a late status, a flagged amount), so
Midtrans stops retrying; 401 ``INVALID_SIGNATURE`` for a bad signature and 503
``PAYMENT_NOT_READY`` for an order id not committed yet, so Midtrans retries later. Its body is
a :class:`MidtransNotificationBody`: what the engine reads is bounded, whatever else Midtrans
sends is accepted and ignored. The sandbox routes build the signed notification the sandbox
gateway would send and pass it to the SAME handler; they are pages for a browser, so they stay
out of ``/docs/openapi.json``.
"""

from __future__ import annotations

import html
from typing import Annotated, Any

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, PathParameter
from litestar.response import Redirect

from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import USER, Caller
from bigauto.entrypoints.http.contract import Body, Id, PathId
from bigauto.entrypoints.http.idempotency import IdempotencyKey, create_once
from bigauto.entrypoints.http.middleware import check_json
from bigauto.entrypoints.http.payments.views import NotificationAnswer, PaymentView, payment_view
from bigauto.services.payments.gateway_notifications import Payments


class PaymentBody(Body):
    """``POST /api/payments``: the deal to pay for, exactly one of the two ids."""

    rental_booking_id: Id | None = None
    sale_order_id: Id | None = None


# What a notification's fields may be: Midtrans sends them all as text; the first five always.
_OrderId = Annotated[str, msgspec.Meta(min_length=1, max_length=100, examples=["BA-x1y2z3"])]
_StatusCode = Annotated[str, msgspec.Meta(min_length=1, max_length=8, examples=["200"])]
_GrossAmount = Annotated[str, msgspec.Meta(min_length=1, max_length=32, examples=["150000.00"])]
_Signature = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
_Status = Annotated[str, msgspec.Meta(min_length=1, max_length=32, examples=["settlement"])]
_Word = Annotated[str, msgspec.Meta(max_length=64)]
_TransactionId = Annotated[str, msgspec.Meta(max_length=100)]
_Message = Annotated[str, msgspec.Meta(max_length=500)]


class MidtransNotificationBody(msgspec.Struct, kw_only=True, frozen=True):
    """A Midtrans HTTP notification, as Midtrans posts it: the fields the engine reads, each
    bounded. Other fields (``va_numbers``, ``refunds``...) are accepted and ignored, since
    Midtrans adds fields over time; ``signature_key`` is what authenticates it."""

    order_id: _OrderId
    status_code: _StatusCode
    gross_amount: _GrossAmount
    signature_key: _Signature
    transaction_status: _Status
    fraud_status: _Word | None = None
    payment_type: _Word | None = None
    transaction_id: _TransactionId | None = None
    transaction_time: _Word | None = None
    settlement_time: _Word | None = None
    status_message: _Message | None = None


class SandboxBody(Body):
    """``POST /sandbox/payments/{order_id}/{outcome}`` from a script."""

    method: Annotated[str, msgspec.Meta(max_length=40)] | None = None


def _sandbox_body(raw: bytes) -> SandboxBody:
    check_json(raw)
    try:
        return msgspec.json.decode(raw, type=SandboxBody)
    except msgspec.DecodeError as error:
        raise ValidationFailed(str(error), details={"field": "body"}) from None


def payments(state: State) -> Payments:
    service: Payments = state.container.payments()
    return service


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
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Caller,
        data: JSONBody[PaymentBody],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[PaymentView]:
        async def pay(body: PaymentBody) -> PaymentView:
            payment = await payments(state).create_payment(
                principal.user_id,
                rental_booking_id=body.rental_booking_id,
                sale_order_id=body.sale_order_id,
            )
            return payment_view(payment)

        return await create_once(request, principal, data, pay)

    @get("/{payment_id:str}", operation_id="getPayment", dependencies={"principal": USER})
    async def show(self, state: State, principal: Caller, payment_id: PathId) -> PaymentView:
        payment = await payments(state).get_payment(
            payment_id, principal.user_id, is_admin=principal.is_admin
        )
        return payment_view(payment)

    @post(
        "/midtrans/notification",
        operation_id="midtransNotification",
        summary="Midtrans HTTP notification (signed; idempotent)",
        status_code=200,
        opt={
            "rate_category": "payment_notification",
            "errors": {401: "`signature_key` does not sign the notification (INVALID_SIGNATURE)"},
        },
    )
    async def notification(
        self,
        request: Request[Any, Any, Any],
        state: State,
        data: JSONBody[MidtransNotificationBody],
    ) -> NotificationAnswer:
        note = msgspec.to_builtins(data)
        outcome = await payments(state).handle_notification(note, _remote(request))
        return NotificationAnswer(
            status="flagged" if outcome.flagged else "ok", changed=outcome.changed
        )


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
    """The embedded gateway's checkout page and its scripted outcomes: pages for a browser,
    not part of the JSON API, so not in its document."""

    path = "/sandbox/payments"
    include_in_schema = False

    @get("/{order_id:str}", operation_id="sandboxCheckout", media_type=MediaType.HTML)
    async def page(self, state: State, order_id: PathId) -> str:
        gateway = state.container.payment_gateway()
        return _page(order_id, gateway.checkout(order_id))

    @post("/{order_id:str}/{outcome:str}", operation_id="sandboxOutcome", status_code=200)
    async def outcome(
        self,
        request: Request[Any, Any, Any],
        state: State,
        order_id: PathId,
        outcome: Annotated[str, PathParameter(max_length=16)],
    ) -> Response[Any]:
        form = "application/x-www-form-urlencoded" in request.headers.get("content-type", "")
        if form:
            method = (await request.form()).get("method") or None
        else:
            raw = await request.body()
            method = _sandbox_body(raw).method if raw.strip() else None
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


__all__ = [
    "MidtransNotificationBody",
    "PaymentBody",
    "PaymentController",
    "SandboxController",
]
