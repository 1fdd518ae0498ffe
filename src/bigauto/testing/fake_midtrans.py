"""A fake Midtrans server that speaks the documented wire format, for tests and for library users.

It is a plain ASGI app over the same :class:`~bigauto.adapters.local.payment_book.TransactionBook`
the embedded sandbox uses, so both behave alike. It serves

- ``POST /snap/v1/transactions``: Basic auth, body shape, items adding up to ``gross_amount``,
  order ids used once → ``201 {token, redirect_url}``, or 4xx ``{"error_messages": [...]}``;
- ``GET /v2/{order_id}/status`` and ``POST /v2/{order_id}/{refund,cancel,expire}``: Core API
  answers with the outcome in the body's ``status_code`` (``"404"`` "Transaction doesn't exist.",
  ``"412"`` when the status cannot change, ...).

Tests play the customer with :meth:`FakeMidtrans.choose`, ``pay``, ``settle``, ``challenge``,
``deny`` and ``expire``, each answering the signed notification Midtrans would post, which
:meth:`FakeMidtrans.notify` delivers. :meth:`FakeMidtrans.fail_next` scripts failures (a 500, a
503, a slow answer) to exercise retries. Run it on a free local port with::

    with FakeMidtrans(server_key="SB-Mid-server-test").running() as fake:
        gateway = MidtransGateway(fake.server_key, snap_url=fake.base_url, api_url=fake.base_url)
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import httpx
import uvicorn

from bigauto.adapters.local.payment_book import SandboxTransaction, TransactionBook
from bigauto.domain.payments.errors import PaymentGatewayError
from bigauto.ports.shared.system import Clock
from bigauto.testing._fake_midtrans_snap import SnapBodyError, check_snap_body

_CORE = re.compile(r"^/v2/(?P<order_id>[^/]+)/(?P<action>status|refund|cancel|expire)$")
_UNAUTHORISED = "Access denied due to unauthorized transaction, please check client or server key"

ASGIReceive = Callable[[], Any]
ASGISend = Callable[[dict[str, Any]], Any]


@attrs.frozen
class FakeRequest:
    """A request the fake received, for tests to inspect."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any


@attrs.frozen
class ScriptedFailure:
    """What to do instead of (``status``) or on top of (``delay``) answering a request."""

    status: int | None = None
    delay: float = 0.0
    path_prefix: str = "/"


