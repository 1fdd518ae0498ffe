"""The inputs a fuzzing run once turned into 500s answer 4xx in the error shape.

Integers beyond 2^63 in paging and filters, NUL characters, lone surrogates, JSON nested 1000
deep, dates in year 1 or 9999, malformed ids: each is refused at the edge (422, naming what
is wrong), as a guest and as a signed-in user, before it reaches a driver it could crash.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]
HUGE = str(2**70)
DEEP = (
    b'{"vehicle_id": "v1", "start_date": "2027-01-01", "end_date": "2027-01-03", "x": '
    + (b"[" * 1000 + b"]" * 1000)
    + b"}"
)

#: (method, path, raw JSON body or None): each once answered 500.
CASES: list[tuple[str, str, bytes | None]] = [
    ("GET", f"/api/vehicles?page={HUGE}", None),
    ("GET", f"/api/vehicles?limit={HUGE}", None),
    ("GET", f"/api/vehicles?min_year={HUGE}", None),
    ("GET", f"/api/vehicles?max_year=-{HUGE}", None),
    ("GET", f"/api/vehicles?min_price={HUGE}", None),
    ("GET", f"/api/vehicles?max_price={HUGE}", None),
    ("GET", f"/api/vehicles?seats={HUGE}", None),
    ("GET", f"/api/vehicles?lat={HUGE}&lng=1&radius_km=5", None),
    ("GET", "/api/vehicles?search=a%00b", None),
    ("GET", "/api/vehicles?available_from=0001-01-01&available_to=0001-01-05", None),
    ("GET", "/api/vehicles?available_from=9999-12-30&available_to=9999-12-31", None),
    ("GET", "/api/vehicles/v1/availability?from=0001-01-01&to=9999-12-31", None),
    ("GET", f"/api/users/{'x' * 500}", None),
    ("GET", "/api/users/a%00b", None),
    ("POST", "/api/auth/login", b'{"email": "a\\u0000@b.co", "password": "x"}'),
    ("POST", "/api/auth/login", b'{"email": "\\ud800@b.co", "password": "x"}'),
    ("POST", "/api/auth/register", b'{"name": "' + b"[" * 10 + b'", "email": 1}'),
    ("POST", "/api/auth/login", DEEP),
    ("POST", "/api/vehicles/v1/quote", b'{"start_date": "0001-01-01", "end_date": "0001-01-03"}'),
    ("POST", "/api/vehicles/v1/quote", b'{"start_date": "9999-12-30", "end_date": "9999-12-31"}'),
    ("POST", "/api/vehicles/v1/quote", DEEP),
    ("POST", "/api/vehicles/v1/quote", b"{"),
]
SIGNED_IN: list[tuple[str, str, bytes | None]] = [
    ("GET", f"/api/rentals?page={HUGE}", None),
    ("GET", f"/api/users/me/favorites?limit={HUGE}", None),
    ("GET", f"/api/notifications?page={HUGE}", None),
    ("GET", f"/api/conversations?page={HUGE}", None),
    ("GET", f"/api/seller/withdrawals?page={HUGE}", None),
    (
        "POST",
        "/api/rentals",
        b'{"vehicle_id": "v1", "start_date": "0001-01-01", "end_date": "0001-01-02"}',
    ),
    (
        "POST",
        "/api/rentals",
        b'{"vehicle_id": "v1", "start_date": "9999-12-30", "end_date": "9999-12-31"}',
    ),
    ("POST", "/api/rentals", DEEP),
    ("POST", "/api/test-drives", b'{"vehicle_id": "v1", "scheduled_at": "9999-12-31T10:00:00Z"}'),
    ("POST", "/api/sale-orders", b'{"vehicle_id": "v1", "offer_price": ' + HUGE.encode() + b"}"),
    ("POST", "/api/payments", b'{"rental_booking_id": "a\\u0000b"}'),
    ("POST", "/api/seller/withdrawals", b'{"amount": ' + HUGE.encode() + b"}"),
    ("PATCH", "/api/users/me", b'{"name": "\\ud800"}'),
    ("POST", "/api/conversations", b'{"vehicle_id": "' + b"v" * 500 + b'"}'),
]


def _refused(answer: Any, label: str) -> None:
    assert 400 <= answer.status_code < 500, f"{label}: {answer.status_code} {answer.text[:200]}"
    error = answer.json()["error"]
    assert set(error) == {"code", "message", "details"}, label
    if answer.status_code == 422:
        assert error["details"]["errors"], label


async def _send(client: Client, method: str, path: str, body: bytes | None, **headers: str) -> Any:
    if body is not None:
        headers["content-type"] = "application/json"
    return await client.request(method, path, content=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body"), CASES)
async def test_a_guest_gets_a_4xx(
    client: Client, method: str, path: str, body: bytes | None
) -> None:
    _refused(await _send(client, method, path, body), f"{method} {path[:60]}")


@pytest.mark.parametrize(("method", "path", "body"), SIGNED_IN)
async def test_a_signed_in_user_gets_a_4xx(
    client: Client,
    make_user: Callable[..., Awaitable[tuple[Any, dict[str, str]]]],
    method: str,
    path: str,
    body: bytes | None,
) -> None:
    _, headers = await make_user()
    answer = await _send(client, method, path, body, **headers)
    _refused(answer, f"{method} {path[:60]}")
