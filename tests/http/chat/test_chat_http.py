"""Chat over HTTP: conversations, messages, receipts, edits, search, stats, attachments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.catalogue_support import PNG
from tests.http.chat_support import ChatWorld, MakeUser, add_vehicle, chat_world, pages
from tests.http.conftest import auth_headers

from bigauto.adapters.memory import FixedClock

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def world(app: Litestar, client: Client, make_user: MakeUser) -> ChatWorld:
    return await chat_world(app, make_user)


async def _open(client: Client, world: ChatWorld) -> dict[str, Any]:
    answer = await client.post(
        "/api/conversations", json={"vehicle_id": world.vehicle_id}, headers=world.customer_headers
    )
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    return body


async def _send(
    client: Client, conversation_id: str, headers: dict[str, str], content: str, **more: Any
) -> dict[str, Any]:
    answer = await client.post(
        f"/api/conversations/{conversation_id}/messages",
        json={"content": content, **more},
        headers=headers,
    )
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_opening_twice_answers_the_same_conversation(
    client: Client, world: ChatWorld
) -> None:
    """The first open is 201 with both people in it; the second is 200 with the same id."""
    first = await client.post(
        "/api/conversations", json={"vehicle_id": world.vehicle_id}, headers=world.customer_headers
    )
    again = await client.post(
        "/api/conversations", json={"vehicle_id": world.vehicle_id}, headers=world.customer_headers
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    roles = {p["user_id"]: p["role"] for p in first.json()["participants"]}
    assert roles == {world.customer.id: "customer", world.seller.id: "seller"}


async def test_opening_needs_a_live_vehicle_of_someone_else(
    app: Litestar, client: Client, world: ChatWorld
) -> None:
    """Unknown vehicles are 404, a seller's own listing 422, unknown fields 422, no token 401."""
    missing = await client.post(
        "/api/conversations", json={"vehicle_id": "nope"}, headers=world.customer_headers
    )
    own = await client.post(
        "/api/conversations", json={"vehicle_id": world.vehicle_id}, headers=world.seller_headers
    )
    extra = await client.post(
        "/api/conversations",
        json={"vehicle_id": world.vehicle_id, "x": 1},
        headers=world.customer_headers,
    )
    anonymous = await client.post("/api/conversations", json={"vehicle_id": world.vehicle_id})
    assert [r.status_code for r in (missing, own, extra, anonymous)] == [404, 422, 422, 401]


async def test_a_message_is_stored_and_listed_newest_first_with_a_cursor(
    client: Client, world: ChatWorld
) -> None:
    """History pages backwards through `before`; the last page has no cursor."""
    conversation = await _open(client, world)
    cid = conversation["id"]
    sent = [await _send(client, cid, world.customer_headers, f"pesan {i}") for i in range(5)]
    first = (
        await client.get(f"/api/conversations/{cid}/messages?limit=3", headers=world.seller_headers)
    ).json()
    assert [m["content"] for m in first["data"]] == ["pesan 4", "pesan 3", "pesan 2"]
    rest = (
        await client.get(
            f"/api/conversations/{cid}/messages?limit=3&before={first['next_before']}",
            headers=world.seller_headers,
        )
    ).json()
    assert [m["id"] for m in rest["data"]] == [sent[1]["id"], sent[0]["id"]]
    assert rest["next_before"] is None


async def test_message_text_is_trimmed_and_checked(client: Client, world: ChatWorld) -> None:
    """Spaces are trimmed; empty, too long, and control characters are 422 INVALID_MESSAGE
    (a NUL never gets that far: the edge refuses it in any JSON body)."""
    cid = (await _open(client, world))["id"]
    trimmed = await _send(client, cid, world.customer_headers, "  halo\n  ")
    assert trimmed["content"] == "halo"
    for bad, code in (
        ("   ", "INVALID_MESSAGE"),
        ("x" * 4001, "INVALID_MESSAGE"),
        ("a\u202eb", "INVALID_MESSAGE"),
        ("a\x00b", "VALIDATION_ERROR"),
    ):
        answer = await client.post(
            f"/api/conversations/{cid}/messages",
            json={"content": bad},
            headers=world.customer_headers,
        )
        assert answer.status_code == 422
        assert answer.json()["error"]["code"] == code
    ok = await _send(client, cid, world.customer_headers, "x" * 4000)
    assert len(ok["content"]) == 4000


