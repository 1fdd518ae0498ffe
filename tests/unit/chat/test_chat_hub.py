"""The chat hub: local members first, other instances through the live channel, and what it does
when that channel is down."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest

from bigauto.adapters.memory import MemoryLiveChannel
from bigauto.domain.chat.events import ChatEvents
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.messaging import LiveCallback
from bigauto.services.chat.hub import ChatHub, FanoutRetry, Member

SUBJECT = "chat.c1"


class DownLiveChannel:
    """A live channel whose server is away until ``up`` is set; counts the attempts."""

    def __init__(self) -> None:
        self.up = False
        self.attempts = 0
        self.inner = MemoryLiveChannel()

    async def publish(self, subject: str, payload: bytes) -> None:
        self.attempts += 1
        if not self.up:
            raise ServiceUnavailable("NATS is unavailable")
        await self.inner.publish(subject, payload)

    async def subscribe(self, subject: str, callback: LiveCallback) -> object:
        self.attempts += 1
        if not self.up:
            raise ServiceUnavailable("NATS is unavailable")
        return await self.inner.subscribe(subject, callback)


def frames(member: Member) -> list[dict[str, object]]:
    found = []
    while not member.queue.empty():
        found.append(json.loads(member.queue.get_nowait()))
    return found


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def message(n: int, sender: str = "ani") -> dict[str, object]:
    return {"type": "message", "id": f"m{n}", "sender_id": sender, "conversation_id": "c1"}


async def test_a_frame_reaches_local_and_remote_members_once_each() -> None:
    """Two hubs on one channel: each member gets the frame once (no echo to the publisher)."""
    live = MemoryLiveChannel()
    a, b = ChatHub(live, instance_id="a"), ChatHub(live, instance_id="b")
    on_a, on_b = Member("ani", "1"), Member("budi", "2")
    await a.join(SUBJECT, on_a)
    await b.join(SUBJECT, on_b)
    assert await a.publish(SUBJECT, message(1))
    await settle()
    assert frames(on_a) == [message(1)]
    assert frames(on_b) == [message(1)]
    assert on_b.delivered_message_id == "m1" and on_a.delivered_message_id is None
    await live.close()


async def test_skip_user_keeps_a_frame_from_its_author_everywhere() -> None:
    """Typing frames skip the typist's own sockets, on every instance."""
    live = MemoryLiveChannel()
    a, b = ChatHub(live, instance_id="a"), ChatHub(live, instance_id="b")
    ani_a, ani_b, budi_b = Member("ani", "1"), Member("ani", "2"), Member("budi", "3")
    await a.join(SUBJECT, ani_a)
    for member in (ani_b, budi_b):
        await b.join(SUBJECT, member)
    await a.publish(SUBJECT, {"type": "typing", "user_id": "ani"}, skip_user="ani")
    await settle()
    assert (frames(ani_a), frames(ani_b)) == ([], [])
    assert frames(budi_b) == [{"type": "typing", "user_id": "ani"}]
    await live.close()


async def test_a_message_republished_from_the_outbox_reaches_only_who_missed_it() -> None:
    """The outbox's copy is dropped where the frame arrived already, delivered elsewhere."""
    live = MemoryLiveChannel()
    a = ChatHub(live, instance_id="a")
    late = ChatHub(live, instance_id="late")
    on_a = Member("budi", "1")
    await a.join(SUBJECT, on_a)
    await a.publish(SUBJECT, message(1))
    on_late = Member("budi", "2")
    await late.join(SUBJECT, on_late)  # joined after the live frame went by
    event = DomainEvent(
        ChatEvents.FANOUT_PENDING,
        "e1",
        datetime(2025, 1, 1, tzinfo=UTC),
        "conversation",
        "c1",
        {"subject": SUBJECT, "frame": message(1), "skip_user": None},
    )
    await FanoutRetry(live).republish(event)
    await settle()
    assert frames(on_a) == [message(1)]
    assert frames(on_late) == [message(1)]
    await live.close()


async def test_with_the_channel_down_local_members_are_served_and_retries_are_spaced() -> None:
    """publish answers False but members get the frame; the channel is not asked again until
    the pause is over; the subscription is made once it is back."""
    live = DownLiveChannel()
    hub = ChatHub(live, instance_id="a", retry_after=0.05)
    member = Member("budi", "1")
    await hub.join(SUBJECT, member)
    assert not await hub.publish(SUBJECT, message(1))
    assert not await hub.publish(SUBJECT, message(2))
    assert live.attempts == 1  # the failed subscribe; the publishes did not even try
    assert [f["id"] for f in frames(member)] == ["m1", "m2"]
    live.up = True
    await asyncio.sleep(0.2)
    assert await hub.publish(SUBJECT, message(3))
    other = ChatHub(live.inner, instance_id="b")
    await other.publish(SUBJECT, message(4, sender="x"))
    await settle()
    assert [f["id"] for f in frames(member)] == ["m3", "m4"]
    await hub.close()
    await live.inner.close()


async def test_a_member_that_falls_too_far_behind_is_marked_lagging() -> None:
    """A full queue sets `overflowed`; later frames are dropped."""
    hub = ChatHub(MemoryLiveChannel(), instance_id="a")
    member = Member("budi", "1", queue=asyncio.Queue(maxsize=2))
    await hub.join(SUBJECT, member)
    for n in range(3):
        await hub.publish(SUBJECT, message(n))
    assert member.overflowed
    assert member.queue.qsize() == 2


async def test_the_last_member_leaving_drops_the_remote_subscription() -> None:
    """After the last leave, frames from other instances are not taken in any more."""
    live = MemoryLiveChannel()
    hub, other = ChatHub(live, instance_id="a"), ChatHub(live, instance_id="b")
    first, second = Member("ani", "1"), Member("ani", "2")
    await hub.join(SUBJECT, first)
    await hub.join(SUBJECT, second)
    await hub.leave(SUBJECT, first)
    await other.publish(SUBJECT, message(1, sender="x"))
    await settle()
    assert len(frames(second)) == 1
    await hub.leave(SUBJECT, second)
    await other.publish(SUBJECT, message(2, sender="x"))
    await settle()
    assert frames(second) == [] and hub.members(SUBJECT) == []
    await live.close()


@pytest.mark.parametrize("payload", [b"not json", b"[1]", b'{"o": "x", "f": "no"}'])
async def test_strange_payloads_on_the_channel_are_dropped_or_forwarded_as_they_are(
    payload: bytes,
) -> None:
    """Non-JSON and non-objects are dropped; an object that is no envelope is a frame."""
    live = MemoryLiveChannel()
    hub = ChatHub(live, instance_id="a")
    member = Member("ani", "1")
    await hub.join(SUBJECT, member)
    await live.publish(SUBJECT, payload)
    await settle()
    expected = [json.loads(payload)] if payload.startswith(b"{") else []
    assert frames(member) == expected
    await live.close()
