"""Chat across instances: two apps (own containers, own event loops) sharing PostgreSQL and
NATS deliver to each other's sockets in order; with NATS down a send still succeeds.

Each instance runs in Litestar's synchronous test client, which gives it a thread and an event
loop of its own — as close to two processes as one test run gets.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from tests.conftest import NATS_URL, POSTGRES_URL, require_service
from tests.http.chat.test_chat_socket import WAIT, connect, next_of
from tests.http.chat_support import ChatWorld, chat_world, user_maker

from bigauto.adapters.sql import create_engine
from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.entrypoints.http import create_app


def _settings(tmp_path: Path, database_url: str, nats_url: str | None) -> Settings:
    environ = {
        "DATABASE_URL": database_url,
        "BIGAUTO_VAR_DIR": str(tmp_path),
        "BIGAUTO_OUTBOX_INTERVAL": "0",
        "RATE_LIMIT_SCALE": "100",
        "BIGAUTO_LOG_LEVEL": "WARNING",
    }
    if nats_url:
        environ["NATS_URL"] = nats_url
    return Settings.from_env(environ)


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database of its own (asyncpg URL)."""
    require_service("postgres")
    name = f"bigauto_chat_{uuid.uuid4().hex[:10]}"
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        upgrade(url)
        yield url
    finally:
        asyncio.run(_admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _admin(statement: str) -> None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _world(client: TestClient[Litestar], app: Litestar) -> tuple[ChatWorld, str]:
    assert client.blocking_portal is not None
    world = client.blocking_portal.call(chat_world, app, user_maker(app))
    answer = client.post(
        "/api/conversations", json={"vehicle_id": world.vehicle_id}, headers=world.customer_headers
    )
    return world, str(answer.json()["id"])


def test_a_message_sent_on_one_instance_reaches_a_socket_on_the_other_in_order(
    tmp_path: Path, postgres_database: str
) -> None:
    """A burst over A's socket, and a send over A's HTTP, arrive on B's socket in history order."""
    require_service("nats")
    app_a = create_app(_settings(tmp_path / "a", postgres_database, NATS_URL))
    app_b = create_app(_settings(tmp_path / "b", postgres_database, NATS_URL))
    with (
        TestClient(app=app_a, timeout=WAIT) as client_a,
        TestClient(app=app_b, timeout=WAIT) as client_b,
    ):
        world, cid = _world(client_a, app_a)
        with connect(client_b, cid, world.token(world.seller_headers)) as seller_on_b:
            next_of(seller_on_b, "presence")  # the customer is offline: B is listening now
            with connect(client_a, cid, world.token(world.customer_headers)) as customer_on_a:
                # A's "online" arriving on B shows the NATS path is up both ways.
                assert next_of(seller_on_b, "presence")["online"] is True
                for n in range(20):
                    customer_on_a.send_json(
                        {"type": "message", "content": f"burst {n}", "client_id": f"b{n}"}
                    )
                received = [next_of(seller_on_b, "message") for _ in range(20)]
                client_a.post(
                    f"/api/conversations/{cid}/messages",
                    json={"content": "via http on A"},
                    headers=world.customer_headers,
                )
                assert next_of(seller_on_b, "message")["content"] == "via http on A"
                # A reply from B reaches A (after A's own burst frames).
                seller_on_b.send_json({"type": "message", "content": "dari B"})
                while next_of(customer_on_a, "message")["content"] != "dari B":
                    pass
        history = client_b.get(
            f"/api/conversations/{cid}/messages?limit=100", headers=world.seller_headers
        ).json()["data"]
    stored = [m["id"] for m in reversed(history) if m["content"].startswith("burst")]
    assert [f["id"] for f in received] == stored
    assert [f["content"] for f in received] == [f"burst {n}" for n in range(20)]


def test_with_nats_down_a_send_succeeds_locally_and_the_fanout_waits_in_the_outbox(
    tmp_path: Path,
) -> None:
    """NATS_URL at a closed port: the message is stored, local sockets get it, /ready says nats,
    and a chat.fanout_pending event waits in the outbox for the relay."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bigauto.db'}"
    upgrade(url)
    app = create_app(_settings(tmp_path, url, "nats://127.0.0.1:1"))
    with TestClient(app=app, timeout=WAIT) as client:
        world, cid = _world(client, app)
        with (
            connect(client, cid, world.token(world.seller_headers)) as seller,
            connect(client, cid, world.token(world.customer_headers)) as customer,
        ):
            customer.send_json({"type": "message", "content": "nats mati"})
            assert next_of(seller, "message")["content"] == "nats mati"
            answer = client.post(
                f"/api/conversations/{cid}/messages",
                json={"content": "lewat http"},
                headers=world.customer_headers,
            )
            assert answer.status_code == 201
            assert next_of(seller, "message")["content"] == "lewat http"
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["error"]["details"]["checks"]["nats"] != "ok"

        async def pending_names() -> list[str]:
            async with app.state.container.uow_factory()() as uow:
                return [r.event.name for r in await uow.outbox.pending()]

        assert client.blocking_portal is not None
        names = client.blocking_portal.call(pending_names)
    assert names.count("chat.fanout_pending") == 2
    assert names.count("chat.message_sent") == 2
