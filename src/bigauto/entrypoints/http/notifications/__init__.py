"""HTTP routes of notifications: the inbox and email preferences."""
