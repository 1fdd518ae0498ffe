"""Interfaces (``typing.Protocol``) that the core needs from the outside world."""

from bigauto.ports.external import (
    Coordinates,
    EmailMessage,
    EmailSender,
    Geocoder,
    MediaStorage,
    PaymentGateway,
    PaymentSession,
    PresenceStore,
    StoredMedia,
)
from bigauto.ports.identity import (
    AuditLog,
    OneTimeSecretRepository,
    RevocationRepository,
    SessionRepository,
)
from bigauto.ports.messaging import EventHandler, EventPublisher, EventSubscriber
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
    RateCheck,
    RateDecision,
    RateLimiter,
    TokenBlacklist,
    TokenClaims,
    TokenService,
)
from bigauto.ports.system import Clock, IdGenerator, RandomSource

__all__ = [
    "AuditLog",
    "CatalogueRepository",
    "Clock",
    "Coordinates",
    "EmailMessage",
    "EmailSender",
    "EventHandler",
    "EventPublisher",
    "EventSubscriber",
    "Geocoder",
    "IdGenerator",
    "IssuedToken",
    "MediaStorage",
    "OneTimeSecretRepository",
    "OutboxRecord",
    "OutboxRepository",
    "PasswordHasher",
    "PaymentGateway",
    "PaymentSession",
    "PresenceStore",
    "RandomSource",
    "RateCheck",
    "RateDecision",
    "RateLimiter",
    "RevocationRepository",
    "SessionRepository",
    "StoredMedia",
    "TokenBlacklist",
    "TokenClaims",
    "TokenService",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "VehicleRepository",
]
