"""Interfaces (``typing.Protocol``) that the core needs from the outside world."""

from bigauto.ports.external import (
    Coordinates,
    EmailMessage,
    EmailSender,
    Geocoder,
    MediaStorage,
    PresenceStore,
    StoredMedia,
)
from bigauto.ports.messaging import EventHandler, EventPublisher, EventSubscriber
from bigauto.ports.payments import (
    GatewayStatus,
    PaymentCustomer,
    PaymentGateway,
    PaymentItem,
    PaymentRequest,
    PaymentSession,
    RefundResult,
)
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
    "EmailMessage",
    "EmailSender",
    "EventHandler",
    "EventPublisher",
    "EventSubscriber",
    "GatewayStatus",
    "Geocoder",
    "IdGenerator",
    "IssuedToken",
    "MediaStorage",
    "OutboxRecord",
    "OutboxRepository",
    "PasswordHasher",
    "PaymentCustomer",
    "PaymentGateway",
    "PaymentItem",
    "PaymentRequest",
    "PaymentSession",
    "PresenceStore",
    "RandomSource",
    "RateDecision",
    "RateLimiter",
    "RefundResult",
    "StoredMedia",
    "TokenClaims",
    "TokenService",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "VehicleRepository",
]
