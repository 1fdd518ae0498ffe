"""The withdrawal minimum setting."""

from __future__ import annotations

import pytest

from bigauto.config import ConfigError, Settings
from bigauto.domain.money.withdrawals import DEFAULT_MIN_WITHDRAWAL


def test_the_minimum_withdrawal_defaults_to_fifty_thousand_rupiah() -> None:
    """Unset, it is the domain's default; set, it is taken as given."""
    assert Settings.from_env({}).money.min_withdrawal == DEFAULT_MIN_WITHDRAWAL == 50_000
    assert Settings.from_env({"BIGAUTO_MIN_WITHDRAWAL": "10000"}).money.min_withdrawal == 10_000


@pytest.mark.parametrize("value", ["0", "-5", "lima puluh"])
def test_a_minimum_that_is_not_a_positive_whole_number_is_refused(value: str) -> None:
    """Zero, negative and non-numbers stop the service from starting."""
    with pytest.raises(ConfigError):
        Settings.from_env({"BIGAUTO_MIN_WITHDRAWAL": value})
