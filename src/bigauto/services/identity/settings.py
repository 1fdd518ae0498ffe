"""Identity's settings: how tokens are signed and passwords hashed (``JWT_*``, Argon2)."""

from __future__ import annotations

from pathlib import Path

import attrs

from bigauto.services.shared.settings import ConfigError, setting

#: Signs development tokens when ``JWT_SECRET`` is unset; production refuses to run on it.
DEV_JWT_SECRET = "bigauto-development-secret-do-not-use-in-production"
ASYMMETRIC_JWT_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA"})
JWT_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"}) | ASYMMETRIC_JWT_ALGORITHMS
# OWASP's minimum for Argon2id; settings may raise them, never lower them.
ARGON2_MIN_MEMORY_KIB = 19 * 1024
ARGON2_MIN_TIME_COST = 2


def pem_key(name: str, raw: str) -> str:
    """A PEM key given inline (``-----BEGIN ...``, ``\\n`` allowed) or as a file path."""
    if "-----BEGIN" in raw:
        return raw.replace("\\n", "\n")
    try:
        return Path(raw).read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{name} is neither a PEM key nor a readable file: {error}") from None


@attrs.frozen
class IdentitySettings:
    """Access and refresh tokens (lifetimes in seconds), password hashing and revocations."""

    jwt_secret: str | None = setting(env="JWT_SECRET", default=None)
    jwt_access_expiry: int = setting(env="JWT_ACCESS_TOKEN_EXPIRY", default=900, low=1)
    jwt_refresh_expiry: int = setting(env="JWT_REFRESH_TOKEN_EXPIRY", default=7 * 24 * 3600, low=1)
    jwt_issuer: str = setting(env="JWT_ISSUER", default="bigauto")
    jwt_audience: str = setting(env="JWT_AUDIENCE", default="bigauto-api")
    jwt_algorithm: str = setting(
        env="JWT_ALGORITHM", default="HS256", choices=JWT_ALGORITHMS, case="exact"
    )
    jwt_private_key: str | None = setting(env="JWT_PRIVATE_KEY", default=None, parse=pem_key)
    jwt_public_key: str | None = setting(env="JWT_PUBLIC_KEY", default=None, parse=pem_key)

    argon2_memory_kib: int = setting(
        env="BIGAUTO_ARGON2_MEMORY_KIB", default=ARGON2_MIN_MEMORY_KIB, low=ARGON2_MIN_MEMORY_KIB
    )
    argon2_time_cost: int = setting(
        env="BIGAUTO_ARGON2_TIME_COST", default=ARGON2_MIN_TIME_COST, low=ARGON2_MIN_TIME_COST
    )
    argon2_parallelism: int = setting(env="BIGAUTO_ARGON2_PARALLELISM", default=1, low=1, high=64)
    #: Seconds a revoked token's marker stays cached in Redis in front of the database.
    blacklist_cache_ttl: int = setting(env="BIGAUTO_BLACKLIST_CACHE_TTL", default=300, low=1)

    @property
    def uses_key_pair(self) -> bool:
        """Whether tokens are signed with a private key (RS/ES/EdDSA) rather than a secret."""
        return self.jwt_algorithm in ASYMMETRIC_JWT_ALGORITHMS

    @property
    def effective_jwt_secret(self) -> str:
        return self.jwt_secret or DEV_JWT_SECRET

    def check(self) -> None:
        if self.uses_key_pair and not (self.jwt_private_key and self.jwt_public_key):
            raise ConfigError(
                f"JWT_ALGORITHM={self.jwt_algorithm} needs JWT_PRIVATE_KEY and JWT_PUBLIC_KEY (PEM)"
            )


__all__ = [
    "ARGON2_MIN_MEMORY_KIB",
    "ARGON2_MIN_TIME_COST",
    "ASYMMETRIC_JWT_ALGORITHMS",
    "DEV_JWT_SECRET",
    "JWT_ALGORITHMS",
    "IdentitySettings",
    "pem_key",
]
