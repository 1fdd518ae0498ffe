"""Seller balance, statement and withdrawals, and the admin's review, over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.contract.samples import CITY
from tests.http.conftest import auth_headers
from tests.http.identity_support import make_settings

from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.shared.money import Money
from bigauto.entrypoints.http import create_app
from bigauto.services.money.postings import record_payment, release_payout

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[tuple[User, dict[str, str]]]]

BODY = {
    "amount": 300_000,
    "bank_code": "bca",
    "account_number": "1234567890",
    "account_name": "Budi Santoso",
}


async def add_city(app: Litestar) -> None:
    """Sellers' businesses are in a city (a foreign key), so one must exist first."""
    async with app.state.container.uow_factory()() as uow:
        await uow.catalogue.add_city(CITY)
        await uow.commit()


@pytest.fixture(autouse=True)
async def _a_city(app: Litestar) -> None:
    await add_city(app)


async def earn(app: Litestar, seller: User, gross: int, *, release: bool = True) -> None:
    """A paid deal of ``gross`` at 5% commission, completed when ``release``."""
    container = app.state.container
    now = container.clock().now()
    reference = container.ids().new_id()
    async with container.uow_factory()() as uow:
        await record_payment(
            uow,
            payment_id=reference,
            seller_id=seller.id,
            split=split_at_rate(Money(gross), "0.05"),
            reference=reference,
            at=now,
        )
        if release:
            await release_payout(uow, seller_id=seller.id, reference=reference, at=now)
        await uow.commit()


def error_fields(response: Any) -> list[str]:
    """The fields a 422 names in ``details.errors``."""
    return [error["field"] for error in response.json()["error"]["details"]["errors"]]


async def test_money_routes_need_the_right_role(client: Client, make_user: MakeUser) -> None:
    """No token 401; a customer cannot see seller money; a seller cannot review withdrawals."""
    _, customer = await make_user()
    _, seller = await make_user(seller=True)
    seller_routes = [
        ("GET", "/api/seller/balance"),
        ("GET", "/api/seller/transactions"),
        ("GET", "/api/seller/withdrawals"),
        ("POST", "/api/seller/withdrawals"),
    ]
    admin_routes = [
        ("GET", "/api/admin/withdrawals"),
        ("POST", "/api/admin/withdrawals/w1/approve"),
        ("POST", "/api/admin/withdrawals/w1/reject"),
        ("POST", "/api/admin/withdrawals/w1/mark-paid"),
    ]
    for method, path in seller_routes + admin_routes:
        assert (await client.request(method, path)).status_code == 401, path
    for method, path in seller_routes:
        answer = await client.request(method, path, headers=customer, json=BODY)
        assert answer.status_code == 403, path
    for method, path in admin_routes:
        assert (await client.request(method, path, headers=seller)).status_code == 403, path


