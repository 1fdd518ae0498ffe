"""A newcomer's path, driven only by /docs/openapi.json: register, log in, search, quote, book, pay.

The client here knows nothing of bigauto but the document: it finds each operation by its
``operationId``, fills the path from the operation's parameters, checks every body it sends
against the operation's request schema (no field the document does not list, every required
one present) and reads answers by the fields their schemas list. The only things it reads
elsewhere are what a person would: the verification email in the mailbox, and the checkout
page the payment's ``redirect_url`` opens (where they press Pay).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.identity_support import verification_token

from bigauto.services.catalogue.seeding import seed_demo

Client = AsyncTestClient[Litestar]


class DocumentClient:
    """Calls operations by id, as a client generated from the document would."""

    def __init__(self, client: Client, document: dict[str, Any]) -> None:
        self.client = client
        self.document = document
        self.token: str | None = None
        self.operations = {
            op["operationId"]: (method, path, op)
            for path, item in document["paths"].items()
            for method, op in item.items()
        }

    def _schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    async def call(self, operation_id: str, body: Any = None, **params: Any) -> Any:
        method, path, operation = self.operations[operation_id]
        query = {}
        for parameter in operation.get("parameters", []):
            name = parameter["name"]
            if name not in params:
                assert not parameter.get("required"), f"{operation_id} needs {name}"
                continue
            value = params.pop(name)
            if parameter["in"] == "path":
                path = path.replace("{" + name + "}", str(value))
            elif parameter["in"] == "query":
                query[name] = value
        assert not params, f"{operation_id} has no parameters {sorted(params)}"
        if body is not None:
            schema = self._schema(operation["requestBody"]["content"]["application/json"]["schema"])
            unknown = set(body) - set(schema["properties"])
            missing = set(schema.get("required", [])) - set(body)
            assert not unknown and not missing, (operation_id, unknown, missing)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        answer = await self.client.request(
            method.upper(), path, params=query, json=body, headers=headers
        )
        assert str(answer.status_code) in operation["responses"], (operation_id, answer.text)
        assert answer.status_code < 400, (operation_id, answer.status_code, answer.text)
        return answer.json() if answer.content else None


async def test_a_newcomer_books_and_pays_a_rental_from_the_document(
    client: Client, app: Litestar
) -> None:
    container = app.state.container
    await seed_demo(container.catalogue(), container.password_hasher(), vehicles=12)
    document = (await client.get("/docs/openapi.json")).json()
    api = DocumentClient(client, document)

    email = "newcomer@example.com"
    await api.call(
        "register", {"name": "Nadia", "email": email, "password": "a long passphrase 2027"}
    )
    await api.call("verifyEmail", {"token": await verification_token(app, email)})
    tokens = await api.call("login", {"email": email, "password": "a long passphrase 2027"})
    api.token = tokens["access_token"]

    found = await api.call("searchVehicles", category="rental", sort="price_asc", limit=5)
    assert found["data"], "the demo catalogue has rentals"
    vehicle = found["data"][0]
    period = {"start_date": _days_ahead(app, 10), "end_date": _days_ahead(app, 13)}
    quote = await api.call("quoteRental", period, vehicle_id=vehicle["id"])
    assert quote["days"] == 3 and quote["total"] > 0

    booking = await api.call("createRental", {"vehicle_id": vehicle["id"], **period})
    assert booking["status"] == "pending_payment" and booking["total"] == quote["total"]
    how = booking["payment"]
    assert (how["method"], how["path"]) == ("POST", "/api/payments")
    payment = await api.call("createPayment", how["body"])
    assert payment["amount"] == booking["total"] and payment["redirect_url"]

    # The checkout page: what a person sees at redirect_url, and its Pay button.
    page = await client.get(payment["redirect_url"])
    assert page.status_code == 200
    pay = re.search(r'action="([^"]+/pay)"', page.text)
    assert pay, "the checkout page has a Pay button"
    paid = await client.post(pay.group(1), data={"method": "gopay"})
    assert paid.status_code in (200, 303)
    await app.state.worker.drain()

    seen = await api.call("getRental", booking_id=booking["id"])
    assert seen["status"] == "paid" and seen["payment"] is None


def _days_ahead(app: Litestar, days: int) -> str:
    today = app.state.container.clock().now().date()
    return (today + timedelta(days=days)).isoformat()
