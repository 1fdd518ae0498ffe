"""Chat over HTTP: ``/api/conversations``, ``/api/messages/search``, ``/api/users/me/chat-stats``.

Only participants see a conversation: anyone else gets 404, as if it did not exist. History is
newest first, with a cursor: ``?before=<message id>&limit=`` and the answer's ``next_before``
(null on the last page). The socket is ``entrypoints/http/chat/socket.py``; shapes are in
``docs/chat.md``.
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import State

from bigauto.domain.chat.conversations import (
    Conversation,
    ConversationSubject,
    Participant,
    overall_status,
)
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import ADMIN, USER, Principal
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.paging import pagination_json, paging
from bigauto.entrypoints.http.uploads import uploaded_file
from bigauto.services.chat.conversations import Chat, ConversationView
from bigauto.services.chat.frames import attachment_view, iso, message_view


@attrs.frozen
class OpenConversationBody:
    vehicle_id: str


@attrs.frozen
class SendMessageBody:
    content: str
    attachments: list[str] = attrs.Factory(list)
    client_id: str | None = None


@attrs.frozen
class EditMessageBody:
    content: str


@attrs.frozen
class ReadBody:
    up_to_message_id: str


def _chat(state: State) -> Chat:
    chat: Chat = state.container.chat()
    return chat


def _window(page: int, limit: int) -> tuple[int, int]:
    page, limit = paging(page, limit)
    return limit, (page - 1) * limit


def participant_json(p: Participant) -> dict[str, Any]:
    return {
        "user_id": p.user_id,
        "role": p.role.value,
        "joined_at": iso(p.joined_at),
        "last_read_message_id": p.last_read_message_id,
        "last_read_at": iso(p.last_read_at),
    }


def conversation_json(c: Conversation, view: ConversationView | None = None) -> dict[str, Any]:
    order = {"kind": c.subject.order_kind, "id": c.subject.order_id} if c.subject.order_id else None
    answer: dict[str, Any] = {
        "id": c.id,
        "vehicle_id": c.subject.vehicle_id,
        "order": order,
        "customer_id": c.customer_id,
        "seller_id": c.seller_id,
        "participants": [participant_json(p) for p in c.participants],
        "created_at": iso(c.created_at),
        "last_message_at": iso(c.last_message_at),
    }
    if view is not None:
        last = view.last_message
        answer["last_message"] = message_view(last) if last is not None else None
        answer["unread_count"] = view.unread
    return answer


class ConversationsController(Controller):
    """Conversations and their messages, for participants."""

    path = "/api/conversations"
    tags = ["chat"]
    dependencies = {"principal": USER}

    @post("", operation_id="openConversation", summary="Open (or find) the chat about a vehicle")
    async def open(
        self, body: bytes, state: State, principal: Principal
    ) -> Response[dict[str, Any]]:
        subject = ConversationSubject(decode(body, OpenConversationBody).vehicle_id)
        conversation, created = await _chat(state).open_conversation(principal.user_id, subject)
        return Response(conversation_json(conversation), status_code=201 if created else 200)

    @get("", operation_id="listConversations", summary="My conversations, latest first")
    async def list_mine(
        self, state: State, principal: Principal, page: int = 1, limit: int = 20
    ) -> dict[str, Any]:
        size, offset = _window(page, limit)
        views, total = await _chat(state).conversations(
            principal.user_id, limit=size, offset=offset
        )
        items = [conversation_json(v.conversation, v) for v in views]
        return pagination_json(items, page=page, limit=size, total=total)

    @get("/{conversation_id:str}", operation_id="getConversation")
    async def get_one(
        self, state: State, principal: Principal, conversation_id: str
    ) -> dict[str, Any]:
        return conversation_json(
            await _chat(state).conversation(principal.user_id, conversation_id)
        )

    @get(
        "/{conversation_id:str}/messages",
        operation_id="listMessages",
        summary="History, newest first; `before` is the cursor",
    )
    async def history(
        self,
        state: State,
        principal: Principal,
        conversation_id: str,
        before: str | None = None,
        limit: int = 50,
    ) -> dict[str, Any]:
        if not 1 <= limit <= 100:
            raise ValidationFailed("limit is 1–100", details={"limit": limit})
        conversation, found = await _chat(state).history(
            principal.user_id, conversation_id, before=before, limit=limit
        )
        others = [p for p in conversation.participants if p.user_id != principal.user_id]
        data = []
        for message in found:
            view = message_view(message)
            if message.sender_id == principal.user_id:
                view["status"] = overall_status(message, others).value
            data.append(view)
        next_before = found[-1].id if len(found) == limit else None
        return {"data": data, "next_before": next_before}

    @post(
        "/{conversation_id:str}/messages",
        operation_id="sendMessage",
        opt={"rate_category": "chat_messages"},
    )
    async def send(
        self, body: bytes, state: State, principal: Principal, conversation_id: str
    ) -> Response[dict[str, Any]]:
        message = decode(body, SendMessageBody)
        sent = await _chat(state).send(
            principal.user_id,
            conversation_id,
            message.content,
            client_id=message.client_id,
            attachment_ids=message.attachments,
        )
        return Response(message_view(sent.message), status_code=201 if sent.created else 200)

    @patch("/{conversation_id:str}/messages/{message_id:str}", operation_id="editMessage")
    async def edit(
        self, body: bytes, state: State, principal: Principal, conversation_id: str, message_id: str
    ) -> dict[str, Any]:
        content = decode(body, EditMessageBody).content
        edited = await _chat(state).edit(principal.user_id, conversation_id, message_id, content)
        return message_view(edited)

    @delete(
        "/{conversation_id:str}/messages/{message_id:str}",
        operation_id="deleteMessage",
        status_code=200,
    )
    async def remove(
        self, state: State, principal: Principal, conversation_id: str, message_id: str
    ) -> dict[str, Any]:
        deleted = await _chat(state).delete(principal.user_id, conversation_id, message_id)
        return message_view(deleted)

    @post("/{conversation_id:str}/read", operation_id="markConversationRead", status_code=200)
    async def read(
        self, body: bytes, state: State, principal: Principal, conversation_id: str
    ) -> dict[str, Any]:
        up_to = decode(body, ReadBody).up_to_message_id
        me = await _chat(state).mark_read(principal.user_id, conversation_id, up_to)
        return {"conversation_id": conversation_id, **participant_json(me)}

    @post(
        "/{conversation_id:str}/attachments",
        operation_id="uploadChatAttachment",
        summary="Upload an image or PDF (multipart, field `file`) for a later message",
        opt={"rate_category": "upload"},
        status_code=201,
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Principal,
        conversation_id: str,
    ) -> dict[str, Any]:
        upload = await uploaded_file(request, "upload as multipart/form-data, field `file`")
        attachment = await _chat(state).upload_attachment(
            principal.user_id, conversation_id, await upload.read(), name=upload.filename
        )
        return attachment_view(attachment)

    @post(
        "/{conversation_id:str}/participants",
        operation_id="joinConversationAsAdmin",
        summary="An admin joins the conversation (support, disputes)",
        dependencies={"principal": ADMIN},
        status_code=200,
    )
    async def join(
        self, state: State, principal: Principal, conversation_id: str
    ) -> dict[str, Any]:
        joined = await _chat(state).join_as_admin(principal.user_id, conversation_id)
        return conversation_json(joined)


class MessageSearchController(Controller):
    """Search in the messages of my conversations."""

    path = "/api/messages"
    tags = ["chat"]
    dependencies = {"principal": USER}

    @get("/search", operation_id="searchMessages")
    async def search(
        self, state: State, principal: Principal, q: str = "", page: int = 1, limit: int = 20
    ) -> dict[str, Any]:
        size, offset = _window(page, limit)
        found, total = await _chat(state).search(principal.user_id, q, limit=size, offset=offset)
        return pagination_json([message_view(m) for m in found], page=page, limit=size, total=total)


class ChatStatsController(Controller):
    """One's chat figures."""

    path = "/api/users/me/chat-stats"
    tags = ["chat"]
    dependencies = {"principal": USER}

    @get("", operation_id="getMyChatStats")
    async def stats(self, state: State, principal: Principal) -> dict[str, int]:
        found = await _chat(state).stats(principal.user_id)
        return attrs.asdict(found)


__all__ = [
    "ChatStatsController",
    "ConversationsController",
    "MessageSearchController",
    "conversation_json",
]
