"""Errors of chat: messages, frames and the edit window."""

from __future__ import annotations

from bigauto.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed


class InvalidMessage(ValidationFailed):
    """A chat message's text is empty, too long, or carries control characters."""

    code = "INVALID_MESSAGE"


class InvalidFrame(ValidationFailed):
    """A WebSocket frame that is not JSON, not a known kind, or missing a field."""

    code = "INVALID_FRAME"


class NotMessageSender(PermissionDenied):
    """Only the sender of a chat message may edit or delete it."""

    code = "NOT_MESSAGE_SENDER"


class EditWindowClosed(Conflict):
    """A chat message can be edited or deleted only for a while after it was sent."""

    code = "EDIT_WINDOW_CLOSED"
