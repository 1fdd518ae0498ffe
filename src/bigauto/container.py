"""The composition root: picks an adapter for every port from the settings.

Two scopes, as in the models we follow: this application-scope container holds long-lived
clients (engine, bus, hasher); per-command objects (a unit of work) come from factories on it.
Clients are created lazily on first use and closed by :func:`aclose` (the HTTP lifespan and the
CLI call it in ``finally``); nothing connects at import time.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import redis.asyncio as redis
from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from bigauto.adapters.cloudinary import (
    CloudinaryCredentials,
    CloudinaryMediaStorage,
    parse_cloudinary_url,
)
from bigauto.adapters.local.geocoder import CityCentreGeocoder
from bigauto.adapters.local.mailbox import FileMailbox
from bigauto.adapters.local.media import LocalMediaStorage
from bigauto.adapters.local.payment_sandbox import SandboxGateway
from bigauto.adapters.memory import (
    InProcessEventBus,
    MemoryEventStream,
    MemoryLiveChannel,
    MemoryPresenceStore,
    SecretsRandom,
    SystemClock,
    UuidV7Generator,
)
from bigauto.adapters.memory.ratelimit import MemoryRateLimiter
from bigauto.adapters.midtrans import MidtransGateway
from bigauto.adapters.nats import (
    JetStreamEventStream,
    JetStreamPublisher,
    NatsConnection,
    NatsLiveChannel,
)
from bigauto.adapters.nominatim import NominatimGeocoder
from bigauto.adapters.probes import Readiness, database_probe, redis_client_probe
from bigauto.adapters.redis import (
    RedisPresenceStore,
    RedisRateLimiter,
    RedisTokenBlacklist,
    create_redis,
)
from bigauto.adapters.security.blacklist import DatabaseTokenBlacklist
from bigauto.adapters.security.passwords import Argon2PasswordHasher
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.adapters.sql.catalogue.search_reader import SqlSearchReader
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.config import Settings
from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.ports.chat.presence import PresenceStore
from bigauto.ports.identity.security import RateLimiter, TokenBlacklist
from bigauto.ports.shared.external import EmailSender, Geocoder, MediaStorage
from bigauto.ports.shared.messaging import EventPublisher, EventStream, LiveChannel
from bigauto.ports.shared.system import Clock
from bigauto.services.bookings.context import BookingPolicy, Bookings
from bigauto.services.chat.conversations import Chat, ChatConfig
from bigauto.services.chat.hub import ChatHub, FanoutRetry
from bigauto.services.identity.context import Identity, IdentityConfig
from bigauto.services.notifications.chat_emails import ChatEmails
from bigauto.services.notifications.handlers import Notifier
from bigauto.services.notifications.identity_emails import EmailNotifications
from bigauto.services.payments.gateway_notifications import PaymentConfig, Payments
from bigauto.services.payments.refunds import PaymentHandlers
from bigauto.services.runtime.idempotency import Idempotency
from bigauto.services.runtime.outbox import OutboxRelay


def _readiness(
    engine: AsyncEngine, nats: NatsConnection | None, redis_client: redis.Redis | None
) -> Readiness:
    probes = [("database", database_probe(engine))]
    if redis_client is not None:
        probes.append(("redis", redis_client_probe(redis_client)))
    if nats is not None:
        probes.append(("nats", nats.probe))
    return Readiness(tuple(probes))


def _payment_gateway(settings: Settings, clock: Clock) -> MidtransGateway | SandboxGateway:
    """Real Midtrans when configured (``BIGAUTO_PAYMENT_GATEWAY=midtrans``), else the sandbox."""
    if settings.payments.gateway == "midtrans":
        return MidtransGateway(
            settings.payments.server_key,
            is_production=settings.payments.midtrans_is_production,
            snap_url=settings.payments.midtrans_snap_url,
            api_url=settings.payments.midtrans_api_url,
            clock=clock,
        )
    return SandboxGateway(
        server_key=settings.payments.server_key,
        public_base_url=settings.runtime.public_url,
        clock=clock,
    )


def _nats_connection(settings: Settings) -> NatsConnection | None:
    url = settings.runtime.nats_url
    return NatsConnection(url, name="bigauto") if url else None


def _redis_client(settings: Settings) -> redis.Redis | None:
    return create_redis(settings.runtime.redis_url) if settings.runtime.redis_url else None


def _event_stream(nats: NatsConnection | None, bus: InProcessEventBus) -> EventStream:
    if nats is not None:
        return JetStreamEventStream(nats)
    # Embedded: the stream keeps what the outbox relay publishes for the worker, and hands each
    # event on to the in-process bus for push-style subscribers.
    return MemoryEventStream(forward_to=bus)


def _event_publisher(nats: NatsConnection | None, stream: EventStream) -> EventPublisher:
    if nats is not None:
        return JetStreamPublisher(nats)
    assert isinstance(stream, MemoryEventStream)
    return stream


def _live_channel(nats: NatsConnection | None) -> LiveChannel:
    return NatsLiveChannel(nats) if nats is not None else MemoryLiveChannel()


def _presence_store(redis_client: redis.Redis | None) -> PresenceStore:
    return RedisPresenceStore(redis_client) if redis_client is not None else MemoryPresenceStore()


def _rate_limiter(redis_client: redis.Redis | None, clock: Clock) -> RateLimiter:
    if redis_client is None:
        return MemoryRateLimiter(clock)
    return RedisRateLimiter(redis_client, clock)


def _token_blacklist(
    settings: Settings,
    redis_client: redis.Redis | None,
    uow_factory: SqlUnitOfWorkFactory,
    clock: Clock,
) -> TokenBlacklist:
    if redis_client is None:
        return DatabaseTokenBlacklist(uow_factory, clock)
    return RedisTokenBlacklist(
        redis_client, uow_factory, clock, marker_ttl=settings.identity.blacklist_cache_ttl
    )


def _email_sender(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> EmailSender:
    if not settings.notifications.resend_api_key:
        return FileMailbox(settings.runtime.var_dir / "mailbox", clock)
    from bigauto.adapters.resend import ResendEmailSender

    return ResendEmailSender(
        api_key=settings.notifications.resend_api_key,
        from_email=settings.notifications.resend_from_email,
        base_url=settings.notifications.resend_base_url,
        client=http,
    )


def _chat_email_interval(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.notifications.chat_email_interval)


def _chat_config(settings: Settings) -> ChatConfig:
    return ChatConfig(
        edit_window=timedelta(minutes=settings.chat.edit_window_minutes),
        presence_ttl=settings.chat.presence_ttl,
        typing_interval=settings.chat.typing_interval,
    )


def _chat_hub(live: LiveChannel, ids: UuidV7Generator) -> ChatHub:
    # Each process is one instance: its id tells its own frames apart when NATS echoes them.
    return ChatHub(live, instance_id=ids.new_id())


def _token_service(settings: Settings, ids: UuidV7Generator) -> JwtTokenService:
    return JwtTokenService(
        secret=settings.identity.effective_jwt_secret,
        ids=ids,
        issuer=settings.identity.jwt_issuer,
        audience=settings.identity.jwt_audience,
        access_ttl=settings.identity.jwt_access_expiry,
        refresh_ttl=settings.identity.jwt_refresh_expiry,
        algorithm=settings.identity.jwt_algorithm,
        private_key=settings.identity.jwt_private_key,
        public_key=settings.identity.jwt_public_key,
    )


def _identity_config(settings: Settings) -> IdentityConfig:
    # The login-code HMAC key: the JWT secret, or the private key when signing with a pair.
    identity = settings.identity
    key = identity.jwt_secret or identity.jwt_private_key or identity.effective_jwt_secret
    return IdentityConfig(secret_key=key)


def _media_storage(settings: Settings, clock: Clock) -> MediaStorage:
    """Cloudinary when credentials are set, else local disk under ``var/media``."""
    if not settings.catalogue.uses_cloudinary:
        return LocalMediaStorage(settings.runtime.media_dir, base_url="/media")
    if settings.catalogue.cloudinary_url:
        credentials = parse_cloudinary_url(settings.catalogue.cloudinary_url)
    else:
        credentials = CloudinaryCredentials(
            settings.catalogue.cloudinary_cloud_name or "",
            settings.catalogue.cloudinary_api_key or "",
            settings.catalogue.cloudinary_api_secret or "",
        )
    return CloudinaryMediaStorage(
        credentials, clock, api_base=settings.catalogue.cloudinary_base_url
    )


def _booking_policy(settings: Settings) -> BookingPolicy:
    return BookingPolicy(
        hold_minutes=settings.bookings.hold_minutes,
        auto_confirm=settings.bookings.auto_confirm,
        cancellation=CancellationPolicy(
            full_refund_hours=settings.bookings.cancellation_full_refund_hours,
            late_refund_rate=settings.bookings.cancellation_late_refund_rate,
        ),
        turnaround_days=settings.bookings.turnaround_days,
        sale_max_rounds=settings.bookings.sale_max_rounds,
        test_drive_minutes=settings.bookings.test_drive_minutes,
        default_commission_rate=settings.money.commission_rate,
        offer_ttl=timedelta(days=settings.bookings.sale_offer_days),
        sale_payment_window=timedelta(hours=settings.bookings.sale_payment_hours),
    )


def _payment_config(settings: Settings) -> PaymentConfig:
    return PaymentConfig(
        server_key=settings.payments.server_key,
        verify_status=settings.payments.midtrans_verify_status,
        enabled_payments=settings.payments.midtrans_enabled_payments,
        sale_payment_window=timedelta(hours=settings.bookings.sale_payment_hours),
    )


def _geocoder(settings: Settings) -> Geocoder:
    if settings.catalogue.geocoder == "nominatim":
        return NominatimGeocoder(
            base_url=settings.catalogue.nominatim_url,
            user_agent=settings.catalogue.nominatim_user_agent,
        )
    return CityCentreGeocoder()


class Container(containers.DeclarativeContainer):
    """Application scope. Build with :func:`build_container`."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UuidV7Generator)
    random = providers.Singleton(SecretsRandom)

    engine = providers.Singleton(create_engine, settings.provided.runtime.database_url)
    uow_factory = providers.Singleton(SqlUnitOfWorkFactory, engine)
    # Failed handlers make the outbox relay retry the event (see InProcessEventBus).
    event_bus = providers.Singleton(InProcessEventBus, redeliver_failures=True)

    # One NATS connection, one Redis client and one HTTP client per process (None when not
    # configured), shared by the adapters below; nothing connects until first used.
    nats_connection = providers.Singleton(_nats_connection, settings)
    redis_client = providers.Singleton(_redis_client, settings)
    http_client = providers.Singleton(httpx.AsyncClient, timeout=10.0)

    event_stream = providers.Singleton(_event_stream, nats_connection, event_bus)
    event_publisher = providers.Singleton(_event_publisher, nats_connection, event_stream)
    live_channel = providers.Singleton(_live_channel, nats_connection)
    presence_store = providers.Singleton(_presence_store, redis_client)

    password_hasher = providers.Singleton(
        Argon2PasswordHasher,
        memory_kib=settings.provided.identity.argon2_memory_kib,
        time_cost=settings.provided.identity.argon2_time_cost,
        parallelism=settings.provided.identity.argon2_parallelism,
    )
    token_service = providers.Singleton(_token_service, settings, ids)
    rate_limiter = providers.Singleton(_rate_limiter, redis_client, clock)
    token_blacklist = providers.Singleton(
        _token_blacklist, settings, redis_client, uow_factory, clock
    )
    email_sender = providers.Singleton(_email_sender, settings, http_client, clock)
    email_notifications = providers.Singleton(
        EmailNotifications, email_sender, frontend_url=settings.provided.runtime.frontend_url
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

    # Notifications and the worker (see bigauto.entrypoints.worker for handlers and timers).
    outbox_relay = providers.Singleton(OutboxRelay, uow_factory, event_publisher, clock)
    notifier = providers.Singleton(
        Notifier,
        uow_factory=uow_factory,
        clock=clock,
        ids=ids,
        email_sender=email_sender,
        live=live_channel,
        frontend_url=settings.provided.runtime.frontend_url,
    )
    chat_emails = providers.Singleton(
        ChatEmails,
        uow_factory=uow_factory,
        clock=clock,
        ids=ids,
        email_sender=email_sender,
        presence=presence_store,
        live=live_channel,
        frontend_url=settings.provided.runtime.frontend_url,
        interval=providers.Callable(_chat_email_interval, settings),
    )

    # Chat: one hub per process (local sockets + the live channel), the use cases on top.
    chat_hub = providers.Singleton(_chat_hub, live_channel, ids)
    chat_fanout = providers.Singleton(FanoutRetry, live_channel)

    payment_gateway = providers.Singleton(_payment_gateway, settings, clock)

    # Bookings: a small value per call, so a test's clock override is always seen.
    booking_policy = providers.Singleton(_booking_policy, settings)
    bookings = providers.Factory(Bookings, uow_factory, clock, ids, booking_policy)
    idempotency = providers.Factory(Idempotency, uow_factory, clock)
    # Payments: a Factory too, so the clock and gateway in force are used.
    payments = providers.Factory(
        Payments,
        uow_factory,
        payment_gateway,
        clock,
        ids,
        random,
        providers.Singleton(_payment_config, settings),
        booking_policy,
    )
    payment_handlers = providers.Factory(PaymentHandlers, uow_factory, payment_gateway, clock, ids)

    readiness = providers.Singleton(_readiness, engine, nats_connection, redis_client)

    #: Catalogue search outside any unit of work (its own connection pool on PostgreSQL).
    vehicle_search = providers.Singleton(
        SqlSearchReader, engine, pool_size=settings.provided.catalogue.search_pool_size
    )
    media_storage = providers.Singleton(_media_storage, settings, clock)
    geocoder = providers.Singleton(_geocoder, settings)
    chat = providers.Singleton(
        Chat,
        uow_factory=uow_factory,
        clock=clock,
        ids=ids,
        hub=chat_hub,
        media=media_storage,
        config=providers.Singleton(_chat_config, settings),
    )


def build_container(settings: Settings | None = None) -> Container:
    """A container for ``settings`` (default: from the environment)."""
    return Container(settings=settings or Settings.from_env())


async def aclose(container: Container) -> None:
    """Close every client the container opened; safe to call more than once.

    Consumers stop first (settling nothing: what they hold is redelivered), then the NATS
    connection drains, then Redis and the database close. Asking a provider here for an object
    it had not made yet makes it without I/O, so closing it is a no-op.
    """
    hub: ChatHub = container.chat_hub()
    await hub.close()
    stream = container.event_stream()
    if isinstance(stream, JetStreamEventStream):
        await stream.close()
    live = container.live_channel()
    if isinstance(live, MemoryLiveChannel):
        await live.close()
    nats: NatsConnection | None = container.nats_connection()
    if nats is not None:
        await nats.close()
    redis_client: redis.Redis | None = container.redis_client()
    if redis_client is not None:
        await redis_client.aclose()
    # The search reader's pool first: its connections came from the engine.
    await container.vehicle_search().aclose()
    engine: AsyncEngine = container.engine()
    await engine.dispose()
    # Catalogue clients (httpx) open lazily; closing an unused one costs nothing.
    for closable in (container.media_storage, container.geocoder):
        close = getattr(closable(), "aclose", None)
        if close is not None:
            await close()
    # Creating an unused gateway to close it costs nothing: httpx connects lazily.
    gateway: MidtransGateway | SandboxGateway = container.payment_gateway()
    await gateway.aclose()
    http: httpx.AsyncClient = container.http_client()
    await http.aclose()
    for provider in (
        container.chat,
        container.chat_hub,
        container.chat_fanout,
        container.payment_gateway,
        container.media_storage,
        container.geocoder,
        container.http_client,
        container.email_sender,
        container.email_notifications,
        container.notifier,
        container.chat_emails,
        container.outbox_relay,
        container.identity,
        container.rate_limiter,
        container.token_blacklist,
        container.readiness,
        container.vehicle_search,
        container.presence_store,
        container.live_channel,
        container.event_publisher,
        container.event_stream,
        container.redis_client,
        container.nats_connection,
        container.engine,
    ):
        provider.reset()


__all__ = ["Container", "aclose", "build_container"]
