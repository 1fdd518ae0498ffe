"""The composition root: picks an adapter for every port from the settings.

Two scopes, as in the models we follow: this application-scope container holds long-lived
clients (engine, bus, hasher); per-command objects (a unit of work) come from factories on it.
Clients are created when resources are initialised (``await container.init_resources()``,
done by the HTTP lifespan and the CLI) and closed by ``shutdown_resources()``; nothing connects
at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.memory.bus import InProcessEventBus
from bigauto.adapters.memory.system import SecretsRandom, SystemClock, UuidV7Generator
from bigauto.adapters.probes import Readiness, database_probe, nats_probe, redis_probe
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.config import Settings


async def _engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


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

    engine = providers.Resource(_engine, settings)
    uow_factory = providers.Singleton(SqlUnitOfWorkFactory, engine)
    event_bus = providers.Singleton(InProcessEventBus)
    password_hasher = providers.Singleton(Argon2PasswordHasher)

    readiness = providers.Singleton(_readiness, settings, engine)


def build_container(settings: Settings | None = None) -> Container:
    """A container for ``settings`` (default: from the environment)."""
    return Container(settings=settings or Settings.from_env())


__all__ = ["Container", "build_container"]
