"""Identity: accounts, passwords, one-time secrets, token revocations, the audit log."""
