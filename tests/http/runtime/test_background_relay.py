"""The HTTP process relays the outbox in the background, so emails go out on their own."""

from __future__ import annotations

import asyncio
from pathlib import Path

from litestar.testing import AsyncTestClient
from tests.http.identity_support import make_settings, register

from bigauto.entrypoints.http import create_app


async def test_the_verification_email_is_sent_without_anyone_driving_the_relay(
    tmp_path: Path,
) -> None:
    """With BIGAUTO_OUTBOX_INTERVAL set, the lifespan's relay writes the email within moments."""
    app = create_app(make_settings(tmp_path, BIGAUTO_OUTBOX_INTERVAL="0.05"))
    async with AsyncTestClient(app=app) as client:
        assert (await register(client, "ana@example.com")).status_code == 201
        mailbox = app.state.container.email_sender()
        for _ in range(100):
            if mailbox.messages():
                break
            await asyncio.sleep(0.05)
        [mail] = mailbox.messages()
    assert mail["to"] == "ana@example.com"
    async with app.state.container.uow_factory()() as uow:
        assert await uow.outbox.pending() == []
