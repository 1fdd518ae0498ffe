"""Helpers for the identity HTTP tests: sign-up, the mailbox, tokens."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings

PASSWORD = "kopi-tubruk-pagi-hari"
Client = AsyncTestClient[Litestar]


def make_settings(tmp_path: Path, **env: str) -> Settings:
    """Settings on a fresh migrated SQLite file, relay driven by hand, plus ``env``."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bigauto.db'}"
    upgrade(url)
    return Settings.from_env(
        {
            "DATABASE_URL": url,
            "BIGAUTO_VAR_DIR": str(tmp_path),
            "BIGAUTO_OUTBOX_INTERVAL": "0",
            # The documented limits (development is generous with sign-ins).
            "BIGAUTO_ENV": "test",
            **env,
        }
    )


async def deliver(app: Litestar) -> list[dict[str, Any]]:
    """Relay the outbox, let the worker handle every event, and answer the mailbox."""
    await app.state.worker.drain()
    messages: list[dict[str, Any]] = app.state.container.email_sender().messages()
    return messages


def mail_to(messages: list[dict[str, Any]], email: str) -> list[dict[str, Any]]:
    return [m for m in messages if m["to"] == email]


async def verification_token(app: Litestar, email: str) -> str:
    text = mail_to(await deliver(app), email)[-1]["text"]
    found = re.search(r"token=([A-Za-z0-9_%-]+)", text)
    assert found, text
    return found.group(1)


async def otp_code(app: Litestar, email: str) -> str:
    text = mail_to(await deliver(app), email)[-1]["text"]
    found = re.search(r"^(\d{6})$", text, re.MULTILINE)
    assert found, text
    return found.group(1)


async def register(client: Client, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    body = {"name": "Ana Wijaya", "email": email, "password": password, **extra}
    return await client.post("/api/auth/register", json=body)


async def sign_up(client: Client, app: Litestar, email: str) -> dict[str, Any]:
    """Register, verify the email and log in; answer the tokens body."""
    assert (await register(client, email)).status_code == 201
    token = await verification_token(app, email)
    assert (await client.post("/api/auth/verify-email", json={"token": token})).status_code == 200
    response = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
