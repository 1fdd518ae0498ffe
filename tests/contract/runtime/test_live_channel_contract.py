"""The live channel contract: in-process, and core NATS between two service instances."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from tests.contract.messaging import live_instances

from bigauto.ports.shared.messaging import LiveSubscription, chat_subject

BACKENDS = ["memory", "nats"]


class Inbox:
    """Collects frames a subscription receives, and waits for them."""

    def __init__(self) -> None:
        self.frames: list[tuple[str, bytes]] = []
        self._arrived = asyncio.Event()

    async def __call__(self, subject: str, payload: bytes) -> None:
        self.frames.append((subject, payload))
        self._arrived.set()

    async def until(self, count: int, within: float = 3.0) -> list[tuple[str, bytes]]:
        async with asyncio.timeout(within):
            while len(self.frames) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return self.frames


def a_conversation() -> str:
    return chat_subject(uuid.uuid4().hex)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_frame_published_on_one_instance_reaches_the_other_in_order(backend: str):
    """Frames published by instance 1 reach a subscriber on instance 2, in publish order."""
    subject = a_conversation()
    async with live_instances(backend) as (one, two):
        inbox = Inbox()
        await two.subscribe(subject, inbox)
        await asyncio.sleep(0.05)  # the subscription reaches the server before the frames
        payloads = [f"frame {n}".encode() for n in range(30)]
        for payload in payloads:
            await one.publish(subject, payload)
        frames = await inbox.until(len(payloads))
    assert frames == [(subject, payload) for payload in payloads]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_every_subscribed_instance_gets_the_frame(backend: str):
    """Both instances' subscribers hear a frame, the publisher's own included."""
    subject = a_conversation()
    async with live_instances(backend) as (one, two):
        here, there = Inbox(), Inbox()
        await one.subscribe(subject, here)
        await two.subscribe(subject, there)
        await asyncio.sleep(0.05)
        await one.publish(subject, b"hello")
        assert await here.until(1) == [(subject, b"hello")]
        assert await there.until(1) == [(subject, b"hello")]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_wildcard_subscription_hears_each_subject_and_names_it(backend: str):
    """``user.*`` receives frames for every user, with the subject they were sent on."""
    prefix = f"user{uuid.uuid4().hex[:8]}"
    async with live_instances(backend) as (one, two):
        inbox = Inbox()
        await two.subscribe(f"{prefix}.*", inbox)
        await asyncio.sleep(0.05)
        await one.publish(f"{prefix}.alice", b"a")
        await one.publish(f"{prefix}.bob.extra", b"ignored: two tokens deep")
        await one.publish(f"{prefix}.bob", b"b")
        frames = await inbox.until(2)
    assert frames == [(f"{prefix}.alice", b"a"), (f"{prefix}.bob", b"b")]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_unsubscribe_stops_delivery(backend: str):
    """After unsubscribe returns, frames on the subject no longer reach the callback."""
    subject, control = a_conversation(), a_conversation()
    async with live_instances(backend) as (one, two):
        gone, witness = Inbox(), Inbox()
        subscription = await two.subscribe(subject, gone)
        await two.subscribe(control, witness)
        await asyncio.sleep(0.05)
        await one.publish(subject, b"before")
        await gone.until(1)
        await subscription.unsubscribe()
        await subscription.unsubscribe()  # a second time is harmless
        await one.publish(subject, b"after")
        await one.publish(control, b"sent after 'after'")
        await witness.until(1)
        await asyncio.sleep(0.05)
    assert gone.frames == [(subject, b"before")]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_failing_callback_does_not_stop_later_frames(backend: str):
    """A callback that raises on one frame still gets the next one."""
    subject = a_conversation()
    async with live_instances(backend) as (one, two):
        inbox = Inbox()

        async def fragile(subject: str, payload: bytes) -> None:
            await inbox(subject, payload)
            if payload == b"boom":
                raise RuntimeError("a socket went away mid-send")

        await two.subscribe(subject, fragile)
        await asyncio.sleep(0.05)
        await one.publish(subject, b"boom")
        await one.publish(subject, b"fine")
        assert [p for _, p in await inbox.until(2)] == [b"boom", b"fine"]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_callback_may_unsubscribe_its_own_subscription(backend: str):
    """Unsubscribing from inside the callback finishes that frame and stops the next ones."""
    subject, control = a_conversation(), a_conversation()
    async with live_instances(backend) as (one, two):
        witness = Inbox()
        finished: list[bytes] = []
        holder: list[LiveSubscription] = []

        async def once(subject: str, payload: bytes) -> None:
            await holder[0].unsubscribe()
            await asyncio.sleep(0.01)  # the callback goes on after unsubscribing
            finished.append(payload)

        holder.append(await two.subscribe(subject, once))
        await two.subscribe(control, witness)
        await asyncio.sleep(0.05)
        await one.publish(subject, b"first")
        await one.publish(subject, b"second")
        await asyncio.sleep(0.1)
        await one.publish(control, b"done")
        await witness.until(1)
    assert finished == [b"first"]
