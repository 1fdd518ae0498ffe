"""/docs/asyncapi.json: the chat socket's AsyncAPI 3 document, written from the frame Structs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from bigauto.entrypoints.http.chat.frames import (
    CLIENT_FRAMES,
    SERVER_FRAMES,
    ErrorFrame,
    NewMessage,
    Ping,
    Presence,
    Typing,
    client_frame,
    encoded,
)

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def document(client: Client) -> dict[str, Any]:
    answer = await client.get("/docs/asyncapi.json")
    assert answer.status_code == 200
    found: dict[str, Any] = answer.json()
    return found


def _follow(document: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/"), ref
    node: dict[str, Any] = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _admits(schema: dict[str, Any], frame: dict[str, Any]) -> bool:
    """A hand check of a frame against its object schema: the required fields are there, no
    other is, and ``type`` is the frame's tag."""
    fields = set(schema["properties"])
    return (
        set(schema["required"]) <= set(frame)
        and (schema.get("additionalProperties", True) or set(frame) <= fields)
        and frame["type"] in schema["properties"]["type"]["enum"]
    )


async def test_the_document_is_asyncapi_3_with_the_chat_channel(document: dict[str, Any]) -> None:
    """asyncapi 3.0.0, one channel at the socket's address, a ws server, two operations."""
    assert document["asyncapi"] == "3.0.0"
    channel = document["channels"]["chat"]
    assert channel["address"] == "/ws/chat/{conversationId}"
    assert set(channel["parameters"]) == {"conversationId"}
    server = _follow(document, channel["servers"][0]["$ref"])
    assert server["protocol"] == "ws"
    actions = {op["action"] for op in document["operations"].values()}
    assert actions == {"send", "receive"}


async def test_every_frame_is_a_message_whose_payload_resolves(document: dict[str, Any]) -> None:
    """Each Struct is one message of the channel; its payload is its schema, tagged by type."""
    channel = document["channels"]["chat"]
    names = {frame.__name__ for frame in (*CLIENT_FRAMES, *SERVER_FRAMES)}
    assert set(channel["messages"]) == names
    for name, ref in channel["messages"].items():
        message = _follow(document, ref["$ref"])
        payload = _follow(document, message["payload"]["$ref"])
        assert payload["type"] == "object"
        assert payload["properties"]["type"]["enum"] == [message["name"]], name


async def test_operations_name_their_messages_through_the_channel(
    document: dict[str, Any],
) -> None:
    """The server receives the client frames and sends the server frames (AsyncAPI 3 refs)."""
    by_action = {op["action"]: op for op in document["operations"].values()}
    for action, frames in (("receive", CLIENT_FRAMES), ("send", SERVER_FRAMES)):
        operation = by_action[action]
        assert operation["channel"] == {"$ref": "#/channels/chat"}
        refs = [m["$ref"] for m in operation["messages"]]
        assert refs == [f"#/channels/chat/messages/{f.__name__}" for f in frames]
        for ref in refs:
            assert _follow(document, ref)


async def test_frames_the_server_encodes_fit_the_published_schemas(
    document: dict[str, Any],
) -> None:
    """A few server frames, encoded from their Structs, pass a hand check of the schema."""
    schemas = document["components"]["schemas"]
    at = datetime(2027, 1, 15, 9, 30, tzinfo=UTC)
    for frame in (
        NewMessage(id="m1", conversation_id="c1", sender_id="u1", content="halo", created_at=at),
        Presence(user_id="u1", online=False, last_seen_at=at),
        ErrorFrame(code="INVALID_FRAME", message="Object missing required field `is_typing`"),
    ):
        text = encoded(frame)
        assert _admits(schemas[type(frame).__name__], msgspec.json.decode(text))
    assert not _admits(schemas["Presence"], {"type": "presence", "online": True})


def test_client_frames_are_decoded_by_the_same_structs() -> None:
    """What the document says a client sends is what the socket takes, and nothing else."""
    assert client_frame(b'{"type": "ping"}') == Ping()
    assert client_frame('{"type": "typing", "is_typing": true}') == Typing(is_typing=True)
