"""Interfaces (``typing.Protocol``) that the core needs from the outside world."""

from bigauto.ports.external import (
    Coordinates,
    EmailMessage,
    EmailSender,
    Geocoder,
    MediaStorage,
    PaymentGateway,
    PaymentSession,
    StoredMedia,
)
from bigauto.ports.messaging import (
    Delivery,
    EventConsumer,
    EventHandler,
    EventPublisher,
    EventStream,
    EventSubscriber,
    LiveCallback,
    LiveChannel,
    LiveSubscription,
)
from bigauto.ports.presence import PresenceStore
from bigauto.ports.repositories import (
    CatalogueRepository,
    OutboxRecord,
    OutboxRepository,
    UnitOfWork,
    UnitOfWorkFactory,
    UserRepository,
    VehicleRepository,
)
from bigauto.ports.security import (
    IssuedToken,
    PasswordHasher,
    RateDecision,
    RateLimiter,
    TokenClaims,
    TokenService,
)
from bigauto.ports.system import Clock, IdGenerator, RandomSource

__all__ = [
    "CatalogueRepository",
    "Clock",
    "Coordinates",
    "Delivery",
    "EmailMessage",
    "EmailSender",
    "EventConsumer",
    "EventHandler",
    "EventPublisher",
    "EventStream",
    "EventSubscriber",
    "Geocoder",
    "IdGenerator",
    "IssuedToken",
    "LiveCallback",
    "LiveChannel",
    "LiveSubscription",
    "MediaStorage",
    "OutboxRecord",
    "OutboxRepository",
    "PasswordHasher",
    "PaymentGateway",
    "PaymentSession",
    "PresenceStore",
    "RandomSource",
    "RateDecision",
    "RateLimiter",
    "StoredMedia",
    "TokenClaims",
    "TokenService",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "VehicleRepository",
]
