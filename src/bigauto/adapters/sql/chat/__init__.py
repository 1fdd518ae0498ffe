"""SQL tables and repositories of chat: conversations, messages, attachments."""
