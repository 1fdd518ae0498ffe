"""Identity tables: refresh sessions, one-time secrets, the token blacklist and the audit log.

Secrets are stored as SHA-256 / HMAC digests (64 hex characters), never in the clear. The
blacklist and the audit log keep user ids without a foreign key on purpose: their rows must
outlive whatever happens to the account.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Index, Integer, String, func

from bigauto.adapters.sql._columns import instant, keyed_table, reference, table
from bigauto.adapters.sql.tables import ID
from bigauto.adapters.sql.types import Json

users = keyed_table(
    "users",
    # Always stored normalised (trimmed, lower case), so a plain unique constraint is enough
    # for case-insensitive uniqueness on every database.
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("phone", String(32)),
    Column("password_hash", String(255), nullable=False),
    Column("email_verified", Boolean, nullable=False, default=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("business_name", String(200)),
    reference("seller_city_id", "cities", nullable=True),
    Column("locale", String(16), nullable=False),
    instant("created_at"),
    instant("updated_at", server_default=func.now()),
)


DIGEST = String(64)


def _client() -> list[Column[Any]]:
    """Where the request came from: its IP address and user agent, when known."""
    return [Column("ip", String(64)), Column("user_agent", String(400))]


refresh_sessions = table(
    "refresh_sessions",
    Column("token_id", ID, primary_key=True),
    Column("family_id", ID, nullable=False, index=True),
    reference("user_id", "users", index=True),
    Column("digest", DIGEST, nullable=False),
    instant("created_at"),
    instant("expires_at"),
    instant("used_at", nullable=True),
    instant("revoked_at", nullable=True),
    *_client(),
)

one_time_secrets = keyed_table(
    "one_time_secrets",
    reference("user_id", "users"),
    Column("purpose", String(32), nullable=False),
    Column("digest", DIGEST, nullable=False),
    instant("created_at"),
    instant("expires_at"),
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    instant("used_at", nullable=True),
    Index("uq_one_time_secrets_purpose_digest", "purpose", "digest", unique=True),
    Index("ix_one_time_secrets_user_id_purpose", "user_id", "purpose"),
)

# The seed's ``jwt_blacklist``: active, expiring, optionally permanent entries.
token_revocations = table(
    "token_revocations",
    Column("key", String(100), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("user_id", ID, nullable=False, index=True),
    Column("reason", String(64), nullable=False),
    instant("revoked_at"),
    instant("expires_at", nullable=True, index=True),
    Column("permanent", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
)

audit_log = keyed_table(
    "audit_log",
    Column("action", String(64), nullable=False),
    instant("at", index=True),
    Column("actor_id", ID),
    *_client(),
    Column("details", Json, nullable=False),
    Index("ix_audit_log_actor_id_at", "actor_id", "at"),
)

__all__ = ["audit_log", "one_time_secrets", "refresh_sessions", "token_revocations"]
