"""Contract: conversations, messages and attachments behave alike on every backend."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from tests.contract.samples import SELLER, T0, a_user, a_vehicle, an_id, seed

from bigauto.domain.chat.conversations import (
    Attachment,
    ChatStats,
    Conversation,
    ConversationSubject,
    Message,
    Participant,
    ParticipantRole,
)
from bigauto.domain.shared.errors import Conflict
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

CUSTOMER = a_user(1)
OTHER = a_user(2)
ADMIN = a_user(3)
VEHICLE = a_vehicle(500)
VEHICLE_2 = a_vehicle(501)


async def _world(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await seed(uow)
        for user in (CUSTOMER, OTHER, ADMIN):
            await uow.users.add(user)
        await uow.vehicles.add(VEHICLE)
        await uow.vehicles.add(VEHICLE_2)
        await uow.commit()


def a_conversation(n: int, customer: str = CUSTOMER.id, vehicle: str = VEHICLE.id) -> Conversation:
    return Conversation.open(
        an_id(n),
        ConversationSubject(vehicle),
        customer_id=customer,
        seller_id=SELLER.id,
        at=T0 + timedelta(minutes=n % 100),
    )


def a_message(
    n: int, conversation: str, sender: str = CUSTOMER.id, content: str | None = None, **more: object
) -> Message:
    message = Message(
        id=an_id(n),
        conversation_id=conversation,
        sender_id=sender,
        content=content if content is not None else f"pesan {n}",
        created_at=T0 + timedelta(seconds=n),
    )
    return attrs.evolve(message, **more)


async def _store(uow_factory: UnitOfWorkFactory, *things: Conversation | Message) -> None:
    async with uow_factory() as uow:
        for thing in things:
            if isinstance(thing, Conversation):
                await uow.conversations.add(thing)
            else:
                await uow.messages.add(thing)
        await uow.commit()


async def test_a_conversation_reads_back_with_its_participants(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A stored conversation comes back whole, by id and by its subject key."""
    await _world(uow_factory)
    conversation = a_conversation(10)
    await _store(uow_factory, conversation)
    async with uow_factory() as uow:
        assert await uow.conversations.get(conversation.id) == conversation
        assert await uow.conversations.by_subject(conversation.subject_key) == conversation
        assert await uow.conversations.get(an_id(11)) is None


