"""The embedded payment sandbox: the ``PaymentGateway`` port without a network.

It keeps Midtrans' side of each payment in a :class:`TransactionBook` (memory; the payments
service keeps its own record in the database). A checkout's ``redirect_url`` is a page of the
app, ``{public_base_url}/sandbox/payments/{order_id}``, where a person picks a method and pays or
fails; scripts do the same through ``POST /sandbox/payments/{order_id}/{pay,fail,expire}``. Both
end in :meth:`SandboxGateway.notification_for`, which changes the transaction and answers the
notification Midtrans would post, signed with the server key, for the app's real notification
endpoint to handle.
"""

from __future__ import annotations

from typing import Any, Literal

from bigauto.adapters.local.payment_book import SandboxTransaction, TransactionBook
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import (
    GatewayStatus,
    PaymentRequest,
    PaymentSession,
    RefundResult,
)
from bigauto.ports.shared.system import Clock
from bigauto.services.payments.settings import SANDBOX_SERVER_KEY

Outcome = Literal["pay", "fail", "expire"]
OUTCOMES: tuple[Outcome, ...] = ("pay", "fail", "expire")


class SandboxGateway:
    """A local payment gateway that behaves like Midtrans, signed notifications included."""

    def __init__(
        self,
        *,
        server_key: str = SANDBOX_SERVER_KEY,
        public_base_url: str = "http://127.0.0.1:8000",
        clock: Clock | None = None,
        book: TransactionBook | None = None,
    ) -> None:
        self._server_key = server_key
        self._base = public_base_url.rstrip("/")
        self.book = book or TransactionBook(clock=clock)

    @property
    def server_key(self) -> str:
        """The key notifications are signed with (``MIDTRANS_SERVER_KEY`` or the sandbox's)."""
        return self._server_key

    def checkout_url(self, order_id: str) -> str:
        return f"{self._base}/sandbox/payments/{order_id}"

    async def create_transaction(self, request: PaymentRequest) -> PaymentSession:
        record = self.book.open_checkout(
            order_id=request.order_id,
            gross_amount=request.gross_amount.amount,
            enabled_payments=request.enabled_payments,
            expiry_minutes=request.expiry_minutes,
            request={
                "items": [
                    {"id": i.id, "name": i.name, "price": i.price.amount, "quantity": i.quantity}
                    for i in request.items
                ],
                "customer": {
                    "first_name": request.customer.first_name,
                    "email": request.customer.email,
                    "phone": request.customer.phone,
                },
                "finish_url": request.finish_url,
            },
        )
        return PaymentSession(token=record.token, redirect_url=self.checkout_url(record.order_id))

    async def get_status(self, order_id: str) -> GatewayStatus:
        return self.book.get(order_id).to_status(self._server_key)

    async def refund(
        self, order_id: str, amount: Money, *, reason: str, refund_key: str
    ) -> RefundResult:
        record, refund = self.book.refund(
            order_id, amount=amount.amount, refund_key=refund_key, reason=reason
        )
        return RefundResult(
            order_id=order_id,
            refund_key=refund.refund_key,
            refund_amount=Money(refund.amount),
            transaction_status=record.transaction_status or "",
            status_code=record.status_code,
            raw=self.book.refund_body(record, refund, self._server_key),
        )

    async def cancel(self, order_id: str) -> GatewayStatus:
        return self.book.cancel(order_id).to_status(self._server_key)

    def checkout(self, order_id: str) -> SandboxTransaction:
        """The checkout behind the sandbox page (amount, methods, status so far)."""
        return self.book.checkout(order_id)

    def notification_for(
        self, order_id: str, outcome: Outcome, method: str | None = None
    ) -> dict[str, Any]:
        """Play ``outcome`` (``pay``, ``fail`` or ``expire``) with ``method`` and answer the
        notification Midtrans would send for it, signed.

        ``method`` is one of the checkout's ``enabled_payments`` (default: the first refundable
        one, so that a scripted payment can be refunded later).
        """
        if outcome == "pay":
            record = self.book.pay(order_id, method)
        elif outcome == "fail":
            record = self.book.deny(order_id, method)
        elif outcome == "expire":
            record = self.book.expire(order_id, method)
        else:
            raise ValidationFailed(
                f"a sandbox outcome is one of {list(OUTCOMES)}, not {outcome!r}",
                details={"outcome": outcome},
            )
        return record.notification(self._server_key)

    async def aclose(self) -> None:
        """Nothing to close; here so that every gateway can be closed alike."""


__all__ = ["OUTCOMES", "SANDBOX_SERVER_KEY", "Outcome", "SandboxGateway"]
