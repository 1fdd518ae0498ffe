"""The runtime's settings: the process and its edge.

Where the service keeps its files and data, which backends it talks to (PostgreSQL or SQLite,
Redis, NATS), how it serves HTTP (address, logs, body size, rate limits), how often the outbox
is relayed and how the worker consumes. The names are the Big Auto seed's where it had one
(``DATABASE_URL``, ``REDIS_URL``, ``NATS_URL``, ``FRONTEND_URL``) and ``BIGAUTO_*`` otherwise.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from bigauto.domain.shared.ratelimit import RateRule
from bigauto.services.shared.settings import ConfigError, section, setting

ENVIRONMENTS = frozenset({"development", "test", "production"})
#: The documented authentication limit: 5 attempts an hour (per address and per account).
AUTHENTICATION = RateRule(5, 3600)
#: The authentication limit in development, unless ``RATE_LIMIT_AUTHENTICATION`` says otherwise.
DEVELOPMENT_AUTHENTICATION = RateRule(100, 3600)
LOG_LEVELS = frozenset({"DEBUG", "INFO", "WARNING", "ERROR"})


@attrs.frozen
class RateLimits:
    """Every rate limit, as ``limit/period[,burst[,block]]`` rules (seconds).

    Tiers apply to every request by who is asking (guest by IP, customer and seller by user id);
    categories add a limit per kind of endpoint. The defaults are the Big Auto README's; each
    rule is read from ``RATE_LIMIT_<NAME>``. In development (``BIGAUTO_ENV=development``, what
    ``make run`` uses) an ``authentication`` rule left at its default is
    :data:`DEVELOPMENT_AUTHENTICATION` instead, so that a person can register, log in and get
    a password wrong a few times while exploring; test and production keep 5 an hour.
    """

    guest: RateRule = setting(env="RATE_LIMIT_GUEST", default=RateRule(100, 3600, 120, 300))
    customer: RateRule = setting(env="RATE_LIMIT_CUSTOMER", default=RateRule(300, 3600, 350, 600))
    seller: RateRule = setting(env="RATE_LIMIT_SELLER", default=RateRule(500, 3600, 600, 900))
    authentication: RateRule = setting(env="RATE_LIMIT_AUTHENTICATION", default=AUTHENTICATION)
    search: RateRule = setting(env="RATE_LIMIT_SEARCH", default=RateRule(200, 3600))
    user_profile: RateRule = setting(env="RATE_LIMIT_USER_PROFILE", default=RateRule(100, 3600))
    booking: RateRule = setting(env="RATE_LIMIT_BOOKING", default=RateRule(50, 3600))
    payment: RateRule = setting(env="RATE_LIMIT_PAYMENT", default=RateRule(20, 3600))
    upload: RateRule = setting(env="RATE_LIMIT_UPLOAD", default=RateRule(10, 3600))
    chat_messages: RateRule = setting(env="RATE_LIMIT_CHAT_MESSAGES", default=RateRule(300, 3600))
    # Midtrans's notifications, by IP, instead of the guest tier: Midtrans retries anything but
    # a 200, so this only guards against a flood; a refusal merely delays a payment's status.
    payment_notification: RateRule = setting(
        env="RATE_LIMIT_PAYMENT_NOTIFICATION", default=RateRule(3000, 3600, 300)
    )

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(field.name for field in attrs.fields(cls))

    def rule(self, name: str) -> RateRule:
        """The rule called ``name`` (a tier or a category); ``KeyError`` for an unknown one."""
        if name not in self.names():
            raise KeyError(name)
        rule: RateRule = getattr(self, name)
        return rule

    def scaled(self, factor: Decimal) -> RateLimits:
        """Every rule's limit and burst multiplied by ``factor`` (``RATE_LIMIT_SCALE``)."""
        return RateLimits(**{name: self.rule(name).scaled(factor) for name in self.names()})


def _sqlite_in_var_dir(runtime: RuntimeSettings) -> str:
    return f"sqlite+aiosqlite:///{runtime.var_dir / 'bigauto.db'}"


def _without_trailing_slash(_: str, raw: str) -> str:
    return raw.rstrip("/")


