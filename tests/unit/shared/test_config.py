"""Settings from the environment."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from bigauto.config import ConfigError, Settings
from bigauto.domain.shared.ratelimit import RateRule
from bigauto.services.runtime.settings import AUTHENTICATION, DEVELOPMENT_AUTHENTICATION


def test_no_environment_gives_the_embedded_default() -> None:
    """With nothing set the service runs on SQLite under var/ with the payment sandbox."""
    settings = Settings.from_env({})
    assert settings.runtime.database_url == "sqlite+aiosqlite:///var/bigauto.db"
    assert settings.runtime.uses_sqlite
    assert settings.payments.gateway == "sandbox"
    assert settings.payments.server_key == "sandbox-server-key"
    assert settings.runtime.redis_url is None and settings.runtime.nats_url is None


def test_a_midtrans_server_key_switches_the_gateway_to_midtrans() -> None:
    """Setting MIDTRANS_SERVER_KEY alone selects the real gateway and signs with that key."""
    settings = Settings.from_env({"MIDTRANS_SERVER_KEY": "SB-Mid-server-abc"})
    assert settings.payments.gateway == "midtrans"
    assert settings.payments.server_key == "SB-Mid-server-abc"


def test_production_refuses_development_defaults_and_says_why() -> None:
    """BIGAUTO_ENV=production without a JWT secret, on SQLite, names both problems."""
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"BIGAUTO_ENV": "production"})
    assert "JWT_SECRET is not set" in str(caught.value)
    assert "SQLite" in str(caught.value)


def test_production_starts_with_real_backends() -> None:
    """A complete production environment is accepted."""
    settings = Settings.from_env(
        {
            "BIGAUTO_ENV": "production",
            "JWT_SECRET": "x" * 40,
            "DATABASE_URL": "postgresql://app@db/bigauto",
            "MIDTRANS_SERVER_KEY": "Mid-server-real",
        }
    )
    assert settings.runtime.is_production


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BIGAUTO_PORT", "eighty"),
        ("BIGAUTO_PORT", "70000"),
        ("BIGAUTO_COMMISSION_RATE", "0.9"),
        ("RATE_LIMIT_SCALE", "lots"),
        ("BIGAUTO_ENV", "staging"),
        ("MIDTRANS_IS_PRODUCTION", "maybe"),
    ],
)
def test_malformed_settings_are_refused_naming_the_variable(name: str, value: str) -> None:
    """A bad value is a ConfigError whose message names the variable."""
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_rates_are_read_as_decimals() -> None:
    """Commission and rate-limit scale are exact decimals, never floats."""
    settings = Settings.from_env({"BIGAUTO_COMMISSION_RATE": "0.075", "RATE_LIMIT_SCALE": "2.5"})
    assert settings.money.commission_rate == Decimal("0.075")
    assert settings.runtime.rate_limit_scale == Decimal("2.5")


def test_development_is_generous_with_sign_ins_and_the_others_keep_the_documented_limit() -> None:
    """`make run` (development) lets a person explore; test and production keep 5 an hour,
    and a limit set explicitly is kept everywhere."""
    dev = Settings.from_env({}).runtime.effective_rate_limits.authentication
    assert dev == DEVELOPMENT_AUTHENTICATION and dev.limit >= 50
    for env in ("test", "production"):
        runtime = attrs.evolve(Settings.from_env({}).runtime, env=env)
        assert runtime.effective_rate_limits.authentication == AUTHENTICATION == RateRule(5, 3600)
    chosen = Settings.from_env({"RATE_LIMIT_AUTHENTICATION": "7/60"})
    assert chosen.runtime.effective_rate_limits.authentication == RateRule(7, 60)
