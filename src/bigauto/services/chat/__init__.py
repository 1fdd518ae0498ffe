"""Chat: conversations, the live hub across instances, the socket session, its frames."""
