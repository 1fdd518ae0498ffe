"""The chat's rules: message text, client ids, attachments, conversations, marks, edits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bigauto.domain.chat.conversations import (
    MAX_ATTACHMENT_BYTES,
    Conversation,
    ConversationSubject,
    DeliveryStatus,
    Message,
    Participant,
    ParticipantRole,
    check_attachment,
    client_message_id,
    delivery_status,
    message_text,
    overall_status,
)
from bigauto.domain.chat.errors import EditWindowClosed, InvalidMessage, NotMessageSender
from bigauto.domain.shared.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

T0 = datetime(2025, 5, 1, 9, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def an_id(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def test_message_text_is_trimmed_and_keeps_newlines_tabs_and_emoji() -> None:
    """Outer spaces go, inner newlines and tabs stay, CRLF becomes LF, emoji joiners pass."""
    assert message_text("  a\r\nb\tc  ") == "a\nb\tc"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert message_text(family) == family


@pytest.mark.parametrize("bad", ["", "   \n\t ", "x" * 4001, "a\x1bb", "a\u202eb", "\ud800"])
def test_message_text_refuses_empty_long_and_control_characters(bad: str) -> None:
    """Empty after trimming, over 4,000 characters, or a control/format character: refused."""
    with pytest.raises(InvalidMessage):
        message_text(bad)


def test_client_ids_are_short_and_printable() -> None:
    """None passes, 1–64 printable characters pass, anything else is refused."""
    assert client_message_id(None) is None
    assert client_message_id("a" * 64) == "a" * 64
    for bad in ("", "a" * 65, "a\nb"):
        with pytest.raises(ValidationFailed):
            client_message_id(bad)


def test_attachments_are_images_or_pdfs_of_at_most_ten_megabytes() -> None:
    """PNG and PDF pass by their bytes; HTML is 415, empty 422, too big 413."""
    assert check_attachment(b"\x89PNG\r\n\x1a\n" + bytes(8)) == "image/png"
    assert check_attachment(b"%PDF-1.4 rest") == "application/pdf"
    with pytest.raises(UnsupportedMediaType):
        check_attachment(b"<html>")
    with pytest.raises(ValidationFailed):
        check_attachment(b"")
    with pytest.raises(PayloadTooLarge):
        check_attachment(b"%PDF-" + bytes(MAX_ATTACHMENT_BYTES))


def test_a_conversation_opens_between_two_people_and_knows_its_recipients() -> None:
    """Customer and seller are in it; a seller cannot open one with themselves."""
    conversation = Conversation.open(
        an_id(1), ConversationSubject(an_id(9)), customer_id="ani", seller_id="budi", at=T0
    )
    assert [p.role for p in conversation.participants] == [
        ParticipantRole.CUSTOMER,
        ParticipantRole.SELLER,
    ]
    assert conversation.others("ani") == ["budi"]
    assert not conversation.has("someone")
    with pytest.raises(ValidationFailed):
        Conversation.open(
            an_id(2), ConversationSubject(an_id(9)), customer_id="budi", seller_id="budi", at=T0
        )


def test_the_subject_key_tells_orders_and_pairs_apart() -> None:
    """Same vehicle and pair: one key; another order or customer: another key."""
    vehicle = ConversationSubject("v1")
    rental = ConversationSubject("v1", "rental", "r1")
    assert vehicle.key("a", "s") == ConversationSubject("v1").key("a", "s")
    assert len({vehicle.key("a", "s"), rental.key("a", "s"), vehicle.key("b", "s")}) == 3
    with pytest.raises(ValidationFailed):
        ConversationSubject("v1", "rental", None)
    with pytest.raises(ValidationFailed):
        ConversationSubject("v1", "lease", "x")


def test_read_and_delivered_marks_never_move_back() -> None:
    """Reading implies delivery; an older mark changes nothing."""
    me = Participant("ani", ParticipantRole.CUSTOMER, T0)
    read = me.read_up_to(an_id(5), T0)
    assert (read.last_read_message_id, read.last_delivered_message_id) == (an_id(5), an_id(5))
    assert read.read_up_to(an_id(3), T0 + timedelta(hours=1)) == read
    assert read.delivered_up_to(an_id(4)) == read
    assert read.delivered_up_to(an_id(7)).last_delivered_message_id == an_id(7)


def test_delivery_status_follows_the_recipients_marks() -> None:
    """sent, then delivered, then read; overall is the least advanced recipient."""
    message = Message(an_id(5), "c", "ani", "halo", T0)
    budi = Participant("budi", ParticipantRole.SELLER, T0)
    admin = Participant("adm", ParticipantRole.ADMIN, T0)
    assert delivery_status(message, budi) is DeliveryStatus.SENT
    assert delivery_status(message, budi.delivered_up_to(an_id(5))) is DeliveryStatus.DELIVERED
    assert delivery_status(message, budi.read_up_to(an_id(6), T0)) is DeliveryStatus.READ
    assert overall_status(message, [budi.read_up_to(an_id(6), T0), admin]) is DeliveryStatus.SENT
    assert overall_status(message, []) is DeliveryStatus.SENT


def test_only_the_sender_changes_a_message_and_only_within_the_window() -> None:
    """Edits and deletes: the sender, before the window closes, not after a delete."""
    message = Message(an_id(5), "c", "ani", "halo", T0)
    edited = message.edit("ani", " halo! ", T0 + timedelta(minutes=14), WINDOW)
    assert (edited.content, edited.edited_at) == ("halo!", T0 + timedelta(minutes=14))
    with pytest.raises(NotMessageSender):
        message.edit("budi", "x", T0, WINDOW)
    with pytest.raises(EditWindowClosed):
        message.delete("ani", T0 + timedelta(minutes=16), WINDOW)
    deleted = message.delete("ani", T0 + timedelta(minutes=1), WINDOW)
    assert (deleted.content, deleted.is_deleted) == ("", True)
    with pytest.raises(EditWindowClosed):
        deleted.edit("ani", "again", T0 + timedelta(minutes=2), WINDOW)
    with pytest.raises(InvalidMessage):
        message.edit("ani", "   ", T0, WINDOW)
