"""Properties of the chat: message text normalisation, and the order and uniqueness of what every
client sees when many sends (and resends) race, on one instance or two."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bigauto.adapters.local.media import LocalMediaStorage
from bigauto.adapters.memory import (
    FixedClock,
    MemoryLiveChannel,
    MemoryUnitOfWorkFactory,
    UuidV7Generator,
)
from bigauto.domain.chat.conversations import (
    MAX_MESSAGE_CHARACTERS,
    Conversation,
    ConversationSubject,
    message_text,
)
from bigauto.domain.chat.errors import InvalidMessage
from bigauto.ports.shared.messaging import chat_subject
from bigauto.services.chat.conversations import Chat, Sent
from bigauto.services.chat.hub import ChatHub, Member

T0 = datetime(2025, 5, 1, 9, tzinfo=UTC)
PEOPLE = ("ani", "budi")


@given(st.text(max_size=50))
def test_message_text_is_idempotent_and_trimmed(raw: str) -> None:
    """Accepted text is trimmed, 1–4,000 characters, and accepted unchanged a second time."""
    try:
        text = message_text(raw)
    except InvalidMessage:
        return
    assert text == text.strip() and 1 <= len(text) <= MAX_MESSAGE_CHARACTERS
    assert message_text(text) == text


# One send: (instance, sender, client id or None). Client ids come from a tiny alphabet, so
# resends (the same sender and client id) are frequent.
sends = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(PEOPLE),
        st.one_of(st.none(), st.sampled_from(["c1", "c2", "c3"])),
    ),
    min_size=1,
    max_size=25,
)


async def _run(
    plan: list[tuple[int, str, str | None]], instances: int
) -> tuple[list[str], dict[str, int], list[list[str]]]:
    uow_factory = MemoryUnitOfWorkFactory()
    conversation = Conversation.open(
        "c", ConversationSubject("v"), customer_id="ani", seller_id="budi", at=T0
    )
    async with uow_factory() as uow:
        await uow.conversations.add(conversation)
        await uow.commit()
    live = MemoryLiveChannel()
    chats = []
    members: list[Member] = []
    for n in range(instances):
        hub = ChatHub(live, instance_id=f"i{n}")
        chats.append(
            Chat(
                uow_factory=uow_factory,
                clock=FixedClock(T0),
                ids=UuidV7Generator(),
                hub=hub,
                media=LocalMediaStorage(Path("unused")),
            )
        )
        for person in PEOPLE:  # every participant has a socket on every instance
            member = Member(person, f"{n}:{person}")
            await hub.join(chat_subject("c"), member)
            members.append(member)

    async def send(n: int, instance: int, sender: str, client_id: str | None) -> Sent:
        chat = chats[instance % instances]
        return await chat.send(sender, "c", f"pesan {n}", client_id=client_id)

    results = await asyncio.gather(*(send(n, *step) for n, step in enumerate(plan)))
    origin = {r.message.id: plan[n][0] % instances for n, r in enumerate(results) if r.created}
    for _ in range(50):  # let the live channel's pumps hand everything over
        await asyncio.sleep(0)
    seen = [
        [json.loads(member.queue.get_nowait())["id"] for _ in range(member.queue.qsize())]
        for member in members
    ]
    async with uow_factory() as uow:
        history = [m.id for m in reversed(await uow.messages.history("c", limit=1000))]
    await live.close()
    return history, origin, seen


@given(sends, st.integers(1, 2))
def test_every_client_sees_each_stored_message_once_in_history_order(
    plan: list[tuple[int, str, str | None]], instances: int
) -> None:
    """No duplicates even with resends; messages from one instance arrive in history order;
    with one instance, every client's sequence is exactly the stored history."""
    history, origin, seen = asyncio.run(_run(plan, instances))
    resent = {(sender, cid) for _, sender, cid in plan if cid is not None}
    assert len(history) == sum(1 for _, _, cid in plan if cid is None) + len(resent)
    position = {message_id: n for n, message_id in enumerate(history)}
    for frames in seen:
        assert sorted(frames) == sorted(history)  # each exactly once
        for instance in range(instances):
            mine = [position[f] for f in frames if origin[f] == instance]
            assert mine == sorted(mine)
        if instances == 1:
            assert frames == history
