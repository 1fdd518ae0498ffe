"""Ports of notifications: the inbox, preferences, chat email windows."""
