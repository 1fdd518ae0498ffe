"""The chat socket: frames both ways, close codes, refusals that keep it open, live notifications.

Litestar's synchronous test client runs the app (lifespan, requests and sockets) on one event
loop in a thread of its own; set-up that needs the app's loop goes through its portal.
"""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import TestClient
from litestar.testing.websocket_test_session import WebSocketTestSession
from tests.http.chat_support import ChatWorld, MakeUser, chat_world

from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.domain.notifications.inbox import Notification, NotificationCategory
from bigauto.entrypoints.http.chat.frames import ServerFrame
from bigauto.ports.shared.messaging import user_subject
from bigauto.services.notifications.handlers import frame as notification_frame

WAIT = 5.0


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bigauto.db'}"
    upgrade(url)
    return Settings.from_env(
        {
            "DATABASE_URL": url,
            "BIGAUTO_VAR_DIR": str(tmp_path),
            "BIGAUTO_OUTBOX_INTERVAL": "0",
            # Three chat messages an hour, so a flood is quick to make.
            "RATE_LIMIT_CHAT_MESSAGES": "3/3600",
            "BIGAUTO_CHAT_TYPING_INTERVAL": "60",
        }
    )


@pytest.fixture
def sync_client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=app, timeout=WAIT) as client:
        yield client


@pytest.fixture
def world(app: Litestar, sync_client: TestClient[Litestar], make_user: MakeUser) -> ChatWorld:
    assert sync_client.blocking_portal is not None
    return sync_client.blocking_portal.call(chat_world, app, make_user)


@pytest.fixture
def conversation_id(sync_client: TestClient[Litestar], world: ChatWorld) -> str:
    answer = sync_client.post(
        "/api/conversations", json={"vehicle_id": world.vehicle_id}, headers=world.customer_headers
    )
    return str(answer.json()["id"])


def connect(client: TestClient[Litestar], conversation_id: str, token: str) -> WebSocketTestSession:
    return client.websocket_connect(f"/ws/chat/{conversation_id}?token={token}")


