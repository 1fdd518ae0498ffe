"""In-memory chat: conversations and messages, and who is online."""