@attrs.frozen
class RuntimeSettings:
    """The process and its edge, with the embedded defaults (SQLite under ``var/``, no Redis,
    no NATS). ``BIGAUTO_ENV=production`` refuses development defaults (see ``Settings``)."""

    env: str = setting(env="BIGAUTO_ENV", default="development", choices=ENVIRONMENTS)
    var_dir: Path = setting(env="BIGAUTO_VAR_DIR", default=Path("var"))
    database_url: str = setting(
        env="DATABASE_URL", default=attrs.Factory(_sqlite_in_var_dir, takes_self=True)
    )
    redis_url: str | None = setting(env="REDIS_URL", default=None)
    nats_url: str | None = setting(env="NATS_URL", default=None)

    host: str = setting(env="BIGAUTO_HOST", default="127.0.0.1")
    port: int = setting(env="BIGAUTO_PORT", default=8000, low=1, high=65535)
    #: The service's own address as the outside world reaches it (payment redirects).
    public_url: str = setting(
        env="BIGAUTO_PUBLIC_URL", default="http://127.0.0.1:8000", parse=_without_trailing_slash
    )
    #: The web front end: the one CORS origin, and where links in emails point.
    frontend_url: str = setting(env="FRONTEND_URL", default="http://localhost:3000")
    log_level: str = setting(
        env="BIGAUTO_LOG_LEVEL", default="INFO", choices=LOG_LEVELS, case="upper"
    )
    log_json: bool = setting(env="BIGAUTO_LOG_JSON", default=True)
    max_body_bytes: int = setting(env="BIGAUTO_MAX_BODY_BYTES", default=12 * 1024 * 1024, low=1024)
    rate_limit_scale: Decimal = setting(
        env="RATE_LIMIT_SCALE", default=Decimal(1), low=Decimal("0.001"), high=1000
    )
    rate_limits: RateLimits = section(RateLimits)

    #: Seconds between outbox relay rounds; 0 turns the background loops off (tests).
    outbox_interval: float = setting(env="BIGAUTO_OUTBOX_INTERVAL", default=1.0, low=0, high=3600)
    worker_durable: str = setting(env="BIGAUTO_WORKER_DURABLE", default="bigauto-worker")
    worker_batch: int = setting(env="BIGAUTO_WORKER_BATCH", default=10, low=1, high=1000)
    worker_ack_wait: float = setting(env="BIGAUTO_WORKER_ACK_WAIT", default=30.0, low=1, high=86400)
    worker_max_attempts: int = setting(
        env="BIGAUTO_WORKER_MAX_ATTEMPTS", default=5, low=1, high=1000
    )
    worker_backoff_base: float = setting(
        env="BIGAUTO_WORKER_BACKOFF_BASE", default=1.0, low=Decimal("0.001"), high=86400
    )
    worker_backoff_max: float = setting(
        env="BIGAUTO_WORKER_BACKOFF_MAX", default=300.0, low=Decimal("0.001"), high=86400
    )
    worker_backoff_jitter: float = setting(
        env="BIGAUTO_WORKER_BACKOFF_JITTER", default=0.2, low=0, high=1
    )

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def effective_rate_limits(self) -> RateLimits:
        """The rate limits with ``RATE_LIMIT_SCALE`` applied (and, in development, a generous
        authentication limit unless one was set; see :class:`RateLimits`)."""
        limits = self.rate_limits
        if self.env == "development" and limits.authentication == AUTHENTICATION:
            limits = attrs.evolve(limits, authentication=DEVELOPMENT_AUTHENTICATION)
        return limits.scaled(self.rate_limit_scale)

    @property
    def media_dir(self) -> Path:
        """Where the embedded media storage keeps photos."""
        return self.var_dir / "media"

    def check(self) -> None:
        if self.worker_backoff_max < self.worker_backoff_base:
            raise ConfigError("BIGAUTO_WORKER_BACKOFF_MAX must not be below _BACKOFF_BASE")


__all__ = ["ENVIRONMENTS", "LOG_LEVELS", "RateLimits", "RuntimeSettings"]
