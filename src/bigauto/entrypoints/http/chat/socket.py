"""``WS /ws/chat/{conversation_id}``: the chat socket (its frames are the Structs of
``frames.py``, documented at ``/docs/asyncapi.json``; the session is ``services/chat/session.py``).

The token comes as ``?token=ACCESS`` or an ``Authorization: Bearer`` header and is checked as
on HTTP (signature, expiry, revocation). The socket is accepted first and then closed with an
application code, since a close before the handshake reaches browsers as a bare failure:

- ``4401``: no token, or a bad, expired or revoked one;
- ``4403``: the user is not a participant (or there is no such conversation);
- ``1009``: a frame larger than ``BIGAUTO_CHAT_MAX_FRAME_BYTES`` (16 KiB);
- ``1013``: the client reads too slowly and fell 1,000 frames behind (reconnect and catch up
  from the history).

A frame that is not JSON, or not one of the client frames, gets an ``error`` frame
(``INVALID_FRAME``, naming the field at fault) and the socket stays open; so does one the
session refuses (``INVALID_MESSAGE``, ``RATE_LIMITED``, ...). Error codes and close codes come
from the one error mapping, ``entrypoints/http/errors.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from litestar import WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect
from litestar.params import FromPath

from bigauto.domain.shared.errors import (
    DomainError,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthenticated,
)
from bigauto.entrypoints.http.auth import Principal, authenticate, bearer_token
from bigauto.entrypoints.http.chat.frames import (
    ErrorFrame,
    MarkRead,
    Ping,
    Pong,
    SendMessage,
    Typing,
    client_frame,
    encoded,
    server_text,
)
from bigauto.entrypoints.http.errors import problem_of
from bigauto.services.chat.hub import Member
from bigauto.services.chat.session import ChatSession

log = structlog.get_logger(__name__)


async def _principal(socket: WebSocket[Any, Any, Any]) -> Principal | None:
    token = socket.query_params.get("token") or bearer_token(socket)
    if not token:
        return None
    try:
        return await authenticate(socket, token)
    except Unauthenticated:
        return None


async def _close(socket: WebSocket[Any, Any, Any], error: DomainError, reason: str = "") -> None:
    """End the socket with the close code of ``error``'s kind (reason: its message)."""
    await socket.close(problem_of(error).close_code, reason or error.message)


async def _handle(session: ChatSession, data: str | bytes) -> None:
    """Act on one client frame; a refusal is raised as a ``DomainError``."""
    session.count_frame()
    match client_frame(data):
        case SendMessage() as message:
            await session.say(
                message.content, client_id=message.client_id, attachments=message.attachments
            )
        case Typing(is_typing=is_typing):
            await session.typing(is_typing)
        case MarkRead(message_id=message_id):
            await session.read(message_id)
        case Ping():
            await session.ping()
            session.member.offer(encoded(Pong()))


def _too_big(data: str | bytes, limit: int) -> bool:
    if len(data) <= limit // 4:  # four bytes per character at most
        return False
    size = len(data) if isinstance(data, bytes) else len(data.encode())
    return size > limit


async def _write(socket: WebSocket[Any, Any, Any], member: Member) -> None:
    """Send the member's frames in order until the socket goes or the member lags."""
    while True:
        text = await member.queue.get()
        # A member only overflows with a full queue, so this loop is awake to notice it.
        if member.overflowed:
            await _close(socket, ServiceUnavailable("too far behind; reconnect"))
            return
        await socket.send_data(server_text(text))


@websocket(
    "/ws/chat/{conversation_id:str}",
    opt={"rate_limit": False},
    name="chat_socket",
)
async def chat_socket(socket: WebSocket[Any, Any, Any], conversation_id: FromPath[str]) -> None:
    """The chat socket of one participant on one conversation."""
    await socket.accept()
    principal = await _principal(socket)
    if principal is None:
        await _close(socket, Unauthenticated("a valid access token is required"))
        return
    container = socket.app.state.container
    session: ChatSession = container.chat_session(
        user_id=principal.user_id, conversation_id=conversation_id
    )
    try:
        await session.open()
    except NotFound as hidden:
        await session.close()
        await _close(socket, hidden, "not a participant of this conversation")
        return
    writer = asyncio.create_task(_write(socket, session.member))
    try:
        await _read(socket, session, container.settings().chat.max_frame_bytes, writer)
    finally:
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
            await writer
        await session.close()


async def _read(
    socket: WebSocket[Any, Any, Any],
    session: ChatSession,
    max_bytes: int,
    writer: asyncio.Task[None],
) -> None:
    while not writer.done():
        try:
            event = await socket.receive()
        except WebSocketDisconnect:
            return
        if event["type"] != "websocket.receive":
            return  # the client went away
        data: str | bytes | None = event.get("text")
        if data is None:
            data = event.get("bytes") or b""
        if _too_big(data, max_bytes):
            await _close(socket, PayloadTooLarge(f"frames are at most {max_bytes} bytes"))
            return
        try:
            await _handle(session, data)
        except Exception as error:  # keep the socket; the client hears that this frame failed
            if not isinstance(error, DomainError):
                log.exception("chat frame failed", conversation_id=session.conversation_id)
            problem = problem_of(error, unexpected="the frame could not be handled")
            session.member.offer(encoded(ErrorFrame(code=problem.code, message=problem.message)))


__all__ = ["chat_socket"]
