"""Ports of identity: users, secrets, revocations, audit log; passwords, tokens, rate limits."""
