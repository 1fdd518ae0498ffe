"""``/docs/asyncapi.json``: the chat socket as an AsyncAPI 3 document.

One channel (``/ws/chat/{conversationId}``) with every frame of ``frames.py`` as a message;
two operations, from the server's side: it *receives* the client frames and *sends* the server
frames (AsyncAPI 3 operations name their messages through the channel). The payload schemas are
msgspec's JSON Schemas of the very Structs the socket decodes and encodes with.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec
from litestar import Request, get

import bigauto
from bigauto.entrypoints.http.chat.frames import CLIENT_FRAMES, SERVER_FRAMES, Frame

PATH = "/docs/asyncapi.json"
CHANNEL = "chat"
ADDRESS = "/ws/chat/{conversationId}"

_DESCRIPTION = """\
A participant's live view of one conversation. Authenticate with `?token=ACCESS` (or an \
`Authorization: Bearer` header). The server accepts, then closes with 4401 (no valid token), \
4403 (not a participant), 1009 (a frame over 16 KiB) or 1013 (the client fell 1,000 frames \
behind: reconnect and read the history). A refused frame gets an `error` frame and the socket \
stays open. Frames are JSON text; `type` tells them apart."""


def _summary(frame: type[Frame]) -> str:
    return " ".join((frame.__doc__ or "").split("\n\n", 1)[0].split())


def _messages() -> dict[str, Any]:
    return {
        frame.__name__: {
            "name": str(frame.__struct_config__.tag),
            "title": frame.__name__,
            "summary": _summary(frame),
            "contentType": "application/json",
            "payload": {"$ref": f"#/components/schemas/{frame.__name__}"},
        }
        for frame in (*CLIENT_FRAMES, *SERVER_FRAMES)
    }


def _operation(action: str, summary: str, frames: tuple[type[Frame], ...]) -> dict[str, Any]:
    return {
        "action": action,
        "summary": summary,
        "channel": {"$ref": f"#/channels/{CHANNEL}"},
        "messages": [{"$ref": f"#/channels/{CHANNEL}/messages/{f.__name__}"} for f in frames],
    }


@functools.cache
def _body() -> dict[str, Any]:
    """Everything but the server: the same for every request."""
    _, schemas = msgspec.json.schema_components(
        (*CLIENT_FRAMES, *SERVER_FRAMES), ref_template="#/components/schemas/{name}"
    )
    messages = _messages()
    return {
        "channels": {
            CHANNEL: {
                "address": ADDRESS,
                "title": "Chat",
                "description": _DESCRIPTION,
                "servers": [{"$ref": "#/servers/api"}],
                "parameters": {"conversationId": {"description": "The conversation's id"}},
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in messages},
            }
        },
        "operations": {
            "receiveClientFrame": _operation("receive", "What a participant sends", CLIENT_FRAMES),
            "sendServerFrame": _operation(
                "send", "What the server sends a participant", SERVER_FRAMES
            ),
        },
        "components": {
            "schemas": schemas,
            "messages": messages,
            "securitySchemes": {
                "token": {
                    "type": "httpApiKey",
                    "name": "token",
                    "in": "query",
                    "description": "The access token from /api/auth/login",
                },
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            },
        },
    }


def asyncapi_document(host: str, secure: bool = False) -> dict[str, Any]:
    """The document, its server at ``host`` (``wss`` when ``secure``)."""
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "bigauto chat",
            "version": bigauto.__version__,
            "description": "The chat WebSocket. The HTTP API is at /docs/openapi.json.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "api": {
                "host": host,
                "protocol": "wss" if secure else "ws",
                "security": [
                    {"$ref": "#/components/securitySchemes/token"},
                    {"$ref": "#/components/securitySchemes/bearerAuth"},
                ],
            }
        },
        **_body(),
    }


@get(PATH, include_in_schema=False, name="asyncapi", sync_to_thread=False)
def asyncapi(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The chat socket's AsyncAPI 3 document."""
    return asyncapi_document(request.url.netloc, secure=request.url.scheme == "https")


__all__ = ["ADDRESS", "PATH", "asyncapi", "asyncapi_document"]
