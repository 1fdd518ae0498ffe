"""The composition root: picks an adapter for every port from the settings.

Two scopes, as in the models we follow: this application-scope container holds long-lived
clients (engine, bus, hasher); per-command objects (a unit of work) come from factories on it.
Clients are created lazily on first use and closed by :func:`aclose` (the HTTP lifespan and the
CLI call it in ``finally``); nothing connects at import time.
"""

from __future__ import annotations

from typing import Any

import httpx
from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.local.mailbox import FileMailbox
from bigauto.adapters.memory import InProcessEventBus, SecretsRandom, SystemClock, UuidV7Generator
from bigauto.adapters.memory.ratelimit import MemoryRateLimiter
from bigauto.adapters.probes import Readiness, database_probe, nats_probe, redis_probe
from bigauto.adapters.security.blacklist import DatabaseTokenBlacklist
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.config import Settings
from bigauto.ports.external import EmailSender
from bigauto.ports.security import RateLimiter, TokenBlacklist
from bigauto.ports.system import Clock
from bigauto.services.identity import Identity, IdentityConfig
from bigauto.services.notifications_email import EmailNotifications


def _readiness(settings: Settings, engine: AsyncEngine) -> Readiness:
    probes = [("database", database_probe(engine))]
    if settings.redis_url:
        probes.append(("redis", redis_probe(settings.redis_url)))
    if settings.nats_url:
        probes.append(("nats", nats_probe(settings.nats_url)))
    return Readiness(tuple(probes))


def _redis(settings: Settings) -> Any:
    """One Redis client (a connection pool) for the process, or None without ``REDIS_URL``."""
    if not settings.redis_url:
        return None
    import redis.asyncio as redis

    # Short timeouts: a rate-limit check waiting on a dead Redis should fail fast (and closed).
    return redis.from_url(settings.redis_url, socket_connect_timeout=0.5, socket_timeout=0.5)


def _rate_limiter(settings: Settings, redis: Any, clock: Clock) -> RateLimiter:
    if redis is None:
        return MemoryRateLimiter(clock)
    from bigauto.adapters.redis.ratelimit import RedisRateLimiter

    return RedisRateLimiter(redis, clock)


def _token_blacklist(
    settings: Settings, redis: Any, uow_factory: SqlUnitOfWorkFactory, clock: Clock
) -> TokenBlacklist:
    if redis is None:
        return DatabaseTokenBlacklist(uow_factory, clock)
    from bigauto.adapters.redis.blacklist import RedisTokenBlacklist

    return RedisTokenBlacklist(redis, uow_factory, clock, marker_ttl=settings.blacklist_cache_ttl)


def _email_sender(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> EmailSender:
    if not settings.resend_api_key:
        return FileMailbox(settings.var_dir / "mailbox", clock)
    from bigauto.adapters.resend import ResendEmailSender

    return ResendEmailSender(
        api_key=settings.resend_api_key,
        from_email=settings.resend_from_email,
        base_url=settings.resend_base_url,
        client=http,
    )


def _token_service(settings: Settings, ids: UuidV7Generator) -> JwtTokenService:
    return JwtTokenService(
        secret=settings.effective_jwt_secret,
        ids=ids,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl=settings.jwt_access_expiry,
        refresh_ttl=settings.jwt_refresh_expiry,
        algorithm=settings.jwt_algorithm,
        private_key=settings.jwt_private_key,
        public_key=settings.jwt_public_key,
    )


def _identity_config(settings: Settings) -> IdentityConfig:
    # The login-code HMAC key: the JWT secret, or the private key when signing with a pair.
    key = settings.jwt_secret or settings.jwt_private_key or settings.effective_jwt_secret
    return IdentityConfig(secret_key=key)


class Container(containers.DeclarativeContainer):
    """Application scope. Build with :func:`build_container`."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UuidV7Generator)
    random = providers.Singleton(SecretsRandom)

    engine = providers.Singleton(create_engine, settings.provided.database_url)
    uow_factory = providers.Singleton(SqlUnitOfWorkFactory, engine)
    # Failed handlers make the outbox relay retry the event (see InProcessEventBus).
    event_bus = providers.Singleton(InProcessEventBus, redeliver_failures=True)
    password_hasher = providers.Singleton(
        Argon2PasswordHasher,
        memory_kib=settings.provided.argon2_memory_kib,
        time_cost=settings.provided.argon2_time_cost,
        parallelism=settings.provided.argon2_parallelism,
    )
    token_service = providers.Singleton(_token_service, settings, ids)

    redis = providers.Singleton(_redis, settings)
    http_client = providers.Singleton(httpx.AsyncClient, timeout=10.0)
    rate_limiter = providers.Singleton(_rate_limiter, settings, redis, clock)
    token_blacklist = providers.Singleton(_token_blacklist, settings, redis, uow_factory, clock)
    email_sender = providers.Singleton(_email_sender, settings, http_client, clock)
    email_notifications = providers.Singleton(
        EmailNotifications, email_sender, frontend_url=settings.provided.frontend_url
    )
    identity = providers.Singleton(
        Identity,
        uow_factory=uow_factory,
        hasher=password_hasher,
        tokens=token_service,
        blacklist=token_blacklist,
        clock=clock,
        ids=ids,
        random=random,
        config=providers.Singleton(_identity_config, settings),
    )

    readiness = providers.Singleton(_readiness, settings, engine)


def build_container(settings: Settings | None = None) -> Container:
    """A container for ``settings`` (default: from the environment)."""
    return Container(settings=settings or Settings.from_env())


async def aclose(container: Container) -> None:
    """Close every client the container opened; safe to call more than once."""
    engine: AsyncEngine = container.engine()
    await engine.dispose()
    container.engine.reset()
    redis = container.redis()
    if redis is not None:
        await redis.aclose()
    container.redis.reset()
    container.rate_limiter.reset()
    container.token_blacklist.reset()
    http: httpx.AsyncClient = container.http_client()
    await http.aclose()
    container.http_client.reset()
    container.email_sender.reset()
    container.email_notifications.reset()


__all__ = ["Container", "aclose", "build_container"]
