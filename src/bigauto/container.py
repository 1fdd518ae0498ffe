"""The composition root: picks an adapter for every port from the settings.

Two scopes, as in the models we follow: this application-scope container holds long-lived
clients (engine, bus, hasher); per-command objects (a unit of work) come from factories on it.
Clients are created lazily on first use and closed by :func:`aclose` (the HTTP lifespan and the
CLI call it in ``finally``); nothing connects at import time.
"""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.memory import InProcessEventBus, SecretsRandom, SystemClock, UuidV7Generator
from bigauto.adapters.probes import Readiness, database_probe, nats_probe, redis_probe
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.config import Settings


def _readiness(settings: Settings, engine: AsyncEngine) -> Readiness:
    probes = [("database", database_probe(engine))]
    if settings.redis_url:
        probes.append(("redis", redis_probe(settings.redis_url)))
    if settings.nats_url:
        probes.append(("nats", nats_probe(settings.nats_url)))
    return Readiness(tuple(probes))


class Container(containers.DeclarativeContainer):
    """Application scope. Build with :func:`build_container`."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UuidV7Generator)
    random = providers.Singleton(SecretsRandom)

    engine = providers.Singleton(create_engine, settings.provided.database_url)
    uow_factory = providers.Singleton(SqlUnitOfWorkFactory, engine)
    event_bus = providers.Singleton(InProcessEventBus)
    password_hasher = providers.Singleton(Argon2PasswordHasher)
    token_service = providers.Singleton(
        JwtTokenService,
        secret=settings.provided.effective_jwt_secret,
        ids=ids,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        access_ttl=settings.provided.jwt_access_expiry,
        refresh_ttl=settings.provided.jwt_refresh_expiry,
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


__all__ = ["Container", "aclose", "build_container"]
