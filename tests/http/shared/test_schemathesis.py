"""Schemathesis against the app, in-process: what /docs/openapi.json promises is what it does.

Every operation is called with inputs generated from its schema (valid ones and invalid ones),
as a guest, a customer and a seller, with a fixed seed and a bounded number of examples. Each
answer must be no server error, a documented status, the documented content type, and a body
that validates against the documented schema (errors included: the ``Error`` envelope).
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.container import aclose
from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.entrypoints.http import create_app
from bigauto.services.catalogue.seeding import seed_demo

#: Examples per operation and role: enough to reach each bound, few enough for CI.
EXAMPLES = 12
SEED = 20261203
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _app() -> tuple[Any, dict[str, dict[str, str]]]:
    """An app on a fresh SQLite database with the demo catalogue, and each role's headers."""
    var = Path(tempfile.mkdtemp(prefix="schemathesis-"))
    url = f"sqlite+aiosqlite:///{var / 'bigauto.db'}"
    upgrade(url)
    settings = Settings.from_env(
        {
            "DATABASE_URL": url,
            "BIGAUTO_VAR_DIR": str(var),
            "BIGAUTO_OUTBOX_INTERVAL": "0",
            "BIGAUTO_LOG_LEVEL": "ERROR",
            "RATE_LIMIT_SCALE": "1000",
        }
    )
    app = create_app(settings)
    container = app.state.container

    async def prepare() -> dict[str, dict[str, str]]:
        await seed_demo(container.catalogue(), container.password_hasher())
        async with container.uow_factory()() as uow:
            city = (await uow.catalogue.cities())[0]
            headers: dict[str, dict[str, str]] = {"guest": {}}
            for role, seller in (("customer", None), ("seller", SellerProfile("Toko", city.id))):
                user = User(
                    id=container.ids().new_id(),
                    email=f"{role}@schemathesis.example",
                    name=role.title(),
                    password_hash="not-a-real-hash",
                    created_at=container.clock().now(),
                    email_verified=True,
                    seller=seller,
                )
                await uow.users.add(user)
                token = container.token_service().issue(
                    user_id=user.id,
                    token_type="access",
                    now=int(container.clock().now().timestamp()),
                    is_seller=user.is_seller,
                )
                headers[role] = {"Authorization": f"Bearer {token.token}"}
            await uow.commit()
        # The calls below run on another event loop: let the container make fresh clients.
        await aclose(container)
        return headers

    return app, asyncio.run(prepare())


APP, HEADERS = _app()
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES, "mode": "all", "allow-x00": True},
    }
)
SCHEMA = schemathesis.openapi.from_asgi("/docs/openapi.json", APP, config=CONFIG)


@pytest.mark.parametrize("role", ["guest", "customer", "seller"])
@SCHEMA.parametrize()
def test_the_app_keeps_its_contract(case: Any, role: str) -> None:
    case.call_and_validate(headers=HEADERS[role], checks=CHECKS)
