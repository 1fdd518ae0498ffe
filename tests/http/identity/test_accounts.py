"""Accounts over HTTP: sign-up, email verification, password and OTP login, profiles, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.identity_support import (
    PASSWORD,
    bearer,
    deliver,
    mail_to,
    otp_code,
    register,
    sign_up,
    verification_token,
)

from bigauto.adapters.memory import FixedClock
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.config import Settings
from bigauto.domain.catalogue.vehicles import City
from bigauto.domain.identity.records import AuditAction
from bigauto.entrypoints.http import create_app

Client = AsyncTestClient[Litestar]
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Litestar:
    app = create_app(settings)
    app.state.container.clock.override(providers.Object(clock))
    return app


def error_code(response: Any) -> str:
    code: str = response.json()["error"]["code"]
    return code


async def audit_actions(app: Litestar) -> list[AuditAction]:
    async with app.state.container.uow_factory()() as uow:
        return [entry.action for entry in reversed(await uow.audit.recent())]


# Registration and verification


async def test_registering_answers_the_user_and_emails_a_verification_link(
    client: Client, app: Litestar
) -> None:
    """201 with the normalised email and phone, unverified; an Indonesian email with the link."""
    response = await register(client, "  Ana@Example.COM ", phone="0812-3456-7890")
    assert response.status_code == 201
    user = response.json()["user"]
    assert user["email"] == "ana@example.com"
    assert user["phone"] == "+6281234567890"
    assert user["email_verified"] is False
    assert user["is_seller"] is False and user["locale"] == "id"
    [mail] = mail_to(await deliver(app), "ana@example.com")
    assert mail["subject"] == "Verifikasi email Anda di Big Auto"
    assert "verify-email?token=" in mail["text"] and "<a href=" in mail["html"]
    assert set(mail) >= {"to", "subject", "text", "html", "created_at"}


async def test_an_english_speaker_gets_the_email_in_english(client: Client, app: Litestar) -> None:
    """locale=en picks the English template."""
    assert (await register(client, "ed@example.com", locale="en")).status_code == 201
    [mail] = mail_to(await deliver(app), "ed@example.com")
    assert mail["subject"] == "Verify your email for Big Auto"


async def test_an_email_is_taken_whatever_its_case(client: Client) -> None:
    """A second sign-up with the same address in other letters is 409 EMAIL_TAKEN."""
    assert (await register(client, "ana@example.com")).status_code == 201
    response = await register(client, "ANA@example.com")
    assert response.status_code == 409
    assert error_code(response) == "EMAIL_TAKEN"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-pw", "at least 10"),
        ("ana@example.com", "email address"),
        ("password123", "common"),
        ("Sunshine2024!", "common"),
        ("aaaaaaaaaaaa", "common"),
    ],
)
async def test_weak_passwords_are_refused_with_422(
    client: Client, password: str, problem: str
) -> None:
    """Too short, the email itself, or a common password: 422 WEAK_PASSWORD saying why."""
    response = await register(client, "ana@example.com", password=password)
    assert response.status_code == 422
    assert error_code(response) == "WEAK_PASSWORD"
    assert problem in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "A", "email": "not-an-email", "password": PASSWORD}, "email"),
        ({"name": "A", "email": "a@example.com", "password": PASSWORD, "phone": "12"}, "phone"),
        ({"name": " ", "email": "a@example.com", "password": PASSWORD}, "name"),
        ({"name": "A", "email": "a@example.com", "password": PASSWORD, "locale": "fr"}, "locale"),
    ],
)
async def test_bad_fields_are_422_naming_the_field(
    client: Client, body: dict[str, str], field: str
) -> None:
    """A malformed email, phone, name or locale is a 422 whose details name the field."""
    response = await client.post("/api/auth/register", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["errors"][0]["field"] == field


async def test_unknown_fields_are_rejected_with_their_path(client: Client) -> None:
    """An extra key in the body is a 422 naming it."""
    body = {"name": "A", "email": "a@example.com", "password": PASSWORD, "is_admin": True}
    response = await client.post("/api/auth/register", json=body)
    assert response.status_code == 422
    assert "is_admin" in response.json()["error"]["message"]


async def test_logging_in_before_verifying_is_403_email_not_verified(client: Client) -> None:
    """The right password on an unverified account: 403; a wrong one is still the plain 401."""
    await register(client, "ana@example.com")
    right = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": PASSWORD}
    )
    assert right.status_code == 403 and error_code(right) == "EMAIL_NOT_VERIFIED"
    wrong = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": "wrong-password-1"}
    )
    assert wrong.status_code == 401 and error_code(wrong) == "INVALID_CREDENTIALS"


async def test_a_verification_token_works_once(client: Client, app: Litestar) -> None:
    """The first use verifies the email; the second is 422 INVALID_VERIFICATION_TOKEN."""
    await register(client, "ana@example.com")
    token = await verification_token(app, "ana@example.com")
    first = await client.post("/api/auth/verify-email", json={"token": token})
    assert first.status_code == 200 and first.json()["user"]["email_verified"] is True
    again = await client.post("/api/auth/verify-email", json={"token": token})
    assert again.status_code == 422 and error_code(again) == "INVALID_VERIFICATION_TOKEN"
    assert again.json()["error"]["details"]["errors"][0]["field"] == "token"
    forged = await client.post("/api/auth/verify-email", json={"token": token[:-2] + "xx"})
    assert forged.status_code == 422


async def test_a_verification_token_expires_after_24_hours(
    client: Client, app: Litestar, clock: FixedClock
) -> None:
    """A day later the link no longer works."""
    await register(client, "ana@example.com")
    token = await verification_token(app, "ana@example.com")
    clock.advance(hours=24)
    response = await client.post("/api/auth/verify-email", json={"token": token})
    assert response.status_code == 422


# Password login


async def test_login_answers_the_documented_tokens(client: Client, app: Litestar) -> None:
    """Tokens: access, refresh, Bearer, expires_in 900 and the user summary."""
    tokens = await sign_up(client, app, "ana@example.com")
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 900
    assert tokens["user"]["email"] == "ana@example.com" and tokens["user"]["is_seller"] is False
    assert set(tokens["user"]) == {"id", "name", "email", "is_seller"}
    me = await client.get("/api/users/me", headers=bearer(tokens))
    assert me.status_code == 200 and me.json()["id"] == tokens["user"]["id"]


async def test_a_wrong_email_and_a_wrong_password_look_the_same(
    client: Client, app: Litestar
) -> None:
    """No account enumeration: the same status and body either way."""
    await sign_up(client, app, "ana@example.com")
    wrong_password = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": "not-the-password-9"}
    )
    no_account = await client.post(
        "/api/auth/login", json={"email": "nobody@example.com", "password": "not-the-password-9"}
    )
    assert wrong_password.status_code == no_account.status_code == 401
    assert wrong_password.json() == no_account.json()


async def test_an_old_hash_is_upgraded_on_login(client: Client, app: Litestar) -> None:
    """A hash made with weaker Argon2 parameters is replaced by one with the current ones."""
    await sign_up(client, app, "ana@example.com")
    container = app.state.container
    weak = await Argon2PasswordHasher(memory_kib=8 * 1024, time_cost=1).hash(PASSWORD)
    async with container.uow_factory()() as uow:
        user = await uow.users.get_by_email("ana@example.com")
        await uow.users.update(user.with_password_hash(weak))
        await uow.commit()
    response = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    async with container.uow_factory()() as uow:
        stored = (await uow.users.get_by_email("ana@example.com")).password_hash
    assert stored != weak and not container.password_hasher().needs_rehash(stored)
    assert "m=19456,t=2,p=1" in stored


# OTP login


async def test_an_emailed_code_signs_in_once(client: Client, app: Litestar) -> None:
    """login-otp answers 202 and emails 6 digits; the code gives tokens, then is spent."""
    await sign_up(client, app, "ana@example.com")
    asked = await client.post("/api/auth/login-otp", json={"email": "ana@example.com"})
    assert asked.status_code == 202
    code = await otp_code(app, "ana@example.com")
    body = {"email": "ana@example.com", "otp_code": code}
    first = await client.post("/api/auth/verify-otp", json=body)
    assert first.status_code == 200 and first.json()["token_type"] == "Bearer"
    again = await client.post("/api/auth/verify-otp", json=body)
    assert again.status_code == 401 and error_code(again) == "INVALID_OTP"


async def test_asking_a_code_for_an_unknown_email_looks_the_same(
    client: Client, app: Litestar
) -> None:
    """202 with the same body, and no email is sent."""
    await sign_up(client, app, "ana@example.com")
    known = await client.post("/api/auth/login-otp", json={"email": "ana@example.com"})
    unknown = await client.post("/api/auth/login-otp", json={"email": "who@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert mail_to(await deliver(app), "who@example.com") == []


async def test_a_code_dies_after_five_wrong_guesses(client: Client, app: Litestar) -> None:
    """After 5 wrong codes even the right one is refused."""
    await sign_up(client, app, "ana@example.com")
    await client.post("/api/auth/login-otp", json={"email": "ana@example.com"})
    code = await otp_code(app, "ana@example.com")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        response = await client.post(
            "/api/auth/verify-otp", json={"email": "ana@example.com", "otp_code": wrong}
        )
        assert response.status_code == 401
    right = await client.post(
        "/api/auth/verify-otp", json={"email": "ana@example.com", "otp_code": code}
    )
    assert right.status_code == 401 and error_code(right) == "INVALID_OTP"


async def test_a_code_expires_after_five_minutes(
    client: Client, app: Litestar, clock: FixedClock
) -> None:
    """At 5 minutes the code is refused; a newer code replaces an older one."""
    await sign_up(client, app, "ana@example.com")
    await client.post("/api/auth/login-otp", json={"email": "ana@example.com"})
    old = await otp_code(app, "ana@example.com")
    clock.advance(seconds=1)
    await client.post("/api/auth/login-otp", json={"email": "ana@example.com"})
    new = await otp_code(app, "ana@example.com")
    if old != new:
        stale = await client.post(
            "/api/auth/verify-otp", json={"email": "ana@example.com", "otp_code": old}
        )
        assert stale.status_code == 401
    clock.advance(minutes=5)
    late = await client.post(
        "/api/auth/verify-otp", json={"email": "ana@example.com", "otp_code": new}
    )
    assert late.status_code == 401 and error_code(late) == "INVALID_OTP"


async def test_signing_in_with_a_code_verifies_the_email(client: Client, app: Litestar) -> None:
    """The code reached the inbox, so the address is proven: password login then works."""
    await register(client, "ana@example.com")
    await client.post("/api/auth/login-otp", json={"email": "ana@example.com"})
    code = await otp_code(app, "ana@example.com")
    signed = await client.post(
        "/api/auth/verify-otp", json={"email": "ana@example.com", "otp_code": code}
    )
    assert signed.status_code == 200
    login = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200


# Profiles and roles


async def test_a_user_reads_and_edits_their_profile(client: Client, app: Litestar) -> None:
    """PATCH changes name, phone and locale; an empty phone removes it; unknown fields 422."""
    tokens = await sign_up(client, app, "ana@example.com")
    changed = await client.patch(
        "/api/users/me",
        headers=bearer(tokens),
        json={"name": "Ana W.", "phone": "+62 21 555 0100", "locale": "en"},
    )
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["phone"], changed.json()["locale"]) == (
        "Ana W.",
        "+62215550100",
        "en",
    )
    cleared = await client.patch("/api/users/me", headers=bearer(tokens), json={"phone": ""})
    assert cleared.json()["phone"] is None
    refused = await client.patch("/api/users/me", headers=bearer(tokens), json={"email": "x@y.z"})
    assert refused.status_code == 422
    assert (await client.get("/api/users/me")).status_code == 401


async def test_a_public_profile_hides_contact_details(client: Client, app: Litestar) -> None:
    """Anyone sees the name and seller profile, never the email or phone; unknown id 404."""
    tokens = await sign_up(client, app, "ana@example.com")
    response = await client.get(f"/api/users/{tokens['user']['id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Ana Wijaya" and "email" not in body and "phone" not in body
    assert (await client.get("/api/users/does-not-exist")).status_code == 404


async def test_becoming_a_seller_answers_tokens_with_the_new_role(
    client: Client, app: Litestar
) -> None:
    """The old token has no seller role; the answered one does, and the profile shows it."""
    city = City("city-1", "Bandung", "Jawa Barat", "Asia/Jakarta", 0, 0)  # type: ignore[arg-type]
    async with app.state.container.uow_factory()() as uow:
        await uow.catalogue.add_city(city)
        await uow.commit()
    tokens = await sign_up(client, app, "ana@example.com")
    bad_city = await client.post(
        "/api/users/me/seller",
        headers=bearer(tokens),
        json={"business_name": "Ana Rent", "city_id": "nowhere"},
    )
    assert bad_city.status_code == 422
    response = await client.post(
        "/api/users/me/seller",
        headers=bearer(tokens),
        json={"business_name": "Ana Rent", "city_id": "city-1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["is_seller"] is True
    assert body["profile"]["seller"] == {"business_name": "Ana Rent", "city_id": "city-1"}
    claims = app.state.container.token_service().verify(
        body["access_token"], token_type="access", now=int(START.timestamp())
    )
    assert claims.is_seller is True
    public = await client.get(f"/api/users/{tokens['user']['id']}")
    assert public.json()["seller"]["business_name"] == "Ana Rent"


async def test_sensitive_actions_are_audited_with_ip_and_user_agent(
    client: Client, app: Litestar
) -> None:
    """Register, verify, failed and good logins, logout: each leaves an audit entry."""
    tokens = await sign_up(client, app, "ana@example.com")
    wrong = {"email": "ana@example.com", "password": "nope-nope-1"}
    await client.post("/api/auth/login", json=wrong)
    await client.post("/api/auth/logout", headers={**bearer(tokens), "User-Agent": "probe/1"})
    actions = await audit_actions(app)
    assert actions == [
        AuditAction.REGISTERED,
        AuditAction.EMAIL_VERIFIED,
        AuditAction.LOGIN_SUCCEEDED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGOUT,
    ]
    async with app.state.container.uow_factory()() as uow:
        latest = (await uow.audit.recent(limit=1))[0]
    assert latest.actor_id == tokens["user"]["id"]
    assert latest.ip == "testclient" and latest.user_agent == "probe/1"
    assert latest.at >= START - timedelta(seconds=1)
