"""The Resend adapter against a local fake that speaks Resend's request and error shapes."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from litestar.testing import AsyncTestClient
from tests.http.identity_support import make_settings, register
from tests.integration.fake_resend import API_KEY, FakeResend, running

from bigauto.adapters.resend import ResendEmailSender
from bigauto.domain.notifications.errors import EmailRejected
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.entrypoints.http import create_app
from bigauto.ports.shared.external import EmailMessage

MESSAGE = EmailMessage(to="ana@example.com", subject="Halo", text="teks", html="<p>teks</p>")


@pytest.fixture
def fake() -> Iterator[FakeResend]:
    with running() as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


class Naps:
    """A sleep that records how long it was asked to wait, and does not."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def sender(
    fake_url: str, http: httpx.AsyncClient, naps: Naps, *, key: str = API_KEY
) -> ResendEmailSender:
    return ResendEmailSender(
        api_key=key,
        from_email="Big Auto <noreply@bigauto.example>",
        base_url=fake_url,
        client=http,
        attempts=3,
        sleep=naps,
    )


async def test_an_email_is_posted_with_bearer_key_body_and_idempotency_key(
    fake: FakeResend, http: httpx.AsyncClient
) -> None:
    """POST /emails with the documented body; the answer is Resend's email id."""
    email_id = await sender(fake.url, http, Naps()).send(MESSAGE, idempotency_key="event-1")
    assert fake.sent[email_id] == {
        "from": "Big Auto <noreply@bigauto.example>",
        "to": ["ana@example.com"],
        "subject": "Halo",
        "text": "teks",
        "html": "<p>teks</p>",
    }
    headers = fake.requests[-1]["headers"]
    assert headers["Authorization"] == f"Bearer {API_KEY}"
    assert headers["Idempotency-Key"] == "event-1"


async def test_the_same_idempotency_key_sends_once(
    fake: FakeResend, http: httpx.AsyncClient
) -> None:
    """A retried send with the same key answers the first id and sends nothing more."""
    resend = sender(fake.url, http, Naps())
    first = await resend.send(MESSAGE, idempotency_key="event-1")
    again = await resend.send(MESSAGE, idempotency_key="event-1")
    assert first == again and len(fake.sent) == 1


async def test_rate_limits_and_server_errors_are_retried_with_backoff(
    fake: FakeResend, http: httpx.AsyncClient
) -> None:
    """429 (honouring Retry-After) then 500, then success: three attempts, one email."""
    fake.fail_next(429, "rate_limit_exceeded", {"retry-after": "2"})
    fake.fail_next(500, "application_error")
    naps = Naps()
    email_id = await sender(fake.url, http, naps).send(MESSAGE, idempotency_key="event-1")
    assert email_id in fake.sent and len(fake.requests) == 3
    assert naps.waits == [2.0, 1.0]


async def test_a_provider_that_stays_down_is_service_unavailable(
    fake: FakeResend, http: httpx.AsyncClient
) -> None:
    """After the last attempt a 5xx becomes ServiceUnavailable (the outbox retries later)."""
    for _ in range(3):
        fake.fail_next(503, "application_error")
    naps = Naps()
    with pytest.raises(ServiceUnavailable, match="503"):
        await sender(fake.url, http, naps).send(MESSAGE, idempotency_key="event-1")
    assert naps.waits == [0.5, 1.0] and fake.sent == {}


@pytest.mark.parametrize(
    ("key", "status", "name"),
    [("wrong-key", 403, "invalid_api_key"), (API_KEY, 422, "missing_required_field")],
)
async def test_permanent_errors_are_rejected_without_retrying(
    fake: FakeResend, http: httpx.AsyncClient, key: str, status: int, name: str
) -> None:
    """A bad key or a bad body is EmailRejected naming Resend's error, after one attempt."""
    message = MESSAGE if status != 422 else EmailMessage("ana@example.com", "", "", "")
    with pytest.raises(EmailRejected) as refused:
        await sender(fake.url, http, Naps(), key=key).send(message, idempotency_key="event-1")
    assert refused.value.details == {"status": status, "name": name}
    assert len(fake.requests) == 1


async def test_an_unreachable_provider_is_service_unavailable(http: httpx.AsyncClient) -> None:
    """Connection refused on every attempt: ServiceUnavailable, with backoff in between."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    naps = Naps()
    with pytest.raises(ServiceUnavailable):
        await sender(f"http://127.0.0.1:{port}", http, naps).send(MESSAGE, idempotency_key="k")
    assert len(naps.waits) == 2


async def test_the_service_sends_its_emails_through_resend_when_configured(
    fake: FakeResend, tmp_path: Path
) -> None:
    """RESEND_API_KEY and RESEND_BASE_URL switch the mailbox for Resend, end to end."""
    settings = make_settings(
        tmp_path,
        RESEND_API_KEY=API_KEY,
        RESEND_BASE_URL=fake.url,
        RESEND_FROM_EMAIL="Big Auto <noreply@bigauto.example>",
    )
    app = create_app(settings)
    async with AsyncTestClient(app=app) as client:
        assert (await register(client, "ana@example.com")).status_code == 201
        assert await app.state.worker.drain() == 1
    [sent] = fake.sent.values()
    assert sent["to"] == ["ana@example.com"] and "verify-email?token=" in sent["text"]
    assert fake.requests[-1]["headers"]["Idempotency-Key"]
    assert not (tmp_path / "mailbox").exists()
