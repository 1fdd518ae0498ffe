"""Payment settings: enabled methods, the status check and the public URL."""

from __future__ import annotations

import pytest

from bigauto.config import ConfigError, Settings
from bigauto.ports.payments.gateway import DEFAULT_ENABLED_PAYMENTS


def test_payment_settings_default_to_the_issues_choices() -> None:
    """Default methods, status confirmation on, and the local public URL."""
    settings = Settings.from_env({})
    assert settings.payments.midtrans_enabled_payments == DEFAULT_ENABLED_PAYMENTS
    assert settings.payments.midtrans_verify_status is True
    assert settings.runtime.public_url == "http://127.0.0.1:8000"


def test_ovo_and_dana_are_offered_only_when_configured() -> None:
    """MIDTRANS_ENABLED_PAYMENTS is a comma list, read in order without repeats."""
    settings = Settings.from_env(
        {"MIDTRANS_ENABLED_PAYMENTS": "gopay, OVO,dana,gopay", "MIDTRANS_VERIFY_STATUS": "false"}
    )
    assert settings.payments.midtrans_enabled_payments == ("gopay", "ovo", "dana")
    assert settings.payments.midtrans_verify_status is False


@pytest.mark.parametrize("value", ["gopay,paypal", ",", "bitcoin"])
def test_an_unknown_payment_method_is_a_configuration_error(value: str) -> None:
    """A method Snap does not know stops the start with the allowed names."""
    with pytest.raises(ConfigError):
        Settings.from_env({"MIDTRANS_ENABLED_PAYMENTS": value})
