"""The composition root: picks an adapter for every port from the settings.

Two scopes, as in the models we follow: this application-scope container holds long-lived
clients (engine, bus, hasher); per-command objects (a unit of work) come from factories on it.
Clients are created lazily on first use and closed by :func:`aclose` (the HTTP lifespan and the
CLI call it in ``finally``); nothing connects at import time.
"""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.local.payment_sandbox import SandboxGateway
from bigauto.adapters.memory import InProcessEventBus, SecretsRandom, SystemClock, UuidV7Generator
from bigauto.adapters.midtrans import MidtransGateway
from bigauto.adapters.probes import Readiness, database_probe, nats_probe, redis_probe
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.config import Settings
from bigauto.ports.system import Clock


def _readiness(settings: Settings, engine: AsyncEngine) -> Readiness:
    probes = [("database", database_probe(engine))]
    if settings.redis_url:
        probes.append(("redis", redis_probe(settings.redis_url)))
    if settings.nats_url:
        probes.append(("nats", nats_probe(settings.nats_url)))
    return Readiness(tuple(probes))


def _payment_gateway(settings: Settings, clock: Clock) -> MidtransGateway | SandboxGateway:
    """Real Midtrans when configured (``BIGAUTO_PAYMENT_GATEWAY=midtrans``), else the sandbox."""
    if settings.payment_gateway == "midtrans":
        return MidtransGateway(
            settings.payment_server_key,
            is_production=settings.midtrans_is_production,
            snap_url=settings.midtrans_snap_url,
            api_url=settings.midtrans_api_url,
            clock=clock,
        )
    return SandboxGateway(
        server_key=settings.payment_server_key, public_base_url=settings.public_url, clock=clock
    )


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

    payment_gateway = providers.Singleton(_payment_gateway, settings, clock)

    readiness = providers.Singleton(_readiness, settings, engine)


def build_container(settings: Settings | None = None) -> Container:
    """A container for ``settings`` (default: from the environment)."""
    return Container(settings=settings or Settings.from_env())


async def aclose(container: Container) -> None:
    """Close every client the container opened; safe to call more than once."""
    engine: AsyncEngine = container.engine()
    await engine.dispose()
    container.engine.reset()
    await _close_payment_gateway(container)


async def _close_payment_gateway(container: Container) -> None:
    # Creating an unused gateway to close it costs nothing: httpx connects lazily.
    gateway: MidtransGateway | SandboxGateway = container.payment_gateway()
    await gateway.aclose()
    container.payment_gateway.reset()


__all__ = ["Container", "aclose", "build_container"]
