"""In-memory repositories of notifications: inbox, preferences, chat email windows."""