async def test_resending_a_client_id_answers_the_same_message(
    client: Client, world: ChatWorld
) -> None:
    """The first send is 201, a resend with the same client id is 200 with the same message."""
    cid = (await _open(client, world))["id"]
    path = f"/api/conversations/{cid}/messages"
    first = await client.post(
        path, json={"content": "halo", "client_id": "c-1"}, headers=world.customer_headers
    )
    again = await client.post(
        path, json={"content": "halo lagi", "client_id": "c-1"}, headers=world.customer_headers
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    history = (await client.get(path, headers=world.customer_headers)).json()
    assert len(history["data"]) == 1


async def test_strangers_see_nothing_of_a_conversation(client: Client, world: ChatWorld) -> None:
    """Every route of a conversation is 404 to someone outside it."""
    cid = (await _open(client, world))["id"]
    message = await _send(client, cid, world.customer_headers, "rahasia")
    base = f"/api/conversations/{cid}"
    headers = world.stranger_headers
    answers = [
        await client.get(base, headers=headers),
        await client.get(f"{base}/messages", headers=headers),
        await client.post(f"{base}/messages", json={"content": "hai"}, headers=headers),
        await client.post(
            f"{base}/read", json={"up_to_message_id": message["id"]}, headers=headers
        ),
        await client.patch(
            f"{base}/messages/{message['id']}", json={"content": "x"}, headers=headers
        ),
        await client.delete(f"{base}/messages/{message['id']}", headers=headers),
    ]
    assert [a.status_code for a in answers] == [404] * 6
    found = await client.get("/api/messages/search?q=rahasia", headers=headers)
    assert found.json()["data"] == []


async def test_the_list_shows_the_last_message_and_unread_counts(
    app: Litestar, client: Client, world: ChatWorld
) -> None:
    """Unread counts others' messages after my read mark; reading moves it and tells me."""
    cid = (await _open(client, world))["id"]
    other_vehicle = await add_vehicle(app, world.seller, 2)
    await client.post(
        "/api/conversations", json={"vehicle_id": other_vehicle}, headers=world.customer_headers
    )
    await _send(client, cid, world.customer_headers, "halo")
    replies = [await _send(client, cid, world.seller_headers, f"balas {i}") for i in range(3)]
    listed = (await client.get("/api/conversations", headers=world.customer_headers)).json()
    assert pages(listed)["total_items"] == 2
    top = listed["data"][0]
    assert (top["id"], top["unread_count"]) == (cid, 3)
    assert top["last_message"]["content"] == "balas 2"
    read = await client.post(
        f"/api/conversations/{cid}/read",
        json={"up_to_message_id": replies[1]["id"]},
        headers=world.customer_headers,
    )
    assert read.status_code == 200
    assert read.json()["last_read_message_id"] == replies[1]["id"]
    listed = (await client.get("/api/conversations", headers=world.customer_headers)).json()
    assert listed["data"][0]["unread_count"] == 1
    seller_list = (await client.get("/api/conversations", headers=world.seller_headers)).json()
    assert seller_list["data"][0]["unread_count"] == 1


async def test_the_sender_sees_delivery_status_move_from_sent_to_read(
    client: Client, world: ChatWorld
) -> None:
    """sent until the recipient fetches the history, delivered then, read once marked read."""
    cid = (await _open(client, world))["id"]
    message = await _send(client, cid, world.customer_headers, "halo")
    path = f"/api/conversations/{cid}/messages"

    async def status() -> str:
        body = (await client.get(path, headers=world.customer_headers)).json()
        return str(body["data"][0]["status"])

    assert await status() == "sent"
    await client.get(path, headers=world.seller_headers)
    assert await status() == "delivered"
    await client.post(
        f"/api/conversations/{cid}/read",
        json={"up_to_message_id": message["id"]},
        headers=world.seller_headers,
    )
    assert await status() == "read"


async def test_the_sender_edits_and_deletes_within_the_window_only(
    app: Litestar, client: Client, world: ChatWorld
) -> None:
    """Edits within 15 minutes; others get 403; after the window 409 EDIT_WINDOW_CLOSED."""
    # Before the first chat call, so the chat service is made with this clock.
    clock = FixedClock(app.state.container.clock().now())
    app.state.container.clock.override(providers.Object(clock))
    cid = (await _open(client, world))["id"]
    message = await _send(client, cid, world.customer_headers, "halo")
    path = f"/api/conversations/{cid}/messages/{message['id']}"
    edited = await client.patch(path, json={"content": "halo!"}, headers=world.customer_headers)
    assert edited.status_code == 200
    assert edited.json()["content"] == "halo!" and edited.json()["edited_at"] is not None
    not_mine = await client.patch(path, json={"content": "x"}, headers=world.seller_headers)
    assert not_mine.status_code == 403
    assert not_mine.json()["error"]["code"] == "NOT_MESSAGE_SENDER"
    later = await _send(client, cid, world.customer_headers, "yang kedua")
    clock.advance(timedelta(minutes=16))
    fresh = auth_headers(app.state.container, world.customer)  # the old token expired too
    late = await client.delete(f"/api/conversations/{cid}/messages/{later['id']}", headers=fresh)
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "EDIT_WINDOW_CLOSED"


async def test_a_deleted_message_keeps_its_place_without_its_text(
    client: Client, world: ChatWorld
) -> None:
    """Deleting blanks the text; the history shows it as deleted; search no longer finds it."""
    cid = (await _open(client, world))["id"]
    message = await _send(client, cid, world.customer_headers, "nomor saya 0812")
    gone = await client.delete(
        f"/api/conversations/{cid}/messages/{message['id']}", headers=world.customer_headers
    )
    assert gone.status_code == 200
    assert (gone.json()["deleted"], gone.json()["content"]) == (True, "")
    history = (
        await client.get(f"/api/conversations/{cid}/messages", headers=world.seller_headers)
    ).json()
    assert history["data"][0]["deleted"] is True
    found = await client.get("/api/messages/search?q=0812", headers=world.customer_headers)
    assert found.json()["data"] == []


async def test_search_and_stats_cover_my_conversations(client: Client, world: ChatWorld) -> None:
    """Search finds substrings case-insensitively; stats count conversations and messages."""
    cid = (await _open(client, world))["id"]
    await _send(client, cid, world.customer_headers, "Apakah mobilnya masih ada?")
    await _send(client, cid, world.seller_headers, "Masih, MOBIL siap")
    await _send(client, cid, world.seller_headers, "kapan mau lihat?")
    found = (
        await client.get("/api/messages/search?q=mobil", headers=world.customer_headers)
    ).json()
    assert [m["content"] for m in found["data"]] == [
        "Masih, MOBIL siap",
        "Apakah mobilnya masih ada?",
    ]
    assert pages(found)["total_items"] == 2
    empty = await client.get("/api/messages/search?q=", headers=world.customer_headers)
    assert empty.status_code == 422
    stats = (await client.get("/api/users/me/chat-stats", headers=world.customer_headers)).json()
    assert stats == {"conversations": 1, "messages_sent": 1, "messages_received": 2, "unread": 2}


async def test_attachments_upload_and_ride_on_a_message(client: Client, world: ChatWorld) -> None:
    """Images and PDFs upload (sniffed); a message carries them once; others are refused."""
    cid = (await _open(client, world))["id"]
    path = f"/api/conversations/{cid}/attachments"
    image = await client.post(
        path, files={"file": ("foto.png", PNG, "image/png")}, headers=world.customer_headers
    )
    pdf = await client.post(
        path,
        files={"file": ("kontrak.pdf", b"%PDF-1.7\n" + bytes(32), "application/pdf")},
        headers=world.customer_headers,
    )
    html = await client.post(
        path,
        files={"file": ("x.png", b"<html></html>", "image/png")},
        headers=world.customer_headers,
    )
    assert (image.status_code, pdf.status_code, html.status_code) == (201, 201, 415)
    assert pdf.json()["content_type"] == "application/pdf"
    assert pdf.json()["name"] == "kontrak.pdf"
    ids = [image.json()["id"], pdf.json()["id"]]
    message = await _send(client, cid, world.customer_headers, "lihat ini", attachments=ids)
    assert [a["id"] for a in message["attachments"]] == ids
    again = await client.post(
        f"/api/conversations/{cid}/messages",
        json={"content": "lagi", "attachments": ids[:1]},
        headers=world.customer_headers,
    )
    assert again.status_code == 422
    stranger = await client.post(
        path, files={"file": ("foto.png", PNG, "image/png")}, headers=world.stranger_headers
    )
    assert stranger.status_code == 404


async def test_an_admin_joins_and_then_reads_and_writes(
    client: Client, world: ChatWorld, make_user: MakeUser
) -> None:
    """Only admins join; once in, the admin reads the history and writes."""
    cid = (await _open(client, world))["id"]
    await _send(client, cid, world.customer_headers, "ada masalah")
    admin, admin_headers = await make_user(admin=True)
    before = await client.get(f"/api/conversations/{cid}/messages", headers=admin_headers)
    refused = await client.post(
        f"/api/conversations/{cid}/participants", headers=world.stranger_headers
    )
    joined = await client.post(f"/api/conversations/{cid}/participants", headers=admin_headers)
    assert (before.status_code, refused.status_code, joined.status_code) == (404, 403, 200)
    assert joined.json()["participants"][-1] == {
        **joined.json()["participants"][-1],
        "user_id": admin.id,
        "role": "admin",
    }
    await _send(client, cid, admin_headers, "saya bantu")
    history = (
        await client.get(f"/api/conversations/{cid}/messages", headers=world.customer_headers)
    ).json()
    assert history["data"][0]["sender_id"] == admin.id


async def test_a_sent_message_emits_the_event_the_worker_emails_from(
    app: Litestar, client: Client, world: ChatWorld
) -> None:
    """An offline recipient gets an in-app chat notification once the worker ran."""
    cid = (await _open(client, world))["id"]
    await _send(client, cid, world.customer_headers, "halo, masih ada?")
    await app.state.worker.drain()
    bell = (await client.get("/api/notifications", headers=world.seller_headers)).json()
    assert [n["category"] for n in bell["data"]] == ["chat"]
    assert bell["data"][0]["link"] == f"/chat/{cid}"


async def test_the_public_profile_shows_when_a_user_was_last_seen(
    app: Litestar, client: Client, world: ChatWorld
) -> None:
    """Never connected: null; after a heartbeat: that time."""
    path = f"/api/users/{world.seller.id}"
    assert (await client.get(path)).json()["last_seen_at"] is None
    now = app.state.container.clock().now()
    await app.state.container.presence_store().heartbeat(
        world.seller.id, "c1", now=now, ttl_seconds=60
    )
    assert (await client.get(path)).json()["last_seen_at"] == now.isoformat()


def _refused(answer: Any, field: str) -> bool:
    """A 422 whose first error names ``field``."""
    errors: list[dict[str, Any]] = answer.json()["error"]["details"]["errors"]
    return bool(answer.status_code == 422 and errors[0]["field"] == field)


async def test_bad_input_is_422_naming_the_field(client: Client, world: ChatWorld) -> None:
    """Huge numbers, bad cursors and ids, long queries, unknown fields, too many attachments:
    422 naming the field, before any lookup."""
    cid = (await _open(client, world))["id"]
    headers = world.customer_headers
    for path, field in (
        ("/api/conversations?page=99999999999999999999999", "page"),
        ("/api/conversations?limit=101", "limit"),
        (f"/api/conversations/{cid}/messages?limit=0", "limit"),
        (f"/api/conversations/{cid}/messages?before=not%20an%20id", "before"),
        (f"/api/conversations/{'x' * 65}", "conversation_id"),
        ("/api/messages/search?q=", "q"),
        (f"/api/messages/search?q={'x' * 201}", "q"),
        ("/api/messages/search?q=mobil&page=0", "page"),
    ):
        assert _refused(await client.get(path, headers=headers), field), path
    for path, body, field in (
        ("/api/conversations", {"vehicle_id": world.vehicle_id, "x": 1}, "x"),
        ("/api/conversations", {"vehicle_id": 7}, "vehicle_id"),
        (
            f"/api/conversations/{cid}/messages",
            {"content": "hi", "attachments": ["a"] * 11},
            "attachments",
        ),
        (
            f"/api/conversations/{cid}/messages",
            {"content": "hi", "client_id": "c" * 65},
            "client_id",
        ),
        (f"/api/conversations/{cid}/read", {}, "up_to_message_id"),
    ):
        assert _refused(await client.post(path, json=body, headers=headers), field), path


async def test_an_upload_must_be_multipart_with_a_file(client: Client, world: ChatWorld) -> None:
    """Not multipart: 415; multipart without the `file` field: 422 naming it."""
    cid = (await _open(client, world))["id"]
    path = f"/api/conversations/{cid}/attachments"
    as_json = await client.post(path, json={"file": "x"}, headers=world.customer_headers)
    assert as_json.status_code == 415
    no_file = await client.post(
        path, files={"other": ("foto.png", PNG, "image/png")}, headers=world.customer_headers
    )
    assert _refused(no_file, "file")
