"""Settings from the environment.

The names are the Big Auto seed's where it had one (``DATABASE_URL``, ``REDIS_URL``, ``NATS_URL``,
``JWT_SECRET``, ``MIDTRANS_*``, ``CLOUDINARY_*``, ``RESEND_*``, ``FRONTEND_URL``) and
``BIGAUTO_*`` otherwise. With nothing set, everything runs embedded: SQLite under ``var/``, an
in-process bus and rate limiter, local media, a file mailbox and the payment sandbox.

``BIGAUTO_ENV=production`` refuses to start on development defaults (no ``JWT_SECRET``, SQLite).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs

from bigauto.domain.shared.ratelimit import RateRule
from bigauto.ports.payments.gateway import DEFAULT_ENABLED_PAYMENTS, KNOWN_PAYMENTS

DEV_JWT_SECRET = "bigauto-development-secret-do-not-use-in-production"
SANDBOX_SERVER_KEY = "sandbox-server-key"


class ConfigError(ValueError):
    """A setting is missing, malformed, or unsafe for the chosen environment."""


ASYMMETRIC_JWT_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA"})
JWT_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"}) | ASYMMETRIC_JWT_ALGORITHMS
# OWASP's minimum for Argon2id; settings may raise them, never lower them.
ARGON2_MIN_MEMORY_KIB = 19 * 1024
ARGON2_MIN_TIME_COST = 2

# The Big Auto README's limits (values are frozen, so sharing them as defaults is safe).
_GUEST = RateRule(100, 3600, 120, 300)
_CUSTOMER = RateRule(300, 3600, 350, 600)
_SELLER = RateRule(500, 3600, 600, 900)
_AUTHENTICATION = RateRule(5, 3600)
_SEARCH = RateRule(200, 3600)
_USER_PROFILE = RateRule(100, 3600)
_BOOKING = RateRule(50, 3600)
_PAYMENT = RateRule(20, 3600)
_UPLOAD = RateRule(10, 3600)
_CHAT_MESSAGES = RateRule(300, 3600)
# Midtrans's notifications, by IP, instead of the guest tier: Midtrans retries anything but a 200,
# so this only guards against a flood; a refusal merely delays a payment's status.
_PAYMENT_NOTIFICATION = RateRule(3000, 3600, 300)
# Every frame of one chat socket, whatever its kind (a flood guard, not a quota).
_CHAT_FRAMES = RateRule(20, 1, 40)


@attrs.frozen
class RateLimits:
    """Every rate limit, as ``limit/period[,burst[,block]]`` rules (seconds).

    Tiers apply to every request by who is asking (guest by IP, customer and seller by user id);
    categories add a limit per kind of endpoint. The defaults are the Big Auto README's.
    """

    guest: RateRule = _GUEST
    customer: RateRule = _CUSTOMER
    seller: RateRule = _SELLER
    authentication: RateRule = _AUTHENTICATION
    search: RateRule = _SEARCH
    user_profile: RateRule = _USER_PROFILE
    booking: RateRule = _BOOKING
    payment: RateRule = _PAYMENT
    upload: RateRule = _UPLOAD
    chat_messages: RateRule = _CHAT_MESSAGES
    payment_notification: RateRule = _PAYMENT_NOTIFICATION

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


@attrs.frozen
class Settings:
    """Everything configurable, with the embedded defaults. Build with :meth:`from_env`."""

    env: str = "development"
    var_dir: Path = Path("var")
    database_url: str = ""
    search_pool_size: int = 10
    redis_url: str | None = None
    nats_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = True
    frontend_url: str = "http://localhost:3000"
    max_body_bytes: int = 12 * 1024 * 1024

    jwt_secret: str | None = None
    jwt_access_expiry: int = 900
    jwt_refresh_expiry: int = 7 * 24 * 3600
    jwt_issuer: str = "bigauto"
    jwt_audience: str = "bigauto-api"
    jwt_algorithm: str = "HS256"
    jwt_private_key: str | None = None
    jwt_public_key: str | None = None

    argon2_memory_kib: int = ARGON2_MIN_MEMORY_KIB
    argon2_time_cost: int = ARGON2_MIN_TIME_COST
    argon2_parallelism: int = 1

    payment_gateway: str = "sandbox"
    midtrans_server_key: str | None = None
    midtrans_client_key: str | None = None
    midtrans_is_production: bool = False
    midtrans_snap_url: str | None = None
    midtrans_api_url: str | None = None
    midtrans_verify_status: bool = True
    midtrans_enabled_payments: tuple[str, ...] = DEFAULT_ENABLED_PAYMENTS
    public_url: str = "http://127.0.0.1:8000"

    cloudinary_url: str | None = None
    cloudinary_cloud_name: str | None = None
    cloudinary_api_key: str | None = None
    cloudinary_api_secret: str | None = None
    cloudinary_base_url: str = "https://api.cloudinary.com"

    geocoder: str = "city"
    nominatim_url: str = "https://nominatim.openstreetmap.org"
    nominatim_user_agent: str = "bigauto/0.1 (vehicle marketplace)"

    resend_api_key: str | None = None
    resend_from_email: str = "Big Auto <noreply@bigauto.local>"
    resend_base_url: str = "https://api.resend.com"

    commission_rate: Decimal = Decimal("0.05")
    booking_hold_minutes: int = 30
    min_withdrawal: int = 50_000
    auto_confirm: bool = False
    cancellation_full_refund_hours: int = 48
    cancellation_late_refund_rate: Decimal = Decimal("0.5")
    turnaround_days: int = 0
    sale_max_rounds: int = 5
    test_drive_minutes: int = 60
    sale_offer_days: int = 7
    sale_payment_hours: int = 24
    rate_limit_scale: Decimal = Decimal(1)
    rate_limits: RateLimits = RateLimits()
    blacklist_cache_ttl: int = 300
    outbox_interval: float = 1.0

    worker_durable: str = "bigauto-worker"
    worker_batch: int = 10
    worker_ack_wait: float = 30.0
    worker_max_attempts: int = 5
    worker_backoff_base: float = 1.0
    worker_backoff_max: float = 300.0
    worker_backoff_jitter: float = 0.2
    chat_email_interval: int = 900
    chat_edit_window_minutes: int = 15
    chat_presence_ttl: float = 60.0
    chat_typing_interval: float = 2.0
    chat_max_frame_bytes: int = 16 * 1024
    chat_frame_rate: RateRule = _CHAT_FRAMES

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def effective_jwt_secret(self) -> str:
        return self.jwt_secret or DEV_JWT_SECRET

    @property
    def effective_rate_limits(self) -> RateLimits:
        """The rate limits with ``RATE_LIMIT_SCALE`` applied."""
        return self.rate_limits.scaled(self.rate_limit_scale)

    @property
    def media_dir(self) -> Path:
        """Where the embedded media storage keeps photos."""
        return self.var_dir / "media"

    @property
    def uses_cloudinary(self) -> bool:
        return bool(self.cloudinary_url) or bool(
            self.cloudinary_cloud_name and self.cloudinary_api_key and self.cloudinary_api_secret
        )

    @property
    def payment_server_key(self) -> str:
        return self.midtrans_server_key or SANDBOX_SERVER_KEY

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (default: the process environment) and check them."""
        env = os.environ if environ is None else environ
        reader = _Reader(env)
        var_dir = Path(reader.text("BIGAUTO_VAR_DIR", "var"))
        default_db = f"sqlite+aiosqlite:///{var_dir / 'bigauto.db'}"
        midtrans_key = reader.optional("MIDTRANS_SERVER_KEY")
        settings = cls(
            env=reader.choice("BIGAUTO_ENV", "development", {"development", "test", "production"}),
            var_dir=var_dir,
            database_url=reader.text("DATABASE_URL", default_db),
            search_pool_size=reader.integer("SEARCH_POOL_SIZE", 10, low=1, high=1000),
            redis_url=reader.optional("REDIS_URL"),
            nats_url=reader.optional("NATS_URL"),
            host=reader.text("BIGAUTO_HOST", "127.0.0.1"),
            port=reader.integer("BIGAUTO_PORT", 8000, low=1, high=65535),
            log_level=reader.choice(
                "BIGAUTO_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"}, upper=True
            ),
            log_json=reader.boolean("BIGAUTO_LOG_JSON", True),
            frontend_url=reader.text("FRONTEND_URL", "http://localhost:3000"),
            max_body_bytes=reader.integer("BIGAUTO_MAX_BODY_BYTES", 12 * 1024 * 1024, low=1024),
            jwt_secret=reader.optional("JWT_SECRET"),
            jwt_access_expiry=reader.integer("JWT_ACCESS_TOKEN_EXPIRY", 900, low=1),
            jwt_refresh_expiry=reader.integer("JWT_REFRESH_TOKEN_EXPIRY", 7 * 24 * 3600, low=1),
            jwt_issuer=reader.text("JWT_ISSUER", "bigauto"),
            jwt_audience=reader.text("JWT_AUDIENCE", "bigauto-api"),
            jwt_algorithm=reader.exact_choice("JWT_ALGORITHM", "HS256", JWT_ALGORITHMS),
            jwt_private_key=reader.pem("JWT_PRIVATE_KEY"),
            jwt_public_key=reader.pem("JWT_PUBLIC_KEY"),
            argon2_memory_kib=reader.integer(
                "BIGAUTO_ARGON2_MEMORY_KIB", ARGON2_MIN_MEMORY_KIB, low=ARGON2_MIN_MEMORY_KIB
            ),
            argon2_time_cost=reader.integer(
                "BIGAUTO_ARGON2_TIME_COST", ARGON2_MIN_TIME_COST, low=ARGON2_MIN_TIME_COST
            ),
            argon2_parallelism=reader.integer("BIGAUTO_ARGON2_PARALLELISM", 1, low=1, high=64),
            payment_gateway=reader.choice(
                "BIGAUTO_PAYMENT_GATEWAY",
                "midtrans" if midtrans_key else "sandbox",
                {"sandbox", "midtrans"},
            ),
            midtrans_server_key=midtrans_key,
            midtrans_client_key=reader.optional("MIDTRANS_CLIENT_KEY"),
            midtrans_is_production=reader.boolean("MIDTRANS_IS_PRODUCTION", False),
            midtrans_snap_url=reader.optional("MIDTRANS_SNAP_URL"),
            midtrans_api_url=reader.optional("MIDTRANS_API_URL"),
            midtrans_verify_status=reader.boolean("MIDTRANS_VERIFY_STATUS", True),
            midtrans_enabled_payments=reader.names(
                "MIDTRANS_ENABLED_PAYMENTS", DEFAULT_ENABLED_PAYMENTS, KNOWN_PAYMENTS
            ),
            public_url=reader.text("BIGAUTO_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            cloudinary_url=reader.optional("CLOUDINARY_URL"),
            cloudinary_cloud_name=reader.optional("CLOUDINARY_CLOUD_NAME"),
            cloudinary_api_key=reader.optional("CLOUDINARY_API_KEY"),
            cloudinary_api_secret=reader.optional("CLOUDINARY_API_SECRET"),
            cloudinary_base_url=reader.text("CLOUDINARY_BASE_URL", "https://api.cloudinary.com"),
            geocoder=reader.choice("BIGAUTO_GEOCODER", "city", {"city", "nominatim"}),
            nominatim_url=reader.text("NOMINATIM_URL", "https://nominatim.openstreetmap.org"),
            nominatim_user_agent=reader.text(
                "NOMINATIM_USER_AGENT", "bigauto/0.1 (vehicle marketplace)"
            ),
            resend_api_key=reader.optional("RESEND_API_KEY"),
            resend_from_email=reader.text("RESEND_FROM_EMAIL", "Big Auto <noreply@bigauto.local>"),
            resend_base_url=reader.text("RESEND_BASE_URL", "https://api.resend.com"),
            commission_rate=reader.decimal(
                "BIGAUTO_COMMISSION_RATE", Decimal("0.05"), Decimal(0), Decimal("0.5")
            ),
            booking_hold_minutes=reader.integer("BIGAUTO_BOOKING_HOLD_MINUTES", 30, low=1),
            min_withdrawal=reader.integer("BIGAUTO_MIN_WITHDRAWAL", 50_000, low=1),
            auto_confirm=reader.boolean("BIGAUTO_AUTO_CONFIRM", False),
            cancellation_full_refund_hours=reader.integer(
                "BIGAUTO_CANCELLATION_FULL_REFUND_HOURS", 48, low=0, high=24 * 365
            ),
            cancellation_late_refund_rate=reader.decimal(
                "BIGAUTO_CANCELLATION_LATE_REFUND_RATE", Decimal("0.5"), Decimal(0), Decimal(1)
            ),
            turnaround_days=reader.integer("BIGAUTO_TURNAROUND_DAYS", 0, low=0, high=30),
            sale_max_rounds=reader.integer("BIGAUTO_SALE_MAX_ROUNDS", 5, low=0, high=100),
            test_drive_minutes=reader.integer("BIGAUTO_TEST_DRIVE_MINUTES", 60, low=15, high=480),
            sale_offer_days=reader.integer("BIGAUTO_SALE_OFFER_DAYS", 7, low=1, high=365),
            sale_payment_hours=reader.integer(
                "BIGAUTO_SALE_PAYMENT_HOURS", 24, low=1, high=24 * 30
            ),
            rate_limit_scale=reader.decimal(
                "RATE_LIMIT_SCALE", Decimal(1), Decimal("0.001"), Decimal(1000)
            ),
            rate_limits=RateLimits(
                **{
                    name: reader.rate(f"RATE_LIMIT_{name.upper()}", RateLimits().rule(name))
                    for name in RateLimits.names()
                }
            ),
            blacklist_cache_ttl=reader.integer("BIGAUTO_BLACKLIST_CACHE_TTL", 300, low=1),
            outbox_interval=float(
                reader.decimal("BIGAUTO_OUTBOX_INTERVAL", Decimal(1), Decimal(0), Decimal(3600))
            ),
            worker_durable=reader.text("BIGAUTO_WORKER_DURABLE", "bigauto-worker"),
            worker_batch=reader.integer("BIGAUTO_WORKER_BATCH", 10, low=1, high=1000),
            worker_ack_wait=reader.seconds("BIGAUTO_WORKER_ACK_WAIT", 30, low="1"),
            worker_max_attempts=reader.integer("BIGAUTO_WORKER_MAX_ATTEMPTS", 5, low=1, high=1000),
            worker_backoff_base=reader.seconds("BIGAUTO_WORKER_BACKOFF_BASE", 1, low="0.001"),
            worker_backoff_max=reader.seconds("BIGAUTO_WORKER_BACKOFF_MAX", 300, low="0.001"),
            worker_backoff_jitter=float(
                reader.decimal(
                    "BIGAUTO_WORKER_BACKOFF_JITTER", Decimal("0.2"), Decimal(0), Decimal(1)
                )
            ),
            chat_email_interval=reader.integer(
                "BIGAUTO_CHAT_EMAIL_INTERVAL", 900, low=1, high=7 * 24 * 3600
            ),
            chat_edit_window_minutes=reader.integer(
                "BIGAUTO_CHAT_EDIT_WINDOW_MINUTES", 15, low=0, high=7 * 24 * 60
            ),
            chat_presence_ttl=reader.seconds("BIGAUTO_CHAT_PRESENCE_TTL", 60, low="1", high="3600"),
            chat_typing_interval=reader.seconds(
                "BIGAUTO_CHAT_TYPING_INTERVAL", 2, low="0", high="60"
            ),
            chat_max_frame_bytes=reader.integer(
                "BIGAUTO_CHAT_MAX_FRAME_BYTES", 16 * 1024, low=256, high=1024 * 1024
            ),
            chat_frame_rate=reader.rate("BIGAUTO_CHAT_FRAME_RATE", _CHAT_FRAMES),
        )
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse combinations that are unsafe; production must not run on development defaults."""
        asymmetric = self.jwt_algorithm in ASYMMETRIC_JWT_ALGORITHMS
        if asymmetric and not (self.jwt_private_key and self.jwt_public_key):
            raise ConfigError(
                f"JWT_ALGORITHM={self.jwt_algorithm} needs JWT_PRIVATE_KEY and JWT_PUBLIC_KEY (PEM)"
            )
        if self.cloudinary_url and not self.cloudinary_url.startswith("cloudinary://"):
            raise ConfigError("CLOUDINARY_URL looks like cloudinary://<key>:<secret>@<cloud_name>")
        if self.worker_backoff_max < self.worker_backoff_base:
            raise ConfigError("BIGAUTO_WORKER_BACKOFF_MAX must not be below _BACKOFF_BASE")
        if not self.is_production:
            return
        problems = []
        # With a key pair the secret signs nothing; without one it must be real and long.
        if not asymmetric and not self.jwt_secret:
            problems.append("JWT_SECRET is not set")
        elif not asymmetric and len(self.jwt_secret or "") < 32:
            problems.append("JWT_SECRET is shorter than 32 characters")
        if self.uses_sqlite:
            problems.append("DATABASE_URL points at SQLite; production needs PostgreSQL")
        if self.payment_gateway == "sandbox":
            problems.append("the payment sandbox is on; set MIDTRANS_SERVER_KEY")
        if problems:
            raise ConfigError(
                "refusing to start with BIGAUTO_ENV=production: " + "; ".join(problems)
            )


@attrs.frozen
class _Reader:
    env: Mapping[str, str]

    def optional(self, name: str) -> str | None:
        value = self.env.get(name, "").strip()
        return value or None

    def text(self, name: str, default: str) -> str:
        return self.optional(name) or default

    def choice(self, name: str, default: str, allowed: set[str], *, upper: bool = False) -> str:
        value = self.text(name, default)
        value = value.upper() if upper else value.lower()
        if value not in allowed:
            raise ConfigError(f"{name} must be one of {sorted(allowed)}, not {value!r}")
        return value

    def integer(self, name: str, default: int, *, low: int, high: int | None = None) -> int:
        raw = self.optional(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
        if value < low or (high is not None and value > high):
            raise ConfigError(f"{name} must be between {low} and {high or '∞'}, not {value}")
        return value

    def decimal(self, name: str, default: Decimal, low: Decimal, high: Decimal) -> Decimal:
        raw = self.optional(name)
        if raw is None:
            return default
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ConfigError(f"{name} must be a decimal number, not {raw!r}") from None
        if not low <= value <= high:
            raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
        return value

    def seconds(self, name: str, default: int, *, low: str, high: str = "86400") -> float:
        """A duration in seconds (decimals allowed) between ``low`` and ``high``."""
        return float(self.decimal(name, Decimal(default), Decimal(low), Decimal(high)))

    def names(
        self, name: str, default: tuple[str, ...], allowed: frozenset[str]
    ) -> tuple[str, ...]:
        raw = self.optional(name)
        if raw is None:
            return default
        values = tuple(dict.fromkeys(v.strip().lower() for v in raw.split(",") if v.strip()))
        unknown = sorted(set(values) - allowed)
        if unknown or not values:
            raise ConfigError(f"{name} holds unknown names {unknown}; allowed: {sorted(allowed)}")
        return values

    def exact_choice(self, name: str, default: str, allowed: frozenset[str]) -> str:
        value = self.text(name, default)
        if value not in allowed:
            raise ConfigError(f"{name} must be one of {sorted(allowed)}, not {value!r}")
        return value

    def pem(self, name: str) -> str | None:
        """A PEM key given inline (``-----BEGIN ...``, ``\\n`` allowed) or as a file path."""
        raw = self.optional(name)
        if raw is None:
            return None
        if "-----BEGIN" in raw:
            return raw.replace("\\n", "\n")
        try:
            return Path(raw).read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"{name} is neither a PEM key nor a readable file: {error}") from None

    def rate(self, name: str, default: RateRule) -> RateRule:
        raw = self.optional(name)
        if raw is None:
            return default
        try:
            return RateRule.parse(raw)
        except ValueError as error:
            raise ConfigError(f"{name}: {error}") from None

    def boolean(self, name: str, default: bool) -> bool:
        raw = self.optional(name)
        if raw is None:
            return default
        if raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.lower() in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{name} must be true or false, not {raw!r}")


__all__ = ["ConfigError", "RateLimits", "Settings"]
