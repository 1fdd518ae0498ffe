"""In-memory repositories of identity: users, secrets, revocations, the audit log."""
