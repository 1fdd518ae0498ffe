"""Settings sections: each setting declared once, read by one generic reader."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.config import ConfigError, Settings
from bigauto.services.shared.settings import declared, read_section, section, setting

DECLARED = declared(Settings)
VARIABLES = {d.setting.env: d for d in DECLARED}
INTEGERS = sorted(name for name, d in VARIABLES.items() if d.kind is int)
# The backoff pair is also checked against each other (max >= base); left out here.
DECIMALS = sorted(
    name
    for name, d in VARIABLES.items()
    if d.kind in (Decimal, float) and "BACKOFF_BASE" not in name and "BACKOFF_MAX" not in name
)


def _value(settings: Settings, name: str) -> object:
    value: object = settings
    for part in VARIABLES[name].path:
        value = getattr(value, part)
    return value


@attrs.frozen
class Inner:
    """A nested section for the reader's tests."""

    rate: Decimal = setting(env="T_RATE", default=Decimal("0.5"), low=0, high=1)


@attrs.frozen
class Outer:
    """A section for the reader's tests, with a default computed from an earlier field."""

    home: Path = setting(env="T_HOME", default=Path("var"))
    database: str = setting(
        env="T_DATABASE", default=attrs.Factory(lambda s: f"sqlite:///{s.home}/x.db", True)
    )
    level: str = setting(env="T_LEVEL", default="INFO", choices={"INFO", "DEBUG"}, case="upper")
    inner: Inner = section(Inner)

    def check(self) -> None:
        if self.level == "DEBUG" and self.inner.rate > Decimal("0.9"):
            raise ConfigError("T_LEVEL=DEBUG wants T_RATE at most 0.9")


def test_every_variable_is_declared_by_exactly_one_setting() -> None:
    """No two settings, in any sections, read the same environment variable."""
    names = Counter(d.setting.env for d in DECLARED)
    assert [name for name, times in names.items() if times > 1] == []
    assert len(DECLARED) == 83


def test_each_context_has_its_own_section() -> None:
    """Settings is one section per context, the runtime's holding the process and edge."""
    assert [field.name for field in attrs.fields(Settings)] == [
        "runtime",
        "identity",
        "catalogue",
        "bookings",
        "payments",
        "money",
        "chat",
        "notifications",
    ]
    settings = Settings.from_env({"JWT_SECRET": "s" * 40, "BIGAUTO_CHAT_FRAME_RATE": "5/1"})
    assert settings.identity.jwt_secret == "s" * 40
    assert str(settings.chat.frame_rate) == "RateRule(limit=5, period=1, burst=5, block=0)"


def test_the_reader_takes_set_variables_and_leaves_the_rest_to_the_defaults() -> None:
    """Set variables are parsed by the field's type; blank ones count as unset."""
    read = read_section(Outer, {"T_LEVEL": "debug", "T_RATE": " 0.25 ", "T_DATABASE": "  "})
    assert read == Outer(Path("var"), "sqlite:///var/x.db", "DEBUG", Inner(Decimal("0.25")))


def test_a_computed_default_follows_the_fields_it_is_computed_from() -> None:
    """The database under the var dir moves with BIGAUTO_VAR_DIR, unless it is set itself."""
    moved = Settings.from_env({"BIGAUTO_VAR_DIR": "/srv/bigauto"})
    assert moved.runtime.database_url == "sqlite+aiosqlite:////srv/bigauto/bigauto.db"
    assert read_section(Outer, {"T_HOME": "/h"}).database == "sqlite:////h/x.db"


def test_a_section_check_runs_once_the_section_is_read() -> None:
    """Rules across a section's fields are the section's own check()."""
    with pytest.raises(ConfigError, match=r"T_RATE at most 0\.9"):
        read_section(Outer, {"T_LEVEL": "DEBUG", "T_RATE": "1"})


@given(name=st.sampled_from(INTEGERS), value=st.integers(-(10**9), 10**9))
def test_a_whole_number_setting_is_taken_inside_its_bounds_and_refused_outside(
    name: str, value: int
) -> None:
    """Any integer within the declared bounds is read as given; outside, the error names it."""
    spec = VARIABLES[name].setting
    if (spec.low is None or value >= spec.low) and (spec.high is None or value <= spec.high):
        assert _value(Settings.from_env({name: str(value)}), name) == value
    else:
        with pytest.raises(ConfigError, match=f"^{name} must be between"):
            Settings.from_env({name: str(value)})


@given(
    name=st.sampled_from(DECIMALS),
    value=st.decimals(min_value=-5000, max_value=100000, places=3, allow_nan=False),
)
def test_a_decimal_setting_is_taken_inside_its_bounds_and_refused_outside(
    name: str, value: Decimal
) -> None:
    """Rates and seconds are read exactly and bounded exactly, whatever their scale."""
    spec = VARIABLES[name].setting
    assert spec.low is not None and spec.high is not None
    if Decimal(spec.low) <= value <= Decimal(spec.high):
        read = _value(Settings.from_env({name: str(value)}), name)
        assert read == (value if VARIABLES[name].kind is Decimal else float(value))
    else:
        with pytest.raises(ConfigError, match=f"^{name} must be between"):
            Settings.from_env({name: str(value)})
