"""Chat at the HTTP edge: conversations and messages over HTTP, and the chat socket."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.entrypoints.http.chat.asyncapi import asyncapi
from bigauto.entrypoints.http.chat.routes import (
    ChatStatsController,
    ConversationsController,
    MessageSearchController,
)
from bigauto.entrypoints.http.chat.socket import chat_socket


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """Every chat route (the same whatever the settings), and the socket's AsyncAPI document."""
    return [
        ConversationsController,
        MessageSearchController,
        ChatStatsController,
        chat_socket,
        asyncapi,
    ]


__all__ = ["route_handlers"]
