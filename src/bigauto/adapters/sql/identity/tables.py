"""Identity tables: refresh sessions, one-time secrets, the token blacklist and the audit log.

Secrets are stored as SHA-256 / HMAC digests (64 hex characters), never in the clear. The
blacklist and the audit log keep user ids without a foreign key on purpose: their rows must
outlive whatever happens to the account.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    func,
)

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    # Always stored normalised (trimmed, lower case), so a plain unique constraint is enough
    # for case-insensitive uniqueness on every database.
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("phone", String(32)),
    Column("password_hash", String(255), nullable=False),
    Column("email_verified", Boolean, nullable=False, default=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("business_name", String(200)),
    Column("seller_city_id", ID, ForeignKey("cities.id")),
    Column("locale", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False, server_default=func.now()),
)


DIGEST = String(64)

refresh_sessions = Table(
    "refresh_sessions",
    metadata,
    Column("token_id", ID, primary_key=True),
    Column("family_id", ID, nullable=False, index=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, index=True),
    Column("digest", DIGEST, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
    Column("ip", String(64)),
    Column("user_agent", String(400)),
)

one_time_secrets = Table(
    "one_time_secrets",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("purpose", String(32), nullable=False),
    Column("digest", DIGEST, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    Column("used_at", UtcDateTime),
    Index("uq_one_time_secrets_purpose_digest", "purpose", "digest", unique=True),
    Index("ix_one_time_secrets_user_id_purpose", "user_id", "purpose"),
)

# The seed's ``jwt_blacklist``: active, expiring, optionally permanent entries.
token_revocations = Table(
    "token_revocations",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("user_id", ID, nullable=False, index=True),
    Column("reason", String(64), nullable=False),
    Column("revoked_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, index=True),
    Column("permanent", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", ID, primary_key=True),
    Column("action", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("actor_id", ID),
    Column("ip", String(64)),
    Column("user_agent", String(400)),
    Column("details", Json, nullable=False),
    Index("ix_audit_log_actor_id_at", "actor_id", "at"),
)

__all__ = ["audit_log", "one_time_secrets", "refresh_sessions", "token_revocations"]
