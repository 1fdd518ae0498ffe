"""The service routes and the error shape, as a client sees them."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Litestar, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from bigauto.config import Settings
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.shared.errors import InvalidTransition
from bigauto.entrypoints.http import create_app
from bigauto.entrypoints.http.contract import Body

Client = AsyncTestClient[Litestar]


async def test_health_names_the_service_and_its_version(client: Client) -> None:
    """/health answers the documented body."""
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy" and body["service"] == "bigauto"
    assert body["version"]


async def test_ready_is_200_when_the_database_answers(client: Client) -> None:
    """/ready checks the database (the only configured backend here)."""
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}


async def test_ready_is_503_naming_a_backend_that_does_not_answer(settings: Settings) -> None:
    """A configured Redis that nobody listens on makes /ready 503 and names it."""
    runtime = attrs.evolve(settings.runtime, redis_url="redis://127.0.0.1:1/0")
    broken = attrs.evolve(settings, runtime=runtime)
    async with AsyncTestClient(app=create_app(broken)) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "NOT_READY"
    assert error["details"]["checks"]["database"] == "ok"
    assert error["details"]["checks"]["redis"] != "ok"


async def test_metrics_are_prometheus_text(client: Client) -> None:
    """/metrics exposes request counters after traffic."""
    await client.get("/health")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert "bigauto_requests_total" in response.text


async def test_openapi_document_and_docs_pages_are_served(client: Client) -> None:
    """OpenAPI 3.1 at /docs/openapi.json, Swagger UI at /docs, ReDoc at /docs/redoc."""
    spec = await client.get("/docs/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["openapi"].startswith("3.1")
    assert "/health" in spec.json()["paths"]
    assert (await client.get("/docs")).status_code == 200
    assert (await client.get("/docs/redoc")).status_code == 200


async def test_an_unknown_route_answers_the_error_shape(client: Client) -> None:
    """404s are JSON in the documented shape, not an HTML page."""
    response = await client.get("/api/nowhere")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


async def test_a_wrong_method_answers_the_error_shape(client: Client) -> None:
    """405 keeps the shape too."""
    response = await client.post("/health")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


async def test_the_request_id_is_echoed_or_made(client: Client) -> None:
    """A sane X-Request-ID comes back; without one the server makes one."""
    echoed = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    made = await client.get("/health", headers={"X-Request-ID": "bad id\twith junk"})
    assert made.headers["x-request-id"] not in ("", "bad id\twith junk")


class _Probe(Body):
    name: str
    count: int


@post("/probe/body", status_code=200)
async def _body_probe(data: JSONBody[_Probe]) -> dict[str, Any]:
    return {"name": data.name, "count": data.count}


@post("/probe/domain/{which:str}")
async def _domain_probe(which: str) -> None:
    if which == "conflict":
        raise VehicleUnavailable("that period is taken", details={"vehicle_id": "v1"})
    if which == "transition":
        raise InvalidTransition("rental", "selesai", "cancel", actor="customer")
    raise RuntimeError("secret internal detail /etc/passwd")


async def _probe_client(settings: Settings) -> Client:
    return AsyncTestClient(app=create_app(settings, extra_handlers=[_body_probe, _domain_probe]))


async def test_an_unknown_body_field_is_a_422_naming_it(settings: Settings) -> None:
    """Bodies are strict: an extra field is refused with its name."""
    async with await _probe_client(settings) as client:
        response = await client.post("/probe/body", json={"name": "a", "count": 1, "extra": 2})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and "extra" in error["message"]


async def test_malformed_json_is_a_422_not_a_500(settings: Settings) -> None:
    """A body that is not JSON is a validation error."""
    async with await _probe_client(settings) as client:
        response = await client.post(
            "/probe/body", content=b"{nope", headers={"content-type": "application/json"}
        )
    assert response.status_code == 422


async def test_domain_errors_map_to_their_status_and_code(settings: Settings) -> None:
    """A conflict is 409 with its code; an illegal transition names the current state."""
    async with await _probe_client(settings) as client:
        conflict = await client.post("/probe/domain/conflict")
        transition = await client.post("/probe/domain/transition")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "VEHICLE_UNAVAILABLE"
    assert conflict.json()["error"]["details"] == {"vehicle_id": "v1"}
    assert transition.status_code == 409
    assert transition.json()["error"]["code"] == "INVALID_TRANSITION"
    assert transition.json()["error"]["details"]["current_state"] == "selesai"


async def test_an_unexpected_error_leaks_nothing(settings: Settings) -> None:
    """A bug answers a bare 500 in the error shape without its message or a traceback."""
    async with await _probe_client(settings) as client:
        response = await client.post("/probe/domain/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "INTERNAL_ERROR"
    assert "passwd" not in response.text and "Traceback" not in response.text


async def test_cors_allows_only_the_frontend_origin(client: Client) -> None:
    """The configured frontend origin is allowed, without credentials; others are not."""
    allowed = await client.get("/health", headers={"Origin": "http://localhost:3000"})
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:3000"
    assert "access-control-allow-credentials" not in allowed.headers
    other = await client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
