"""The ``PaymentGateway`` port over Midtrans: Snap checkout and the Core API (httpx).

Every call authenticates with HTTP Basic (server key, empty password) and has a timeout.
Retries follow what is safe to repeat:

- ``get_status`` reads: retried on transport errors, timeouts and 5xx, with backoff;
- ``refund`` carries a ``refund_key`` that Midtrans deduplicates: retried likewise;
- ``cancel`` is retried likewise; a retry that finds the transaction already cancelled (a 412
  after the first attempt was lost in transit) answers the cancelled status;
- ``create_transaction`` is retried only when the connection was never made. A timeout or a 5xx
  after sending may have created the checkout, and a second request with the same order id
  would be refused as a duplicate, so the error goes back to the caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from enum import Enum
from typing import Any
from urllib.parse import quote

import httpx
import structlog

from bigauto.adapters.memory.clock import SystemClock
from bigauto.adapters.midtrans.wire import (
    core_error,
    error_for,
    parse_refund,
    parse_status,
    snap_body,
)
from bigauto.domain.payments.errors import (
    PaymentGatewayConflict,
    PaymentGatewayError,
    PaymentGatewayUnavailable,
)
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import (
    GatewayStatus,
    PaymentRequest,
    PaymentSession,
    RefundResult,
)
from bigauto.ports.shared.system import Clock

log = structlog.get_logger("bigauto.midtrans")

SNAP_SANDBOX = "https://app.sandbox.midtrans.com"
SNAP_PRODUCTION = "https://app.midtrans.com"
API_SANDBOX = "https://api.sandbox.midtrans.com"
API_PRODUCTION = "https://api.midtrans.com"
_SNAP_PATH = "/snap/v1/transactions"

# Failures where the request surely never reached Midtrans.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Retry(Enum):
    """When a request may be sent again."""

    UNSENT = "unsent"  # only when the connection was never made
    SAFE = "safe"  # on any transport error, timeout or 5xx


class _Transient(Exception):
    def __init__(self, error: PaymentGatewayError, *, sent: bool) -> None:
        self.error = error
        self.sent = sent


class MidtransGateway:
    """Midtrans Snap + Core API. ``snap_url``/``api_url`` override the hosts (a fake server).

    The base URLs are origins: ``{snap_url}/snap/v1/transactions`` and
    ``{api_url}/v2/{order_id}/status``; a ``snap_url`` that already ends in
    ``/snap/v1/transactions`` is used as it is.
    """

    def __init__(
        self,
        server_key: str,
        *,
        is_production: bool = False,
        snap_url: str | None = None,
        api_url: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.25,
        http: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
    ) -> None:
        if not server_key:
            raise ValueError("a Midtrans server key is required")
        snap = (snap_url or (SNAP_PRODUCTION if is_production else SNAP_SANDBOX)).rstrip("/")
        self.snap_endpoint = snap if snap.endswith(_SNAP_PATH) else snap + _SNAP_PATH
        api = (api_url or (API_PRODUCTION if is_production else API_SANDBOX)).rstrip("/")
        self.api_base = api.removesuffix("/v2")
        self._auth = httpx.BasicAuth(server_key, "")
        self._timeout = httpx.Timeout(timeout)
        self._retries = max(0, retries)
        self._backoff = backoff
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=self._timeout)
        self._clock: Clock = clock or SystemClock()

    async def aclose(self) -> None:
        """Close the HTTP client if this gateway created it."""
        if self._owns_http:
            await self._http.aclose()

    def _core(self, order_id: str, action: str) -> str:
        return f"{self.api_base}/v2/{quote(order_id, safe='')}/{action}"

    async def create_transaction(self, request: PaymentRequest) -> PaymentSession:
        body = snap_body(request, now=self._clock.now())
        status, answer = await self._send(
            "POST", self.snap_endpoint, body, retry=Retry.UNSENT, core=False
        )
        token, url = answer.get("token"), answer.get("redirect_url")
        if status not in (200, 201) or not isinstance(token, str) or not isinstance(url, str):
            raise PaymentGatewayError(
                "Midtrans Snap answered without a token and redirect_url",
                details={"gateway_status": str(status)},
            )
        return PaymentSession(token=token, redirect_url=url)

    async def get_status(self, order_id: str) -> GatewayStatus:
        _, answer = await self._send("GET", self._core(order_id, "status"), None, retry=Retry.SAFE)
        return parse_status(answer)

    async def refund(
        self, order_id: str, amount: Money, *, reason: str, refund_key: str
    ) -> RefundResult:
        body = {"refund_key": refund_key, "amount": amount.amount, "reason": reason}
        _, answer = await self._send("POST", self._core(order_id, "refund"), body, retry=Retry.SAFE)
        return parse_refund(answer, order_id=order_id, refund_key=refund_key, requested=amount)

    async def cancel(self, order_id: str) -> GatewayStatus:
        attempts: list[int] = []
        try:
            _, answer = await self._send(
                "POST", self._core(order_id, "cancel"), None, retry=Retry.SAFE, attempts=attempts
            )
        except PaymentGatewayConflict:
            if len(attempts) < 2:
                raise
            # An earlier attempt may have cancelled it before its answer was lost.
            status = await self.get_status(order_id)
            if status.transaction_status != "cancel":
                raise
            return status
        return parse_status(answer)

    async def _send(
        self,
        method: str,
        url: str,
        body: Mapping[str, Any] | None,
        *,
        retry: Retry,
        core: bool = True,
        attempts: list[int] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        tries = attempts if attempts is not None else []
        while True:
            tries.append(len(tries) + 1)
            try:
                return await self._once(method, url, body, core=core)
            except _Transient as failure:
                may_retry = retry is Retry.SAFE or (retry is Retry.UNSENT and not failure.sent)
                if not may_retry or len(tries) > self._retries:
                    raise failure.error from failure.__cause__
                delay = self._backoff * 2 ** (len(tries) - 1)
                log.warning(
                    "midtrans.retry",
                    url=url,
                    attempt=len(tries),
                    error=failure.error.message,
                    delay=delay,
                )
                await asyncio.sleep(delay)

    async def _once(
        self, method: str, url: str, body: Mapping[str, Any] | None, *, core: bool
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        try:
            response = await self._http.request(
                method, url, json=body, headers=headers, auth=self._auth, timeout=self._timeout
            )
        except _NOT_SENT as exc:
            raise _Transient(_unavailable("could not connect", exc), sent=False) from exc
        except httpx.TransportError as exc:  # timeouts after sending, dropped connections
            raise _Transient(_unavailable("did not answer", exc), sent=True) from exc
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            error = error_for(response.status_code, {}) if response.status_code >= 400 else None
            error = error or PaymentGatewayUnavailable(
                "Midtrans answered something that is not a JSON object",
                details={"gateway_status": str(response.status_code)},
            )
            if isinstance(error, PaymentGatewayUnavailable):
                raise _Transient(error, sent=True)
            raise error
        error = core_error(response.status_code, answer) if core else None
        if not core and response.status_code >= 400:
            error = error_for(response.status_code, answer)
        if isinstance(error, PaymentGatewayUnavailable):
            raise _Transient(error, sent=True)
        if error is not None:
            raise error
        return response.status_code, answer


def _unavailable(what: str, exc: Exception) -> PaymentGatewayUnavailable:
    return PaymentGatewayUnavailable(
        f"Midtrans {what}: {type(exc).__name__}",
        details={"gateway_status": None, "reason": type(exc).__name__},
    )


__all__ = [
    "API_PRODUCTION",
    "API_SANDBOX",
    "SNAP_PRODUCTION",
    "SNAP_SANDBOX",
    "MidtransGateway",
    "Retry",
]
