"""The typed edge of /api/auth and /api/users: out-of-bounds input is a 422 naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.identity_support import PASSWORD

from bigauto.domain.identity.accounts import SUPPORTED_LOCALES
from bigauto.domain.identity.accounts import User as Account

Client = AsyncTestClient[Litestar]
ANA = {"name": "Ana Wijaya", "email": "ana@example.com", "password": PASSWORD}


def field_of(response: Any) -> str | None:
    assert response.status_code == 422, response.text
    body = response.json()["error"]
    assert body["code"] == "VALIDATION_ERROR"
    field: str | None = body["details"]["errors"][0]["field"]
    return field


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "A" * 201}, "name"),
        ({"name": ""}, "name"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"email": "ana@@example.com"}, "email"),
        ({"password": "x" * 201}, "password"),
        ({"phone": "0812" * 9}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"locale": "fr"}, "locale"),
        ({"locale": 1}, "locale"),
        ({"is_admin": True}, "is_admin"),
    ],
)
async def test_a_registration_out_of_bounds_is_422_naming_the_field(
    client: Client, change: dict[str, Any], field: str
) -> None:
    """Too long, malformed, an unsupported locale or an unknown field: 422 on that field."""
    response = await client.post("/api/auth/register", json={**ANA, **change})
    assert field_of(response) == field


async def test_a_nul_in_a_body_is_refused_before_any_account_is_made(client: Client) -> None:
    """A NUL character never reaches the user store."""
    response = await client.post("/api/auth/register", json={**ANA, "name": "Ana\u0000"})
    assert response.status_code == 422
    login = await client.post("/api/auth/login", json={"email": ANA["email"], "password": PASSWORD})
    assert login.status_code == 401


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/auth/verify-email", {"token": "not a token"}, "token"),
        ("/api/auth/verify-email", {"token": "t" * 257}, "token"),
        ("/api/auth/verify-otp", {"email": "ana@example.com", "otp_code": "12ab56"}, "otp_code"),
        ("/api/auth/verify-otp", {"email": "ana@example.com"}, "otp_code"),
        ("/api/auth/login-otp", {"email": 12}, "email"),
        ("/api/auth/refresh", {"refresh_token": ""}, "refresh_token"),
        ("/api/auth/login", {"email": "ana@example.com"}, "password"),
    ],
)
async def test_sign_in_bodies_are_checked_field_by_field(
    client: Client, path: str, body: dict[str, Any], field: str
) -> None:
    """A malformed token or code, a missing field: 422 naming it."""
    assert field_of(await client.post(path, json=body)) == field


async def test_the_edge_takes_exactly_the_supported_locales(client: Client, app: Litestar) -> None:
    """Every locale the domain supports registers; the document lists exactly those."""
    for number, locale in enumerate(SUPPORTED_LOCALES):
        body = {**ANA, "email": f"ana{number}@example.com", "locale": locale}
        response = await client.post("/api/auth/register", json=body)
        assert response.status_code == 201 and response.json()["user"]["locale"] == locale
    document = (await client.get("/docs/openapi.json")).json()
    assert document["components"]["schemas"]["Locale"]["enum"] == list(SUPPORTED_LOCALES)


async def test_a_profile_change_out_of_bounds_is_422(client: Client, make_user: Any) -> None:
    """An unsupported locale, an empty name or a phone of letters is refused; nothing changes."""
    _, auth = await make_user()
    before = (await client.get("/api/users/me", headers=auth)).json()
    for change, field in (
        ({"locale": "de"}, "locale"),
        ({"name": ""}, "name"),
        ({"phone": "x"}, "phone"),
    ):
        response = await client.patch("/api/users/me", headers=auth, json=change)
        assert field_of(response) == field
    assert (await client.get("/api/users/me", headers=auth)).json() == before


async def test_becoming_a_seller_checks_the_city_id_before_looking_it_up(
    client: Client, make_user: Any
) -> None:
    """A city id that is not an id's shape, or an empty business name: 422 on the field."""
    _, auth = await make_user()
    path = "/api/users/me/seller"
    bad_city = {"business_name": "Ana Rent", "city_id": "no such/city"}
    assert field_of(await client.post(path, headers=auth, json=bad_city)) == "city_id"
    no_name = {"business_name": "", "city_id": "city-1"}
    assert field_of(await client.post(path, headers=auth, json=no_name)) == "business_name"


@pytest.mark.parametrize("user_id", ["x" * 65, "ana%20wijaya", "a;b"])
async def test_a_public_profile_id_is_checked_before_the_lookup(
    client: Client, user_id: str
) -> None:
    """An id of the wrong shape is a 422 on ``user_id``, not a 404 or a 500."""
    assert field_of(await client.get(f"/api/users/{user_id}")) == "user_id"


async def test_a_public_profile_shows_when_the_user_was_last_seen(
    client: Client, make_user: Any
) -> None:
    """The typed views keep every documented field, null where there is no value, and the
    dates as they were written (ISO 8601, the instants with their UTC offset)."""
    user: Account
    user, auth = await make_user()
    body = (await client.get(f"/api/users/{user.id}")).json()
    assert set(body) == {
        "id",
        "name",
        "is_seller",
        "seller",
        "member_since",
        "rating",
        "review_count",
        "last_seen_at",
    }
    assert (body["rating"], body["review_count"], body["last_seen_at"]) == (None, 0, None)
    me = (await client.get("/api/users/me", headers=auth)).json()
    assert me["created_at"] == user.created_at.isoformat()
    assert body["member_since"] == user.created_at.date().isoformat()


async def test_the_sign_in_routes_document_the_failures_they_answer_without_a_token(
    client: Client,
) -> None:
    """Login may be 401 or 403, a code or a refresh token 401: each is in the document."""
    paths = (await client.get("/docs/openapi.json")).json()["paths"]
    documented = {
        path: set(paths[path]["post"]["responses"])
        for path in ("/api/auth/login", "/api/auth/verify-otp", "/api/auth/refresh")
    }
    assert {"401", "403"} <= documented["/api/auth/login"]
    assert "401" in documented["/api/auth/verify-otp"] & documented["/api/auth/refresh"]
    assert "security" not in paths["/api/auth/login"]["post"], "signing in needs no token"
