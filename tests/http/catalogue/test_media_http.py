"""HTTP: ``/media`` serves the photo files and nothing beside them."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from bigauto.config import Settings

Client = AsyncTestClient[Litestar]


async def raw_get(app: Litestar, raw_path: bytes) -> tuple[int, bytes]:
    """GET ``raw_path`` exactly as written: an HTTP client would tidy away its ``..``."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver.local")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver.local", 80),
        "state": {},
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)  # type: ignore[arg-type]
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


@pytest.mark.parametrize(
    "raw_path",
    [
        b"/media/../secret.txt",
        b"/media/%2e%2e/secret.txt",
        b"/media/%2E%2E/secret.txt",
        b"/media/..%2fsecret.txt",
        b"/media/%2e%2e%2fsecret.txt",
        b"/media/photos/../../secret.txt",
        b"/media/..\\secret.txt",
    ],
)
async def test_a_path_out_of_the_media_directory_is_a_404(
    client: Client, app: Litestar, settings: Settings, raw_path: bytes
) -> None:
    """``..`` in any spelling (plain, percent-encoded, with an encoded slash) finds nothing."""
    media = settings.runtime.media_dir
    media.mkdir(parents=True, exist_ok=True)
    (media.parent / "secret.txt").write_bytes(b"not for you")
    (media / "inside.txt").write_bytes(b"a photo")

    status, body = await raw_get(app, raw_path)

    assert status == 404, body
    assert b"not for you" not in body
    assert await raw_get(app, b"/media/inside.txt") == (200, b"a photo")
