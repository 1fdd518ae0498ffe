"""Ports of chat: conversations and messages, presence."""