def next_of(
    ws: WebSocketTestSession, kind: str, skipped: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The next frame of type ``kind``; the frames before it go to ``skipped``. Every frame
    received is checked against its Struct, the contract /docs/asyncapi.json publishes."""
    while True:
        text = ws.receive_text(timeout=WAIT)
        msgspec.json.decode(text, type=ServerFrame)
        frame: dict[str, Any] = json.loads(text)
        if frame["type"] == kind:
            return frame
        if skipped is not None:
            skipped.append(frame)


def close_code(ws: WebSocketTestSession) -> int:
    with pytest.raises(WebSocketDisconnect) as closed:
        while True:
            ws.receive(timeout=WAIT)
    code: int = closed.value.code
    return code


def test_a_message_frame_reaches_every_socket_of_the_conversation(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """The sender's own socket gets it with its client id; the other participant's too."""
    with (
        connect(sync_client, conversation_id, world.token(world.seller_headers)) as seller,
        connect(sync_client, conversation_id, world.token(world.customer_headers)) as customer,
    ):
        customer.send_json({"type": "message", "content": " halo ", "client_id": "c-1"})
        mine = next_of(customer, "message")
        theirs = next_of(seller, "message")
        assert mine == theirs
        assert (mine["content"], mine["client_id"], mine["sender_id"]) == (
            "halo",
            "c-1",
            world.customer.id,
        )
        assert mine["conversation_id"] == conversation_id
        # A message sent over HTTP arrives on the sockets too.
        sync_client.post(
            f"/api/conversations/{conversation_id}/messages",
            json={"content": "dari http"},
            headers=world.seller_headers,
        )
        assert next_of(customer, "message")["content"] == "dari http"


def test_a_resent_client_id_is_confirmed_to_the_sender_only_once_stored(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """The resend answers the stored message to the sender; the other side sees it once."""
    with (
        connect(sync_client, conversation_id, world.token(world.seller_headers)) as seller,
        connect(sync_client, conversation_id, world.token(world.customer_headers)) as customer,
    ):
        customer.send_json({"type": "message", "content": "halo", "client_id": "same"})
        first = next_of(customer, "message")
        customer.send_json({"type": "message", "content": "halo", "client_id": "same"})
        assert next_of(customer, "message") == first
        customer.send_json({"type": "message", "content": "berikutnya"})
        assert next_of(seller, "message") == first
        assert next_of(seller, "message")["content"] == "berikutnya"


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_a_missing_or_bad_token_closes_with_4401(
    sync_client: TestClient[Litestar], conversation_id: str, token: str
) -> None:
    """No token, or a token that does not verify: close code 4401."""
    with connect(sync_client, conversation_id, token) as ws:
        assert close_code(ws) == 4401


def test_a_revoked_token_closes_with_4401(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """After logout the same access token is refused on the socket as on HTTP."""
    sync_client.post("/api/auth/logout", headers=world.customer_headers)
    with connect(sync_client, conversation_id, world.token(world.customer_headers)) as ws:
        assert close_code(ws) == 4401


def test_the_authorization_header_works_as_well_as_the_query(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """`Authorization: Bearer` opens the socket too."""
    url = f"/ws/chat/{conversation_id}"
    with sync_client.websocket_connect(url, headers=world.customer_headers) as ws:
        ws.send_json({"type": "ping"})
        assert next_of(ws, "pong") == {"type": "pong"}


def test_someone_outside_the_conversation_is_closed_with_4403(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """A stranger, or a conversation that does not exist: 4403."""
    with connect(sync_client, conversation_id, world.token(world.stranger_headers)) as ws:
        assert close_code(ws) == 4403
    with connect(sync_client, "no-such-thing", world.token(world.customer_headers)) as ws:
        assert close_code(ws) == 4403


def test_malformed_frames_get_an_error_and_the_socket_stays_open(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """Not JSON, unknown types, wrong fields, bad text: error frames; then ping still pongs."""
    with connect(sync_client, conversation_id, world.token(world.customer_headers)) as ws:
        bad = [
            "{not json",
            json.dumps([1, 2]),
            json.dumps({"type": "dance"}),
            json.dumps({"type": "typing"}),
            json.dumps({"type": "message", "content": "x", "extra": 1}),
            json.dumps({"type": "read", "message_id": 5}),
        ]
        for text in bad:
            ws.send_text(text)
            assert next_of(ws, "error")["code"] == "INVALID_FRAME"
        named = {
            json.dumps({"type": "dance"}): "`$.type`",
            json.dumps({"type": "typing"}): "`is_typing`",
            json.dumps({"type": "message", "content": "x", "extra": 1}): "`extra`",
            json.dumps({"type": "read", "message_id": 5}): "`$.message_id`",
            json.dumps({"type": "message", "content": "x", "attachments": ["a"] * 11}): (
                "`$.attachments`"
            ),
        }
        for text, field in named.items():
            ws.send_text(text)
            assert field in next_of(ws, "error")["message"]
        ws.send_json({"type": "message", "content": "\x00"})
        assert next_of(ws, "error")["code"] == "INVALID_MESSAGE"
        ws.send_json({"type": "read", "message_id": "unknown"})
        assert next_of(ws, "error")["code"] == "NOT_FOUND"
        ws.send_json({"type": "ping"})
        assert next_of(ws, "pong") == {"type": "pong"}


def test_a_flood_of_messages_is_refused_with_rate_limited(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """Beyond the chat limit (3 here) a message gets RATE_LIMITED and is not stored."""
    with connect(sync_client, conversation_id, world.token(world.customer_headers)) as ws:
        for n in range(4):
            ws.send_json({"type": "message", "content": f"spam {n}"})
        seen: list[dict[str, Any]] = []
        refused = next_of(ws, "error", seen)
        assert refused["code"] == "RATE_LIMITED"
        assert [f["content"] for f in seen if f["type"] == "message"] == [
            "spam 0",
            "spam 1",
            "spam 2",
        ]
        ws.send_json({"type": "ping"})
        assert next_of(ws, "pong") == {"type": "pong"}
    history = sync_client.get(
        f"/api/conversations/{conversation_id}/messages", headers=world.customer_headers
    ).json()
    assert len(history["data"]) == 3


def test_an_oversized_frame_closes_the_socket_with_1009(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """A frame over 16 KiB closes the socket with 1009 (message too big)."""
    with connect(sync_client, conversation_id, world.token(world.customer_headers)) as ws:
        ws.send_json({"type": "message", "content": "x" * 17_000})
        assert close_code(ws) == 1009


def test_typing_reaches_the_others_throttled_and_is_never_stored(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """Two "typing" in a row send one frame; "stopped" always goes; nothing is stored."""
    with (
        connect(sync_client, conversation_id, world.token(world.seller_headers)) as seller,
        connect(sync_client, conversation_id, world.token(world.customer_headers)) as customer,
    ):
        customer.send_json({"type": "typing", "is_typing": True})
        customer.send_json({"type": "typing", "is_typing": True})
        customer.send_json({"type": "typing", "is_typing": False})
        customer.send_json({"type": "message", "content": "halo"})
        before: list[dict[str, Any]] = []
        next_of(seller, "message", before)
        typing = [f for f in before if f["type"] == "typing"]
        assert typing == [
            {"type": "typing", "user_id": world.customer.id, "is_typing": True},
            {"type": "typing", "user_id": world.customer.id, "is_typing": False},
        ]
        own: list[dict[str, Any]] = []
        next_of(customer, "message", own)
        assert [f for f in own if f["type"] == "typing"] == []
    history = sync_client.get(
        f"/api/conversations/{conversation_id}/messages", headers=world.customer_headers
    ).json()
    assert [m["content"] for m in history["data"]] == ["halo"]


def test_read_frames_send_receipts_and_edits_and_deletes_are_told(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """read → read_receipt to both; PATCH/DELETE → edited/deleted frames."""
    with (
        connect(sync_client, conversation_id, world.token(world.seller_headers)) as seller,
        connect(sync_client, conversation_id, world.token(world.customer_headers)) as customer,
    ):
        customer.send_json({"type": "message", "content": "halo"})
        message = next_of(seller, "message")
        seller.send_json({"type": "read", "message_id": message["id"]})
        receipt = next_of(customer, "read_receipt")
        assert (receipt["message_id"], receipt["user_id"]) == (message["id"], world.seller.id)
        path = f"/api/conversations/{conversation_id}/messages/{message['id']}"
        sync_client.patch(path, json={"content": "halo!"}, headers=world.customer_headers)
        edited = next_of(seller, "edited")
        assert (edited["id"], edited["content"]) == (message["id"], "halo!")
        sync_client.delete(path, headers=world.customer_headers)
        assert next_of(seller, "deleted")["id"] == message["id"]


def test_presence_is_told_on_connect_and_on_the_last_disconnect(
    sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """The seller sees the customer come online and go offline; the newcomer hears who is on."""
    with connect(sync_client, conversation_id, world.token(world.seller_headers)) as seller:
        first = next_of(seller, "presence")
        assert (first["user_id"], first["online"]) == (world.customer.id, False)
        with connect(sync_client, conversation_id, world.token(world.customer_headers)) as customer:
            assert next_of(seller, "presence") == {
                "type": "presence",
                "user_id": world.customer.id,
                "online": True,
            }
            told = next_of(customer, "presence")
            assert (told["user_id"], told["online"]) == (world.seller.id, True)
        gone = next_of(seller, "presence")
        assert (gone["user_id"], gone["online"]) == (world.customer.id, False)
        assert gone["last_seen_at"] is not None
    profile = sync_client.get(f"/api/users/{world.customer.id}").json()
    assert profile["last_seen_at"] is not None


def test_the_workers_notification_frames_are_forwarded_to_the_users_sockets(
    app: Litestar, sync_client: TestClient[Litestar], world: ChatWorld, conversation_id: str
) -> None:
    """A frame on user.{id} (as the worker's notifier publishes) reaches that user's socket."""
    live = app.state.container.live_channel()
    notification = Notification(
        id="n1",
        user_id=world.customer.id,
        category=NotificationCategory.PAYMENT,
        title="Pembayaran diterima",
        body="Terima kasih",
        created_at=app.state.container.clock().now(),
    )
    with connect(sync_client, conversation_id, world.token(world.customer_headers)) as ws:
        ws.send_json({"type": "ping"})
        next_of(ws, "pong")  # the socket has joined its subjects by now
        assert sync_client.blocking_portal is not None
        sync_client.blocking_portal.call(
            live.publish, user_subject(world.customer.id), notification_frame(notification, 3)
        )
        told = next_of(ws, "notification")
        assert (told["id"], told["title"], told["unread_count"]) == ("n1", notification.title, 3)
        with pytest.raises(queue.Empty):
            ws.receive(timeout=0.2)
