"""SQL tables and repositories of identity: users, secrets, revocations, audit log."""
