"""Sending email through Resend's HTTP API (``POST /emails``).

Requests carry ``Authorization: Bearer <RESEND_API_KEY>`` and an ``Idempotency-Key`` (the
event id), so a retry never sends twice: Resend answers a repeated key with the first email's
id for 24 hours. Rate limiting (429) and server errors (5xx) and network failures are retried
with exponential backoff (honouring ``Retry-After``); after the last attempt they become
``ServiceUnavailable`` and the outbox keeps the event for later. Other errors (400 validation,
401/403 key or sender problems, 422 missing fields) are ``EmailRejected``: retrying cannot fix
them. Resend's error body is ``{"statusCode", "message", "name"}``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import structlog

from bigauto.domain.notifications.errors import EmailRejected
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.ports.shared.external import EmailMessage

log = structlog.get_logger(__name__)

_RETRYABLE = {429, 500, 502, 503, 504}


class ResendEmailSender:
    """The ``EmailSender`` port on Resend."""

    def __init__(
        self,
        *,
        api_key: str,
        from_email: str,
        client: httpx.AsyncClient,
        base_url: str = "https://api.resend.com",
        attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._api_key = api_key
        self._from = from_email
        self._client = client
        self._url = base_url.rstrip("/") + "/emails"
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._sleep = sleep

    async def send(self, message: EmailMessage, *, idempotency_key: str) -> str:
        body = {
            "from": self._from,
            "to": [message.to],
            "subject": message.subject,
            "text": message.text,
            "html": message.html,
        }
        headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Idempotency-Key": idempotency_key[:256],
        }
        last = "no attempt made"
        for attempt in range(1, self._attempts + 1):
            try:
                response = await self._client.post(self._url, json=body, headers=headers)
            except httpx.TransportError as error:
                last = f"{type(error).__name__}: {error}"
                wait = self._delay(attempt, None)
            else:
                if response.status_code < 300:
                    return str(response.json()["id"])
                name, text = _error(response)
                if response.status_code not in _RETRYABLE:
                    raise EmailRejected(
                        f"Resend refused the email ({response.status_code} {name}): {text}",
                        details={"status": response.status_code, "name": name},
                    )
                last = f"{response.status_code} {name}: {text}"
                wait = self._delay(attempt, response.headers.get("retry-after"))
            if attempt < self._attempts:
                log.warning("resend attempt failed", attempt=attempt, error=last, retry_in=wait)
                await self._sleep(wait)
        raise ServiceUnavailable(
            f"Resend is unavailable after {self._attempts} attempts: {last}",
            details={"provider": "resend"},
        )

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                return min(self._max_backoff, max(0.0, float(retry_after)))
            except ValueError:
                pass
        return float(min(self._max_backoff, self._backoff * 2 ** (attempt - 1)))


def _error(response: httpx.Response) -> tuple[str, str]:
    try:
        body: Any = response.json()
    except ValueError:
        return "unknown_error", response.text[:200]
    if not isinstance(body, dict):
        return "unknown_error", str(body)[:200]
    return str(body.get("name", "unknown_error")), str(body.get("message", ""))[:500]


__all__ = ["ResendEmailSender"]