async def test_a_second_conversation_about_the_same_subject_and_pair_conflicts(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The subject key is unique, and the conflict leaves the transaction usable."""
    await _world(uow_factory)
    await _store(uow_factory, a_conversation(10))
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await uow.conversations.add(a_conversation(11))
        await uow.conversations.add(a_conversation(12, customer=OTHER.id))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversations.count_of_user(SELLER.id) == 2


async def test_participants_are_added_and_their_marks_saved(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An admin joins last; a participant's read mark replaces the old one."""
    await _world(uow_factory)
    conversation = a_conversation(10)
    await _store(uow_factory, conversation)
    admin = Participant(ADMIN.id, ParticipantRole.ADMIN, T0 + timedelta(hours=1))
    customer = conversation.participants[0].read_up_to(an_id(99), T0 + timedelta(hours=2))
    async with uow_factory() as uow:
        await uow.conversations.save_participant(conversation.id, admin)
        await uow.conversations.save_participant(conversation.id, customer)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.conversations.get(conversation.id)
    assert found is not None
    assert found.participants == (customer, conversation.participants[1], admin)


async def test_conversations_of_a_user_list_latest_activity_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Touching a conversation moves it to the top; touching with an older time does not."""
    await _world(uow_factory)
    first, second = a_conversation(10), a_conversation(11, vehicle=VEHICLE_2.id)
    await _store(uow_factory, first, second)
    async with uow_factory() as uow:
        await uow.conversations.touch(first.id, T0 + timedelta(days=1))
        await uow.conversations.touch(first.id, T0 + timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        mine = await uow.conversations.of_user(CUSTOMER.id)
        assert [c.id for c in mine] == [first.id, second.id]
        assert mine[0].last_message_at == T0 + timedelta(days=1)
        assert [c.id for c in await uow.conversations.of_user(CUSTOMER.id, offset=1)] == [second.id]
        assert await uow.conversations.of_user(OTHER.id) == []


async def test_history_is_newest_first_and_pages_with_a_cursor(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Messages come newest first; `before` answers the older ones only."""
    await _world(uow_factory)
    conversation = a_conversation(10)
    sent = [a_message(100 + i, conversation.id) for i in range(5)]
    await _store(uow_factory, conversation, *sent)
    async with uow_factory() as uow:
        page = await uow.messages.history(conversation.id, limit=2)
        assert page == [sent[4], sent[3]]
        older = await uow.messages.history(conversation.id, before=page[-1].id, limit=10)
        assert older == [sent[2], sent[1], sent[0]]
        assert await uow.messages.latest([conversation.id, an_id(11)]) == {conversation.id: sent[4]}


async def test_a_client_id_is_unique_per_conversation_and_sender(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Resending a client id conflicts; the stored message is found by it."""
    await _world(uow_factory)
    conversation = a_conversation(10)
    first = a_message(100, conversation.id, client_id="c-1")
    await _store(uow_factory, conversation, first)
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await uow.messages.add(a_message(101, conversation.id, client_id="c-1"))
        # The same client id from the other participant is another message.
        await uow.messages.add(a_message(102, conversation.id, sender=SELLER.id, client_id="c-1"))
        await uow.messages.add(a_message(103, conversation.id))
        await uow.messages.add(a_message(104, conversation.id))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.by_client_id(conversation.id, CUSTOMER.id, "c-1") == first
        assert await uow.messages.by_client_id(conversation.id, CUSTOMER.id, "c-2") is None


async def test_an_edited_or_deleted_message_reads_back_changed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Text, attachments and the edit and delete times are updated."""
    await _world(uow_factory)
    conversation = a_conversation(10)
    attachment = Attachment(
        an_id(70),
        conversation.id,
        CUSTOMER.id,
        "chat/x.png",
        "/media/x.png",
        "/media/x.png",
        "image/png",
        120,
        "x.png",
        T0,
    )
    message = a_message(100, conversation.id, attachments=(attachment,))
    await _store(uow_factory, conversation, message)
    async with uow_factory() as uow:
        assert await uow.messages.get(message.id) == message
        edited = attrs.evolve(message, content="diubah", edited_at=T0 + timedelta(minutes=1))
        await uow.messages.update(edited)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.get(message.id) == edited
        deleted = attrs.evolve(edited, content="", attachments=(), deleted_at=T0)
        await uow.messages.update(deleted)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.get(message.id) == deleted


async def test_unread_counts_follow_the_read_mark(uow_factory: UnitOfWorkFactory) -> None:
    """Unread: others' messages, not deleted, after my read mark."""
    await _world(uow_factory)
    conversation = a_conversation(10)
    mine = a_message(100, conversation.id)
    theirs = [a_message(101 + i, conversation.id, sender=SELLER.id) for i in range(3)]
    gone = a_message(104, conversation.id, sender=SELLER.id, deleted_at=T0)
    await _store(uow_factory, conversation, mine, *theirs, gone)
    async with uow_factory() as uow:
        assert await uow.messages.unread_counts(CUSTOMER.id, [conversation.id]) == {
            conversation.id: 3
        }
        assert await uow.messages.unread_counts(SELLER.id, [conversation.id]) == {
            conversation.id: 1
        }
        me = conversation.participants[0].read_up_to(theirs[1].id, T0)
        await uow.conversations.save_participant(conversation.id, me)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.unread_counts(CUSTOMER.id, [conversation.id]) == {
            conversation.id: 1
        }
        assert await uow.messages.stats(CUSTOMER.id) == ChatStats(1, 1, 3, 1)


async def test_search_finds_substrings_in_my_conversations_only(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Case-insensitive substring, wildcards taken literally, deleted and others' excluded."""
    await _world(uow_factory)
    mine, theirs = a_conversation(10), a_conversation(11, customer=OTHER.id)
    await _store(
        uow_factory,
        mine,
        theirs,
        a_message(100, mine.id, content="Apakah Avanza masih ADA?"),
        a_message(101, mine.id, sender=SELLER.id, content="masih ada, diskon 10%"),
        a_message(102, mine.id, content="ada_ada saja", deleted_at=T0),
        a_message(103, theirs.id, sender=OTHER.id, content="ada juga di sini"),
        a_message(104, mine.id, content="tidak"),
    )
    async with uow_factory() as uow:
        found = await uow.messages.search(CUSTOMER.id, "ada")
        assert [m.id for m in found] == [an_id(101), an_id(100)]
        assert await uow.messages.count_search(CUSTOMER.id, "ada") == 2
        assert [m.id for m in await uow.messages.search(CUSTOMER.id, "10%")] == [an_id(101)]
        assert await uow.messages.search(CUSTOMER.id, "_") == []
        assert [m.id for m in await uow.messages.search(CUSTOMER.id, "ada", offset=1)] == [
            an_id(100)
        ]
        assert len(await uow.messages.search(SELLER.id, "ada")) == 3


async def test_attachments_are_stored_and_attached_to_a_message(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An uploaded attachment reads back, then names the message that carries it."""
    await _world(uow_factory)
    conversation = a_conversation(10)
    message = a_message(100, conversation.id)
    await _store(uow_factory, conversation, message)
    attachment = Attachment(
        an_id(70),
        conversation.id,
        CUSTOMER.id,
        "chat/a.pdf",
        "/media/a.pdf",
        "/media/a.pdf",
        "application/pdf",
        2048,
        "kontrak.pdf",
        T0,
    )
    async with uow_factory() as uow:
        await uow.chat_attachments.add(attachment)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat_attachments.get(attachment.id) == attachment
        await uow.chat_attachments.attach([attachment.id], message.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat_attachments.get(attachment.id) == attrs.evolve(
            attachment, message_id=message.id
        )
