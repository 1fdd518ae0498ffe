"""Notifications: the worker's handlers and emails, their rules and words, the inbox."""