async def test_the_balance_shows_pending_and_available_funds(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """A new seller has nothing; a completed and an open deal show up net of commission."""
    user, headers = await make_user(seller=True)
    empty = await client.get("/api/seller/balance", headers=headers)
    assert empty.json() == {
        "available": 0,
        "pending": 0,
        "currency": "IDR",
        "reserved": 0,
        "paid_out": 0,
    }
    await earn(app, user, 1_000_000)
    await earn(app, user, 333_333, release=False)
    balance = (await client.get("/api/seller/balance", headers=headers)).json()
    assert (balance["available"], balance["pending"]) == (950_000, 316_666)


async def test_the_statement_is_paginated_newest_first(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """Lines of my accounts with the documented pagination object; bad pages are 422."""
    user, headers = await make_user(seller=True)
    other, _ = await make_user(seller=True)
    await earn(app, user, 1_000_000)
    await earn(app, other, 2_000_000)
    answer = await client.get("/api/seller/transactions?limit=2", headers=headers)
    assert answer.status_code == 200
    body = answer.json()
    assert body["pagination"] == {
        "current_page": 1,
        "total_pages": 2,
        "total_items": 3,
        "items_per_page": 2,
    }
    newest = body["data"][0]
    assert newest["kind"] == "payout_released"
    assert newest["account"] == "seller_available"
    assert newest["amount"] == 950_000
    assert [line["amount"] for line in body["data"]] == [950_000, -950_000]
    assert set(newest) == {
        "id",
        "transaction_id",
        "kind",
        "account",
        "amount",
        "currency",
        "reference",
        "occurred_at",
    }
    last = (await client.get("/api/seller/transactions?page=2&limit=2", headers=headers)).json()
    assert [line["kind"] for line in last["data"]] == ["payment_received"]
    for query in ("limit=101", "page=0", "limit=abc"):
        refused = await client.get(f"/api/seller/transactions?{query}", headers=headers)
        assert refused.status_code == 422, query
        assert refused.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_a_withdrawal_request_reserves_funds_and_is_listed(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """201 with the withdrawal; available drops at once; my list shows it."""
    user, headers = await make_user(seller=True)
    await earn(app, user, 1_000_000)
    made = await client.post("/api/seller/withdrawals", headers=headers, json=BODY)
    assert made.status_code == 201, made.text
    withdrawal = made.json()
    assert withdrawal["status"] == "requested"
    assert withdrawal["bank_name"] == "Bank Central Asia"
    assert (withdrawal["amount"], withdrawal["seller_id"]) == (300_000, user.id)
    balance = (await client.get("/api/seller/balance", headers=headers)).json()
    assert (balance["available"], balance["reserved"]) == (650_000, 300_000)
    mine = (await client.get("/api/seller/withdrawals", headers=headers)).json()
    assert [w["id"] for w in mine["data"]] == [withdrawal["id"]]
    assert mine["pagination"]["total_items"] == 1


async def test_a_repeated_idempotency_key_answers_the_first_withdrawal_again(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """Same key and body: the same 201 replayed, one withdrawal, the funds reserved once."""
    user, headers = await make_user(seller=True)
    await earn(app, user, 1_000_000)
    keyed = {**headers, "Idempotency-Key": "withdraw-1"}
    first = await client.post("/api/seller/withdrawals", headers=keyed, json=BODY)
    again = await client.post("/api/seller/withdrawals", headers=keyed, json=BODY)
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    mine = (await client.get("/api/seller/withdrawals", headers=headers)).json()
    assert [w["id"] for w in mine["data"]] == [first.json()["id"]]
    balance = (await client.get("/api/seller/balance", headers=headers)).json()
    assert (balance["available"], balance["reserved"]) == (650_000, 300_000)


async def test_reusing_an_idempotency_key_with_another_body_is_422(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """Same key, another amount: IDEMPOTENCY_KEY_REUSED and nothing more reserved."""
    user, headers = await make_user(seller=True)
    await earn(app, user, 1_000_000)
    keyed = {**headers, "Idempotency-Key": "withdraw-1"}
    first = await client.post("/api/seller/withdrawals", headers=keyed, json=BODY)
    assert first.status_code == 201, first.text
    other = await client.post(
        "/api/seller/withdrawals", headers=keyed, json={**BODY, "amount": 100_000}
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    balance = (await client.get("/api/seller/balance", headers=headers)).json()
    assert balance["reserved"] == 300_000


async def test_withdrawal_requests_without_a_key_are_each_their_own(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """No Idempotency-Key: two identical requests make two withdrawals."""
    user, headers = await make_user(seller=True)
    await earn(app, user, 1_000_000)
    made = [
        await client.post("/api/seller/withdrawals", headers=headers, json=BODY) for _ in range(2)
    ]
    assert [r.status_code for r in made] == [201, 201]
    assert made[0].json()["id"] != made[1].json()["id"]
    balance = (await client.get("/api/seller/balance", headers=headers)).json()
    assert (balance["available"], balance["reserved"]) == (350_000, 600_000)


async def test_asking_for_more_than_is_available_is_409(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """INSUFFICIENT_FUNDS with what is available; nothing is reserved."""
    user, headers = await make_user(seller=True)
    await earn(app, user, 100_000)
    refused = await client.post("/api/seller/withdrawals", headers=headers, json=BODY)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "INSUFFICIENT_FUNDS"
    assert refused.json()["error"]["details"] == {"available": 95_000, "amount": 300_000}
    assert (await client.get("/api/seller/balance", headers=headers)).json()["reserved"] == 0


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"amount": 49_999}, ["amount"]),
        ({"amount": "three hundred"}, ["amount"]),
        ({"amount": 10**30}, ["amount"]),
        ({"amount": 0}, ["amount"]),
        ({"bank_code": "bank-of-mars"}, ["bank_code"]),
        ({"account_number": "12345"}, ["account_number"]),
        ({"account_number": "1" * 21, "account_name": " "}, ["account_number", "account_name"]),
        ({"iban": "x"}, ["iban"]),
        ({"bank_code": "b" * 17}, ["bank_code"]),
        ({"account_number": "12a456789"}, ["account_number"]),
        ({"account_name": "x" * 201}, ["account_name"]),
        ({"account_name": None}, ["account_name"]),
    ],
)
async def test_a_bad_withdrawal_request_is_422_naming_the_fields(
    client: Client,
    app: Litestar,
    make_user: MakeUser,
    changes: dict[str, Any],
    fields: list[str],
) -> None:
    """Each broken rule answers VALIDATION_ERROR with the field(s) it concerns."""
    user, headers = await make_user(seller=True)
    await earn(app, user, 1_000_000)
    refused = await client.post(
        "/api/seller/withdrawals", headers=headers, json={**BODY, **changes}
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "VALIDATION_ERROR"
    assert error_fields(refused) == fields


async def test_admins_approve_reject_and_pay_and_sellers_are_told(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """The admin list filters by status; each decision moves the money and notifies."""
    user, headers = await make_user(seller=True)
    _, admin = await make_user(admin=True)
    await earn(app, user, 1_000_000)
    first = (await client.post("/api/seller/withdrawals", headers=headers, json=BODY)).json()
    second = (await client.post("/api/seller/withdrawals", headers=headers, json=BODY)).json()

    waiting = (await client.get("/api/admin/withdrawals?status=requested", headers=admin)).json()
    assert [w["id"] for w in waiting["data"]] == [second["id"], first["id"]]

    approved = await client.post(f"/api/admin/withdrawals/{first['id']}/approve", headers=admin)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    paid = await client.post(f"/api/admin/withdrawals/{first['id']}/mark-paid", headers=admin)
    assert paid.json()["status"] == "paid"
    rejected = await client.post(
        f"/api/admin/withdrawals/{second['id']}/reject",
        headers=admin,
        json={"reason": "nama rekening tidak cocok"},
    )
    assert rejected.json()["reason"] == "nama rekening tidak cocok"

    balance = (await client.get("/api/seller/balance", headers=headers)).json()
    assert (balance["available"], balance["reserved"], balance["paid_out"]) == (650_000, 0, 300_000)
    by_status = await client.get("/api/admin/withdrawals?status=paid", headers=admin)
    assert [w["id"] for w in by_status.json()["data"]] == [first["id"]]

    await app.state.worker.drain()
    notices = (await client.get("/api/notifications", headers=headers)).json()["data"]
    titles = " | ".join(n["title"] + " " + n["body"] for n in notices)
    assert "••••7890" in titles
    assert len(notices) == 3, titles


async def test_illegal_or_unknown_admin_moves_are_refused(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """Paying a requested one is 409 INVALID_TRANSITION; an unknown id 404; a bad status 422."""
    user, headers = await make_user(seller=True)
    _, admin = await make_user(admin=True)
    await earn(app, user, 1_000_000)
    made = (await client.post("/api/seller/withdrawals", headers=headers, json=BODY)).json()
    early = await client.post(f"/api/admin/withdrawals/{made['id']}/mark-paid", headers=admin)
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "INVALID_TRANSITION"
    missing = await client.post("/api/admin/withdrawals/nope/approve", headers=admin)
    assert missing.status_code == 404
    bad = await client.get("/api/admin/withdrawals?status=lost", headers=admin)
    assert bad.status_code == 422 and error_fields(bad) == ["status"]
    bad_body = await client.post(
        f"/api/admin/withdrawals/{made['id']}/reject", headers=admin, json={"why": "x"}
    )
    assert bad_body.status_code == 422 and error_fields(bad_body) == ["why"]
    too_long = await client.post(
        f"/api/admin/withdrawals/{made['id']}/reject", headers=admin, json={"reason": "x" * 301}
    )
    assert too_long.status_code == 422 and error_fields(too_long) == ["reason"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=99999999999999999999999", "page"),
        ("limit=0", "limit"),
        ("status=lost", "status"),
        ("seller_id=" + "s" * 65, "seller_id"),
        ("seller_id=Budi%20Santoso", "seller_id"),
    ],
)
async def test_the_admin_list_refuses_bad_filters_naming_them(
    client: Client, make_user: MakeUser, query: str, field: str
) -> None:
    """Out-of-range pages, unknown states and ids that are not ids: 422 naming the filter."""
    _, admin = await make_user(admin=True)
    refused = await client.get(f"/api/admin/withdrawals?{query}", headers=admin)
    assert refused.status_code == 422, refused.text
    assert error_fields(refused) == [field]


async def test_an_admin_decision_on_a_malformed_id_is_422_before_any_lookup(
    client: Client, make_user: MakeUser
) -> None:
    """A withdrawal id with spaces or of 65 characters names ``withdrawal_id``."""
    _, admin = await make_user(admin=True)
    for bad in ("not%20an%20id", "w" * 65):
        refused = await client.post(f"/api/admin/withdrawals/{bad}/approve", headers=admin)
        assert refused.status_code == 422, refused.text
        assert error_fields(refused) == ["withdrawal_id"]


async def test_a_withdrawal_request_with_a_nul_is_refused(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """A NUL in the account name never reaches the ledger: 422, nothing reserved."""
    user, headers = await make_user(seller=True)
    await earn(app, user, 1_000_000)
    body = {**BODY, "account_name": "Budi\u0000Santoso"}
    refused = await client.post("/api/seller/withdrawals", headers=headers, json=body)
    assert refused.status_code == 422, refused.text
    assert (await client.get("/api/seller/balance", headers=headers)).json()["reserved"] == 0


@pytest.fixture
async def tight_client(tmp_path: Path) -> AsyncIterator[tuple[Client, Litestar]]:
    folder = tmp_path / "tight"
    folder.mkdir()
    settings = make_settings(folder, RATE_LIMIT_PAYMENT="2/3600", BIGAUTO_MIN_WITHDRAWAL="1000")
    app = create_app(settings)
    async with AsyncTestClient(app=app) as client:
        yield client, app


async def test_withdrawal_requests_count_against_the_payment_limit(
    tight_client: tuple[Client, Litestar],
) -> None:
    """The third request within the hour is 429; the minimum comes from the setting."""
    client, app = tight_client
    container = app.state.container
    seller = User(
        id="seller-1",
        email="s@example.com",
        name="S",
        password_hash="x",
        created_at=container.clock().now(),
        email_verified=True,
        seller=SellerProfile("Toko", CITY.id),
    )
    await add_city(app)
    async with container.uow_factory()() as uow:
        await uow.users.add(seller)
        await uow.commit()
    await earn(app, seller, 1_000_000)
    headers = auth_headers(container, seller)
    body = {**BODY, "amount": 1_000}
    statuses = [
        (await client.post("/api/seller/withdrawals", headers=headers, json=body)).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
