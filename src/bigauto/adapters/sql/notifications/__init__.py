"""SQL tables and repositories of notifications: inbox, preferences, chat emails."""
