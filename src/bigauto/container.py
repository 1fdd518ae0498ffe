"""The composition root: picks an adapter for every port from the settings.

Two scopes, as in the models we follow: this application-scope container holds long-lived
clients (engine, bus, hasher); per-command objects (a unit of work) come from factories on it.
Clients are created lazily on first use and closed by :func:`aclose` (the HTTP lifespan and the
CLI call it in ``finally``); nothing connects at import time.
"""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.cloudinary import (
    CloudinaryCredentials,
    CloudinaryMediaStorage,
    parse_cloudinary_url,
)
from bigauto.adapters.local.geocoder import CityCentreGeocoder
from bigauto.adapters.local.media import LocalMediaStorage
from bigauto.adapters.memory import InProcessEventBus, SecretsRandom, SystemClock, UuidV7Generator
from bigauto.adapters.nominatim import NominatimGeocoder
from bigauto.adapters.probes import Readiness, database_probe, nats_probe, redis_probe
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.search import SqlSearchReader
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.config import Settings
from bigauto.ports import Clock, Geocoder, MediaStorage


def _readiness(settings: Settings, engine: AsyncEngine) -> Readiness:
    probes = [("database", database_probe(engine))]
    if settings.redis_url:
        probes.append(("redis", redis_probe(settings.redis_url)))
    if settings.nats_url:
        probes.append(("nats", nats_probe(settings.nats_url)))
    return Readiness(tuple(probes))


def _media_storage(settings: Settings, clock: Clock) -> MediaStorage:
    """Cloudinary when credentials are set, else local disk under ``var/media``."""
    if not settings.uses_cloudinary:
        return LocalMediaStorage(settings.media_dir, base_url="/media")
    if settings.cloudinary_url:
        credentials = parse_cloudinary_url(settings.cloudinary_url)
    else:
        credentials = CloudinaryCredentials(
            settings.cloudinary_cloud_name or "",
            settings.cloudinary_api_key or "",
            settings.cloudinary_api_secret or "",
        )
    return CloudinaryMediaStorage(credentials, clock, api_base=settings.cloudinary_base_url)


def _geocoder(settings: Settings) -> Geocoder:
    if settings.geocoder == "nominatim":
        return NominatimGeocoder(
            base_url=settings.nominatim_url, user_agent=settings.nominatim_user_agent
        )
    return CityCentreGeocoder()


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

    #: Catalogue search outside any unit of work (autocommit reads on PostgreSQL).
    vehicle_search = providers.Singleton(SqlSearchReader, engine)
    media_storage = providers.Singleton(_media_storage, settings, clock)
    geocoder = providers.Singleton(_geocoder, settings)


def build_container(settings: Settings | None = None) -> Container:
    """A container for ``settings`` (default: from the environment)."""
    return Container(settings=settings or Settings.from_env())


async def aclose(container: Container) -> None:
    """Close every client the container opened; safe to call more than once."""
    engine: AsyncEngine = container.engine()
    await engine.dispose()
    container.engine.reset()
    # Catalogue clients (httpx) open lazily; closing an unused one costs nothing.
    for provider in (container.media_storage, container.geocoder):
        close = getattr(provider(), "aclose", None)
        if close is not None:
            await close()
        provider.reset()


__all__ = ["Container", "aclose", "build_container"]
