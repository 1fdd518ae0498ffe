"""Notifications: the in-app inbox and who wants which emails."""
