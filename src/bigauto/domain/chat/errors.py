"""Errors of chat: messages, frames and the edit window."""

from __future__ import annotations

from bigauto.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed


class InvalidMessage(ValidationFailed, code="INVALID_MESSAGE"):
    """A chat message's text is empty, too long, or carries control characters."""


class InvalidFrame(ValidationFailed, code="INVALID_FRAME"):
    """A WebSocket frame that is not JSON, not a known kind, or missing a field."""


class NotMessageSender(PermissionDenied, code="NOT_MESSAGE_SENDER"):
    """Only the sender of a chat message may edit or delete it."""


class EditWindowClosed(Conflict, code="EDIT_WINDOW_CLOSED"):
    """A chat message can be edited or deleted only for a while after it was sent."""
