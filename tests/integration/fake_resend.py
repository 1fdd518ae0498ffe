"""A local stand-in for Resend's ``POST /emails``, speaking its documented wire format.

It checks the bearer key, the JSON body (``from``, ``to``, ``subject``, ``html`` or ``text``) and
the ``Idempotency-Key`` (1-256 characters; the same key with another body is 409
``invalid_idempotent_request``; with the same body, the first answer again). Errors use
Resend's body ``{"statusCode", "message", "name"}``. ``script`` queues responses to give before
behaving (say, a 429 then a 500) so retries can be tested.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "re_test_0123456789"


class FakeResend:
    """State of the fake server: what it received and what it will answer."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.sent: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, tuple[str, dict[str, Any]]] = {}
        self.script: list[tuple[int, str, str, dict[str, str]]] = []
        self.url = ""

    def fail_next(self, status: int, name: str, headers: dict[str, str] | None = None) -> None:
        self.script.append((status, name, f"scripted {name}", headers or {}))


def _handler(fake: FakeResend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, name: str, message: str, **headers: str) -> None:
            self._answer(status, {"statusCode": status, "message": message, "name": name}, headers)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw})
            if self.path != "/emails":
                return self._error(404, "not_found", "The requested endpoint does not exist.")
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer "):
                return self._error(
                    401, "missing_api_key", "Missing API key in the authorization header."
                )
            if auth != f"Bearer {API_KEY}":
                return self._error(403, "invalid_api_key", "API key is invalid.")
            if fake.script:
                status, name, message, headers = fake.script.pop(0)
                return self._error(status, name, message, **headers)
            try:
                body = json.loads(raw)
            except ValueError:
                return self._error(400, "validation_error", "Invalid JSON body.")
            missing = [f for f in ("from", "to", "subject") if not body.get(f)]
            if missing or not (body.get("html") or body.get("text")):
                return self._error(
                    422, "missing_required_field", f"Missing required fields: {missing}"
                )
            key = self.headers.get("Idempotency-Key")
            if key is not None and not 1 <= len(key) <= 256:
                return self._error(
                    400, "invalid_idempotency_key", "The key must be between 1-256 chars."
                )
            if key is not None and key in fake.by_key:
                first_id, first_body = fake.by_key[key]
                if first_body != body:
                    return self._error(
                        409,
                        "invalid_idempotent_request",
                        "Same idempotency key used with a different request payload.",
                    )
                return self._answer(200, {"id": first_id}, {})
            email_id = str(uuid.uuid4())
            fake.sent[email_id] = body
            if key is not None:
                fake.by_key[key] = (email_id, body)
            return self._answer(200, {"id": email_id}, {})

    return Handler


@contextmanager
def running() -> Iterator[FakeResend]:
    """Serve a ``FakeResend`` on 127.0.0.1 at a free port for the duration of the block."""
    fake = FakeResend()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
