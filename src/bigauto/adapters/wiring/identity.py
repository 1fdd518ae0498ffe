"""Identity's providers: password hashing, tokens, revocations, rate limits, the use cases.

Revocations and rate limits live in Redis when ``REDIS_URL`` is set (global across instances);
otherwise revocations are read from the database and rate limits are kept in process.
"""

from __future__ import annotations

import redis.asyncio as redis
from dependency_injector import providers

from bigauto.adapters.memory.ratelimit import MemoryRateLimiter
from bigauto.adapters.redis import RedisRateLimiter, RedisTokenBlacklist
from bigauto.adapters.security.blacklist import DatabaseTokenBlacklist
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.adapters.wiring.shared import Shared
from bigauto.ports.identity.security import RateLimiter, TokenBlacklist
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.services.identity.context import Identity, IdentityConfig
from bigauto.services.identity.settings import IdentitySettings


def _token_service(identity: IdentitySettings, ids: IdGenerator) -> JwtTokenService:
    return JwtTokenService(
        secret=identity.effective_jwt_secret,
        ids=ids,
        issuer=identity.jwt_issuer,
        audience=identity.jwt_audience,
        access_ttl=identity.jwt_access_expiry,
        refresh_ttl=identity.jwt_refresh_expiry,
        algorithm=identity.jwt_algorithm,
        private_key=identity.jwt_private_key,
        public_key=identity.jwt_public_key,
    )


def _rate_limiter(redis_client: redis.Redis | None, clock: Clock) -> RateLimiter:
    if redis_client is None:
        return MemoryRateLimiter(clock)
    return RedisRateLimiter(redis_client, clock)


def _token_blacklist(
    identity: IdentitySettings,
    redis_client: redis.Redis | None,
    uow_factory: SqlUnitOfWorkFactory,
    clock: Clock,
) -> TokenBlacklist:
    if redis_client is None:
        return DatabaseTokenBlacklist(uow_factory, clock)
    return RedisTokenBlacklist(
        redis_client, uow_factory, clock, marker_ttl=identity.blacklist_cache_ttl
    )


def _identity_config(identity: IdentitySettings) -> IdentityConfig:
    # The login-code HMAC key: the JWT secret, or the private key when signing with a pair.
    key = identity.jwt_secret or identity.jwt_private_key or identity.effective_jwt_secret
    return IdentityConfig(secret_key=key)


class IdentityProviders(Shared):
    """Accounts, sessions and who may call how often."""

    password_hasher = providers.Singleton(
        Argon2PasswordHasher,
        memory_kib=Shared.settings.provided.identity.argon2_memory_kib,
        time_cost=Shared.settings.provided.identity.argon2_time_cost,
        parallelism=Shared.settings.provided.identity.argon2_parallelism,
    )
    token_service = providers.Singleton(
        _token_service, Shared.settings.provided.identity, Shared.ids
    )
    rate_limiter = providers.Singleton(_rate_limiter, Shared.redis_client, Shared.clock)
    token_blacklist = providers.Singleton(
        _token_blacklist,
        Shared.settings.provided.identity,
        Shared.redis_client,
        Shared.uow_factory,
        Shared.clock,
    )
    identity = providers.Singleton(
        Identity,
        uow_factory=Shared.uow_factory,
        hasher=password_hasher,
        tokens=token_service,
        blacklist=token_blacklist,
        clock=Shared.clock,
        ids=Shared.ids,
        random=Shared.random,
        config=providers.Singleton(_identity_config, Shared.settings.provided.identity),
    )


__all__ = ["IdentityProviders"]
