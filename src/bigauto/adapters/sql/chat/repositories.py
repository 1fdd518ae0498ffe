"""SQL conversations, messages and attachments (see ``tables.py`` for the indexes).

Inserts that may lose to a unique key run inside a savepoint, so a ``Conflict`` leaves the
caller's transaction usable on PostgreSQL too, as on the other adapters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bigauto.adapters.sql._rows import SqlRepository, conflict, from_row, to_row
from bigauto.adapters.sql.chat.tables import (
    chat_attachments,
    conversation_participants,
    conversations,
    messages,
)
from bigauto.domain.chat.conversations import (
    Attachment,
    ChatStats,
    Conversation,
    ConversationSubject,
    Message,
    Participant,
    ParticipantRole,
)
from bigauto.domain.shared.errors import Conflict, NotFound

_P = conversation_participants
_M = messages
_C = conversations
_A = chat_attachments


def _participant(row: Mapping[str, Any]) -> Participant:
    return from_row(Participant, row, role=ParticipantRole(row["role"]))


def _participant_row(conversation_id: str, p: Participant) -> dict[str, Any]:
    return to_row(p, conversation_id=conversation_id)


def attachment_json(a: Attachment) -> dict[str, Any]:
    """An attachment as a message row keeps it."""
    return to_row(a, created_at=a.created_at.isoformat())


def _attachment_from_json(data: Mapping[str, Any]) -> Attachment:
    return from_row(Attachment, data, created_at=datetime.fromisoformat(str(data["created_at"])))


def _message(row: Mapping[str, Any]) -> Message:
    attachments = tuple(_attachment_from_json(a) for a in row["attachments"] or ())
    return from_row(Message, row, attachments=attachments)


def _message_row(m: Message) -> dict[str, Any]:
    # Written out rather than with to_row: sending a message is the hot path.
    attachments = [attachment_json(a) for a in m.attachments]
    return {
        "id": m.id,
        "conversation_id": m.conversation_id,
        "sender_id": m.sender_id,
        "content": m.content,
        "client_id": m.client_id,
        "attachments": attachments,
        "created_at": m.created_at,
        "edited_at": m.edited_at,
        "deleted_at": m.deleted_at,
    }


class SqlConversationRepository(SqlRepository):
    """Conversations and their participant rows."""

    async def add(self, conversation: Conversation) -> None:
        c = conversation
        row = {
            "id": c.id,
            "subject_key": c.subject_key,
            "vehicle_id": c.subject.vehicle_id,
            "order_kind": c.subject.order_kind,
            "order_id": c.subject.order_id,
            "customer_id": c.customer_id,
            "seller_id": c.seller_id,
            "created_at": c.created_at,
            "last_message_at": c.last_message_at,
        }
        await self._insert(_C, row, conflict("a conversation about this subject already exists"))
        await self._conn.execute(insert(_P), [_participant_row(c.id, p) for p in c.participants])

    async def _many(self, rows: Sequence[Mapping[str, Any]]) -> list[Conversation]:
        ids = [row["id"] for row in rows]
        if not ids:
            return []
        people: dict[str, list[Participant]] = {i: [] for i in ids}
        query = (
            select(_P).where(_P.c.conversation_id.in_(ids)).order_by(_P.c.joined_at, _P.c.user_id)
        )
        for prow in await self._conn.execute(query):
            people[prow.conversation_id].append(_participant(prow._mapping))
        return [
            from_row(
                Conversation,
                row,
                subject=ConversationSubject(row["vehicle_id"], row["order_kind"], row["order_id"]),
                participants=tuple(_in_join_order(people[row["id"]], row)),
            )
            for row in rows
        ]

    async def _one(self, condition: Any) -> Conversation | None:
        row = (await self._conn.execute(select(_C).where(condition))).first()
        if row is None:
            return None
        return (await self._many([row._mapping]))[0]

    async def get(self, conversation_id: str) -> Conversation | None:
        return await self._one(_C.c.id == conversation_id)

    async def by_subject(self, subject_key: str) -> Conversation | None:
        return await self._one(_C.c.subject_key == subject_key)

    async def save_participant(self, conversation_id: str, participant: Participant) -> None:
        row = _participant_row(conversation_id, participant)
        done = await self._conn.execute(
            update(_P)
            .where(_P.c.conversation_id == conversation_id)
            .where(_P.c.user_id == participant.user_id)
            .values(row)
        )
        if done.rowcount:
            return
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(_P).values(row))
        except IntegrityError:
            raise NotFound(f"no conversation {conversation_id}") from None

    async def touch(self, conversation_id: str, at: datetime) -> None:
        later = or_(_C.c.last_message_at.is_(None), _C.c.last_message_at < at)
        await self._conn.execute(
            update(_C).where((_C.c.id == conversation_id) & later).values(last_message_at=at)
        )

    async def of_user(
        self, user_id: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[Conversation]:
        activity = func.coalesce(_C.c.last_message_at, _C.c.created_at)
        query = (
            select(_C)
            .join(_P, (_P.c.conversation_id == _C.c.id) & (_P.c.user_id == user_id))
            .order_by(activity.desc(), _C.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        rows = [row._mapping for row in await self._conn.execute(query)]
        return await self._many(rows)

    async def count_of_user(self, user_id: str) -> int:
        return await self._count(_P, _P.c.user_id == user_id)


def _in_join_order(people: list[Participant], row: Mapping[str, Any]) -> list[Participant]:
    # Customer and seller joined at the same instant: customer first, as the domain makes them.
    rank = {ParticipantRole.CUSTOMER: 0, ParticipantRole.SELLER: 1, ParticipantRole.ADMIN: 2}
    return sorted(people, key=lambda p: (p.joined_at, rank[p.role], p.user_id))


def _read_message(row: Any) -> Message:
    return _message(row._mapping)


class SqlMessageRepository(SqlRepository):
    """Messages; history through (conversation_id, id), search through the trigram index."""

    async def add(self, message: Message) -> None:
        # ON CONFLICT DO NOTHING rather than a savepoint: one round trip on the hot path, and
        # the transaction stays usable on PostgreSQL when the client id was taken.
        statement = (
            self._dialect_insert()(_M).values(_message_row(message)).on_conflict_do_nothing()
        )
        done = await self._conn.execute(statement)
        if done.rowcount != 1:
            raise Conflict("a message with this id or client_id was already sent")

    async def get(self, message_id: str) -> Message | None:
        return await self._first(select(_M).where(_M.c.id == message_id), _read_message)

    async def by_client_id(
        self, conversation_id: str, sender_id: str, client_id: str
    ) -> Message | None:
        query = select(_M).where(
            (_M.c.conversation_id == conversation_id)
            & (_M.c.sender_id == sender_id)
            & (_M.c.client_id == client_id)
        )
        return await self._first(query, _read_message)

    async def update(self, message: Message) -> None:
        row = _message_row(message)
        done = await self._conn.execute(
            update(_M)
            .where(_M.c.id == message.id)
            .values(
                content=row["content"],
                attachments=row["attachments"],
                edited_at=row["edited_at"],
                deleted_at=row["deleted_at"],
            )
        )
        if not done.rowcount:
            raise NotFound(f"no message {message.id}")

    async def history(
        self, conversation_id: str, *, before: str | None = None, limit: int = 50
    ) -> Sequence[Message]:
        query = select(_M).where(_M.c.conversation_id == conversation_id)
        if before is not None:
            query = query.where(_M.c.id < before)
        return await self._all(query.order_by(_M.c.id.desc()).limit(limit), _read_message)

    async def latest(self, conversation_ids: Sequence[str]) -> dict[str, Message]:
        if not conversation_ids:
            return {}
        newest = (
            select(_M.c.conversation_id, func.max(_M.c.id).label("id"))
            .where(_M.c.conversation_id.in_(list(conversation_ids)))
            .group_by(_M.c.conversation_id)
            .subquery()
        )
        query = select(_M).join(newest, _M.c.id == newest.c.id)
        rows = await self._conn.execute(query)
        return {row.conversation_id: _message(row._mapping) for row in rows}

    def _unread_condition(self, user_id: str) -> Any:
        return and_(
            _M.c.sender_id != user_id,
            _M.c.deleted_at.is_(None),
            or_(_P.c.last_read_message_id.is_(None), _M.c.id > _P.c.last_read_message_id),
        )

    def _with_my_mark(self, user_id: str) -> Any:
        return (_P.c.conversation_id == _M.c.conversation_id) & (_P.c.user_id == user_id)

    async def unread_counts(self, user_id: str, conversation_ids: Sequence[str]) -> dict[str, int]:
        if not conversation_ids:
            return {}
        query = (
            select(_M.c.conversation_id, func.count())
            .select_from(_M.join(_P, self._with_my_mark(user_id)))
            .where(_M.c.conversation_id.in_(list(conversation_ids)))
            .where(self._unread_condition(user_id))
            .group_by(_M.c.conversation_id)
        )
        counts = {cid: 0 for cid in conversation_ids}
        for conversation_id, count in await self._conn.execute(query):
            counts[conversation_id] = int(count)
        return counts

    def _found(self, user_id: str, text: str) -> Any:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return (
            select(_M)
            .select_from(_M.join(_P, self._with_my_mark(user_id)))
            .where(_M.c.deleted_at.is_(None))
            .where(_M.c.content.ilike(pattern, escape="\\"))
        )

    async def search(
        self, user_id: str, query: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[Message]:
        found = self._found(user_id, query).order_by(_M.c.id.desc()).limit(limit).offset(offset)
        return await self._all(found, _read_message)

    async def count_search(self, user_id: str, query: str) -> int:
        counted = select(func.count()).select_from(self._found(user_id, query).subquery())
        return int(await self._conn.scalar(counted) or 0)

    async def stats(self, user_id: str) -> ChatStats:
        mine = _M.join(_P, self._with_my_mark(user_id))
        live = _M.c.deleted_at.is_(None)
        mine_sent = func.count().filter(live & (_M.c.sender_id == user_id))
        mine_received = func.count().filter(live & (_M.c.sender_id != user_id))
        unread = func.count().filter(self._unread_condition(user_id))
        row = (
            await self._conn.execute(select(mine_sent, mine_received, unread).select_from(mine))
        ).one()
        conversations_count = await self._conn.scalar(
            select(func.count()).select_from(_P).where(_P.c.user_id == user_id)
        )
        return ChatStats(
            conversations=int(conversations_count or 0),
            messages_sent=int(row[0]),
            messages_received=int(row[1]),
            unread=int(row[2]),
        )


class SqlAttachmentRepository(SqlRepository):
    """Uploaded chat attachments."""

    async def add(self, attachment: Attachment) -> None:
        await self._conn.execute(insert(_A).values(to_row(attachment)))

    async def get(self, attachment_id: str) -> Attachment | None:
        query = select(_A).where(_A.c.id == attachment_id)
        return await self._first(query, lambda row: Attachment(**row._mapping))

    async def attach(self, attachment_ids: Sequence[str], message_id: str) -> None:
        if attachment_ids:
            await self._conn.execute(
                update(_A).where(_A.c.id.in_(list(attachment_ids))).values(message_id=message_id)
            )


__all__ = [
    "SqlAttachmentRepository",
    "SqlConversationRepository",
    "SqlMessageRepository",
    "attachment_json",
]