class FakeMidtrans:
    """A Midtrans stand-in holding its transactions in memory; ``app`` is the ASGI callable."""

    def __init__(self, server_key: str = "SB-Mid-server-fake", *, clock: Clock | None = None):
        self.server_key = server_key
        self.book = TransactionBook(clock=clock)
        self.requests: list[FakeRequest] = []
        self.base_url = "http://127.0.0.1"
        self._failures: deque[ScriptedFailure] = deque()
        self._lock = threading.RLock()

    # --- scripting ------------------------------------------------------------------------------

    def fail_next(
        self, count: int = 1, *, status: int | None = 500, delay: float = 0.0, path: str = "/"
    ) -> None:
        """The next ``count`` requests under ``path`` answer HTTP ``status`` with an error body
        (nothing changes), or, with ``status=None``, are handled but answered after ``delay``
        seconds (a client with a shorter timeout sees a timeout)."""
        with self._lock:
            for _ in range(count):
                self._failures.append(ScriptedFailure(status, delay, path))

    def _take_failure(self, path: str) -> ScriptedFailure | None:
        with self._lock:
            for failure in self._failures:
                if path.startswith(failure.path_prefix):
                    self._failures.remove(failure)
                    return failure
        return None

    def transaction(self, order_id: str) -> SandboxTransaction:
        """The checkout or transaction for ``order_id`` (raises when unknown)."""
        with self._lock:
            return self.book.checkout(order_id)

    def _play(self, action: Callable[[], SandboxTransaction]) -> dict[str, Any]:
        with self._lock:
            return action().notification(self.server_key)

    def choose(self, order_id: str, method: str | None = None) -> dict[str, Any]:
        """The customer picks ``method``: pending. Answers the signed notification."""
        return self._play(lambda: self.book.choose(order_id, method))

    def pay(self, order_id: str, method: str | None = None) -> dict[str, Any]:
        """The customer pays (settlement; capture + accept for a card)."""
        return self._play(lambda: self.book.pay(order_id, method))

    def settle(self, order_id: str, method: str | None = None) -> dict[str, Any]:
        """The payment settles."""
        return self._play(lambda: self.book.settle(order_id, method))

    def challenge(self, order_id: str) -> dict[str, Any]:
        """A card capture held by fraud detection (capture + challenge)."""
        return self._play(lambda: self.book.challenge(order_id))

    def deny(self, order_id: str, method: str | None = None) -> dict[str, Any]:
        """The payment is denied."""
        return self._play(lambda: self.book.deny(order_id, method))

    def expire(self, order_id: str, method: str | None = None) -> dict[str, Any]:
        """The pending payment expires."""
        return self._play(lambda: self.book.expire(order_id, method))

    async def notify(
        self, url: str, payload: dict[str, Any], *, client: httpx.AsyncClient | None = None
    ) -> httpx.Response:
        """POST ``payload`` to ``url`` as Midtrans posts a notification."""
        if client is not None:
            return await client.post(url, json=payload)
        async with httpx.AsyncClient(timeout=10) as http:
            return await http.post(url, json=payload)

    # --- the ASGI app ---------------------------------------------------------------------------

    async def app(self, scope: dict[str, Any], receive: ASGIReceive, send: ASGISend) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        raw = b""
        while True:
            message = await receive()
            raw += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = ValueError
        path = scope["path"]
        self.requests.append(FakeRequest(scope["method"], path, headers, body))
        failure = self._take_failure(path)
        if failure is not None and failure.status is not None:
            await _answer(send, failure.status, _failure_body(path, failure.status))
            return
        status, answer = self._handle(scope["method"], path, headers, body)
        if failure is not None and failure.delay:
            await asyncio.sleep(failure.delay)
        await _answer(send, status, answer)

    def _authorised(self, headers: dict[str, str]) -> bool:
        token = base64.b64encode(f"{self.server_key}:".encode()).decode()
        return headers.get("authorization") == f"Basic {token}"

    def _handle(
        self, method: str, path: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        if method == "GET" and path.startswith("/snap/v4/redirection/"):
            return 200, {"page": "Snap checkout", "token": path.rsplit("/", 1)[-1]}
        if path == "/snap/v1/transactions" and method == "POST":
            if not self._authorised(headers):
                return 401, {"error_messages": [_UNAUTHORISED]}
            return self._snap(body)
        match = _CORE.match(path)
        if match is None:
            return 404, {
                "status_code": "404",
                "status_message": "The requested resource is not found",
            }
        if not self._authorised(headers):
            return 401, {"status_code": "401", "status_message": _UNAUTHORISED}
        expected = "GET" if match["action"] == "status" else "POST"
        if method != expected:
            return 405, {"status_code": "405", "status_message": "HTTP method is not allowed"}
        try:
            with self._lock:
                return 200, self._core(match["order_id"], match["action"], body)
        except PaymentGatewayError as error:
            code = str(error.details.get("gateway_status") or "500")
            return 200, {"status_code": code, "status_message": error.message, "id": _id()}

    def _snap(self, body: Any) -> tuple[int, Any]:
        try:
            checked = check_snap_body(body)
        except SnapBodyError as error:
            return 400, {"error_messages": error.messages}
        try:
            with self._lock:
                record = self.book.open_checkout(
                    order_id=checked.order_id,
                    gross_amount=checked.gross_amount,
                    enabled_payments=checked.enabled_payments,
                    expiry_minutes=checked.expiry_minutes,
                    starts_at=checked.starts_at,
                    request=body,
                )
        except PaymentGatewayError as error:
            return 400, {"error_messages": [error.message]}
        redirect = f"{self.base_url}/snap/v4/redirection/{record.token}"
        return 201, {"token": record.token, "redirect_url": redirect}

    def _core(self, order_id: str, action: str, body: Any) -> dict[str, Any]:
        if action == "status":
            return self.book.get(order_id).body(self.server_key)
        if action == "cancel":
            record = self.book.cancel(order_id)
            return record.body(self.server_key, message="Success, transaction is canceled")
        if action == "expire":
            self.book.get(order_id)  # the expire API needs a transaction, not just a checkout
            record = self.book.expire(order_id)
            return record.body(self.server_key, message="Success, transaction has expired")
        fields = body if isinstance(body, dict) else {}
        amount = fields.get("amount")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
            return {"status_code": "400", "status_message": "amount must be an integer"}
        record, refund = self.book.refund(
            order_id,
            amount=amount,
            refund_key=str(fields.get("refund_key") or f"refund-{_id()}"),
            reason=str(fields.get("reason") or ""),
        )
        return self.book.refund_body(record, refund, self.server_key)

    # --- running it -----------------------------------------------------------------------------

    @contextmanager
    def running(self) -> Iterator[FakeMidtrans]:
        """Serve on 127.0.0.1 at a free port in a background thread; ``base_url`` points there."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, interface="asgi3", log_level="warning", lifespan="off", access_log=False
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake Midtrans server did not start")
            time.sleep(0.01)
        self.base_url = f"http://127.0.0.1:{port}"
        try:
            yield self
        finally:
            server.should_exit = server.force_exit = True
            thread.join(timeout=10)
            sock.close()


def _id() -> str:
    return str(uuid.uuid4())


def _failure_body(path: str, status: int) -> dict[str, Any]:
    message = "Sorry, we encountered internal server error. We will fix this soon."
    if path.startswith("/snap/"):
        return {"error_messages": [message]}
    return {"status_code": str(status), "status_message": message, "id": _id()}


async def _answer(send: ASGISend, status: int, body: Any) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


__all__ = ["FakeMidtrans", "FakeRequest", "ScriptedFailure"]
