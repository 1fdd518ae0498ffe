"""Chat over HTTP: ``/api/conversations``, ``/api/messages/search``, ``/api/users/me/chat-stats``.

Only participants see a conversation: anyone else gets 404, as if it did not exist. History is
newest first, with a cursor: ``?before=<message id>&limit=`` and the answer's ``next_before``
(null on the last page). Bodies and answers are the Structs of ``views.py``; the socket is
``socket.py``.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post
from litestar.datastructures import State
from litestar.enums import RequestEncodingType
from litestar.params import Body, JSONBody, QueryParameter

from bigauto.domain.chat.conversations import ConversationSubject, overall_status
from bigauto.entrypoints.http.auth import ADMIN, USER, Caller
from bigauto.entrypoints.http.chat.views import (
    AttachmentUpload,
    AttachmentView,
    ChatStatsView,
    ConversationSummaryView,
    ConversationView,
    EditMessageBody,
    MessageHistoryView,
    MessageView,
    OpenConversationBody,
    ReadBody,
    ReadMarkView,
    SendMessageBody,
    attachment_view,
    conversation_summary_view,
    conversation_view,
    history_message_view,
    message_view,
    read_mark_view,
)
from bigauto.entrypoints.http.contract import Id, PageNumber, PageSize, PathId, copied, queried
from bigauto.entrypoints.http.paging import Paged, paged
from bigauto.entrypoints.http.uploads import multipart_only
from bigauto.services.chat.conversations import Chat

_UPLOAD_HOW = "upload as multipart/form-data, field `file`"

#: ``?before=``: the history cursor, a message id (the last page's ``next_before``).
Before = Annotated[
    Id | None,
    queried(
        Id, description="Only messages older than this one (the previous page's `next_before`)"
    ),
]
#: ``?q=``: what to look for in messages.
SearchText = Annotated[
    str,
    QueryParameter(
        min_length=1,
        max_length=200,
        description="Text to find (case-insensitive, 1 to 200 characters)",
    ),
]


def _chat(state: State) -> Chat:
    chat: Chat = state.container.chat()
    return chat


class ConversationsController(Controller):
    """Conversations and their messages, for participants."""

    path = "/api/conversations"
    tags = ["chat"]
    dependencies = {"principal": USER}

    @post("", operation_id="openConversation", summary="Open (or find) the chat about a vehicle")
    async def open(
        self, data: JSONBody[OpenConversationBody], state: State, principal: Caller
    ) -> Response[ConversationView]:
        subject = ConversationSubject(data.vehicle_id)
        conversation, created = await _chat(state).open_conversation(principal.user_id, subject)
        return Response(conversation_view(conversation), status_code=201 if created else 200)

    @get("", operation_id="listConversations", summary="My conversations, latest first")
    async def list_mine(
        self, state: State, principal: Caller, page: PageNumber = 1, limit: PageSize = 20
    ) -> Paged[ConversationSummaryView]:
        views, total = await _chat(state).conversations(
            principal.user_id, limit=limit, offset=(page - 1) * limit
        )
        items = [conversation_summary_view(v) for v in views]
        return paged(items, page=page, limit=limit, total=total)

    @get("/{conversation_id:str}", operation_id="getConversation")
    async def get_one(
        self, state: State, principal: Caller, conversation_id: PathId
    ) -> ConversationView:
        found = await _chat(state).conversation(principal.user_id, conversation_id)
        return conversation_view(found)

    @get(
        "/{conversation_id:str}/messages",
        operation_id="listMessages",
        summary="History, newest first; `before` is the cursor",
    )
    async def history(
        self,
        state: State,
        principal: Caller,
        conversation_id: PathId,
        before: Before = None,
        limit: PageSize = 50,
    ) -> MessageHistoryView:
        conversation, found = await _chat(state).history(
            principal.user_id, conversation_id, before=before, limit=limit
        )
        others = [p for p in conversation.participants if p.user_id != principal.user_id]
        data = [
            history_message_view(
                m, overall_status(m, others) if m.sender_id == principal.user_id else None
            )
            for m in found
        ]
        next_before = found[-1].id if len(found) == limit else None
        return MessageHistoryView(data=data, next_before=next_before)

    @post(
        "/{conversation_id:str}/messages",
        operation_id="sendMessage",
        summary="Send a message (201; 200 with the same message for a resent `client_id`)",
        opt={"rate_category": "chat_messages"},
    )
    async def send(
        self,
        data: JSONBody[SendMessageBody],
        state: State,
        principal: Caller,
        conversation_id: PathId,
    ) -> Response[MessageView]:
        sent = await _chat(state).send(
            principal.user_id,
            conversation_id,
            data.content,
            client_id=data.client_id,
            attachment_ids=data.attachments,
        )
        return Response(message_view(sent.message), status_code=201 if sent.created else 200)

    @patch("/{conversation_id:str}/messages/{message_id:str}", operation_id="editMessage")
    async def edit(
        self,
        data: JSONBody[EditMessageBody],
        state: State,
        principal: Caller,
        conversation_id: PathId,
        message_id: PathId,
    ) -> MessageView:
        chat = _chat(state)
        edited = await chat.edit(principal.user_id, conversation_id, message_id, data.content)
        return message_view(edited)

    @delete(
        "/{conversation_id:str}/messages/{message_id:str}",
        operation_id="deleteMessage",
        status_code=200,
    )
    async def remove(
        self, state: State, principal: Caller, conversation_id: PathId, message_id: PathId
    ) -> MessageView:
        deleted = await _chat(state).delete(principal.user_id, conversation_id, message_id)
        return message_view(deleted)

    @post("/{conversation_id:str}/read", operation_id="markConversationRead", status_code=200)
    async def read(
        self, data: JSONBody[ReadBody], state: State, principal: Caller, conversation_id: PathId
    ) -> ReadMarkView:
        chat = _chat(state)
        me = await chat.mark_read(principal.user_id, conversation_id, data.up_to_message_id)
        return read_mark_view(conversation_id, me)

    @post(
        "/{conversation_id:str}/attachments",
        operation_id="uploadChatAttachment",
        summary="Upload an image or PDF (multipart, field `file`) for a later message",
        opt={"rate_category": "upload"},
        status_code=201,
        before_request=multipart_only(_UPLOAD_HOW),
    )
    async def upload(
        self,
        data: Annotated[AttachmentUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        state: State,
        principal: Caller,
        conversation_id: PathId,
    ) -> AttachmentView:
        attachment = await _chat(state).upload_attachment(
            principal.user_id, conversation_id, await data.file.read(), name=data.file.filename
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
        self, state: State, principal: Caller, conversation_id: PathId
    ) -> ConversationView:
        joined = await _chat(state).join_as_admin(principal.user_id, conversation_id)
        return conversation_view(joined)


class MessageSearchController(Controller):
    """Search in the messages of my conversations."""

    path = "/api/messages"
    tags = ["chat"]
    dependencies = {"principal": USER}

    @get("/search", operation_id="searchMessages", summary="Find text in my conversations")
    async def search(
        self,
        state: State,
        principal: Caller,
        q: SearchText,
        page: PageNumber = 1,
        limit: PageSize = 20,
    ) -> Paged[MessageView]:
        chat = _chat(state)
        found, total = await chat.search(
            principal.user_id, q, limit=limit, offset=(page - 1) * limit
        )
        return paged([message_view(m) for m in found], page=page, limit=limit, total=total)


class ChatStatsController(Controller):
    """One's chat figures."""

    path = "/api/users/me/chat-stats"
    tags = ["chat"]
    dependencies = {"principal": USER}

    @get("", operation_id="getMyChatStats", summary="My conversations, messages and unread")
    async def stats(self, state: State, principal: Caller) -> ChatStatsView:
        found = await _chat(state).stats(principal.user_id)
        return copied(ChatStatsView, found)


__all__ = ["ChatStatsController", "ConversationsController", "MessageSearchController"]
