"""The edge: security headers on every response, CORS for the frontend only, body limits."""

from __future__ import annotations

import re
from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.identity_support import make_settings

from bigauto.entrypoints.http import create_app
from bigauto.entrypoints.http.security_headers import API_CSP, DOCS_CSP

Client = AsyncTestClient[Litestar]
FRONTEND = "https://app.bigauto.example"


async def test_every_response_carries_the_security_headers(client: Client) -> None:
    """200, 404 for an unknown path, 401 and 422: all have CSP, DENY, nosniff, Referrer-Policy."""
    responses = [
        await client.get("/health"),
        await client.get("/no/such/path"),
        await client.get("/api/users/me"),
        await client.post("/api/auth/login", content=b"not json"),
    ]
    assert [r.status_code for r in responses] == [200, 404, 401, 422]
    for response in responses:
        assert response.headers["Content-Security-Policy"] == API_CSP
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in response.headers


async def test_the_docs_load_only_from_the_service_itself(client: Client) -> None:
    """/docs and /docs/redoc load their viewers from /docs/assets (no CDN, so they work
    offline), and their CSP allows this origin only; the API stays at default-src 'none'."""
    for page in ("/docs", "/docs/redoc"):
        response = await client.get(page)
        assert response.status_code == 200
        assert response.headers["Content-Security-Policy"] == DOCS_CSP
        loaded = re.findall(r'(?:src|href)=["\']([^"\']+)', response.text)
        assert loaded and all(url.startswith("/docs/assets/") for url in loaded), loaded
        for url in loaded:
            asset = await client.get(url)
            assert asset.status_code == 200 and asset.content
    assert "https:" not in DOCS_CSP


async def test_hsts_is_sent_only_over_tls(app: Litestar) -> None:
    """A request that arrived over https gets Strict-Transport-Security."""
    async with AsyncTestClient(app=app, base_url="https://bigauto.example") as client:
        response = await client.get("/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_cors_allows_the_frontend_only_and_never_credentials(tmp_path: Path) -> None:
    """A preflight from FRONTEND_URL is allowed with the listed methods; another origin is not."""
    app = create_app(make_settings(tmp_path, FRONTEND_URL=FRONTEND))
    preflight = {
        "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    async with AsyncTestClient(app=app) as client:
        allowed = await client.options("/api/users/me", headers={"Origin": FRONTEND, **preflight})
        assert allowed.status_code in (200, 204)
        assert allowed.headers["Access-Control-Allow-Origin"] == FRONTEND
        methods = {m.strip() for m in allowed.headers["Access-Control-Allow-Methods"].split(",")}
        assert methods == {"GET", "POST", "PUT", "PATCH", "DELETE"}
        assert "Access-Control-Allow-Credentials" not in allowed.headers
        evil = await client.options(
            "/api/users/me", headers={"Origin": "https://evil.example", **preflight}
        )
        assert evil.headers.get("Access-Control-Allow-Origin") != "https://evil.example"
        simple = await client.get("/health", headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in simple.headers


async def test_a_body_over_the_limit_is_413(tmp_path: Path) -> None:
    """BIGAUTO_MAX_BODY_BYTES caps request bodies: 413 PAYLOAD_TOO_LARGE, nothing parsed."""
    app = create_app(make_settings(tmp_path, BIGAUTO_MAX_BODY_BYTES="2048"))
    async with AsyncTestClient(app=app) as client:
        body = {"name": "x" * 4000, "email": "a@example.com", "password": "x"}
        response = await client.post("/api/auth/register", json=body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
