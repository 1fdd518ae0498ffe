"""Clocks, id generators and randomness from bigauto.adapters.memory keep their promises."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bigauto.adapters.memory import (
    FixedClock,
    SecretsRandom,
    SequentialIds,
    SystemClock,
    UuidV7Generator,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_the_system_clock_tells_aware_utc_time() -> None:
    """SystemClock.now() is timezone-aware UTC and close to the real time."""
    now = SystemClock().now()
    assert now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_fixed_clock_stands_still_until_moved() -> None:
    """FixedClock answers the same instant until set or advanced."""
    clock = FixedClock(T0)
    assert clock.now() == clock.now() == T0
    assert clock.advance(hours=2) == T0 + timedelta(hours=2)
    assert clock.advance(timedelta(minutes=1), seconds=30) == T0 + timedelta(hours=2, seconds=90)
    clock.set(T0 - timedelta(days=1))
    assert clock.now() == T0 - timedelta(days=1)


def test_a_fixed_clock_speaks_utc_and_refuses_naive_or_backward_time() -> None:
    """Times given in another zone are told back in UTC; naive times and going back fail."""
    wib = timezone(timedelta(hours=7))
    clock = FixedClock(datetime(2025, 3, 1, 16, 0, tzinfo=wib))
    assert clock.now() == T0 and clock.now().tzinfo == UTC
    with pytest.raises(ValueError):
        clock.set(datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        clock.advance(seconds=-1)


def test_uuid7_ids_are_unique_version_7_and_time_ordered() -> None:
    """Ids are UUIDv7 strings that sort in the order they were made."""
    ids = UuidV7Generator()
    made = [ids.new_id() for _ in range(500)]
    assert len(set(made)) == 500
    assert all(uuid.UUID(i).version == 7 for i in made)
    assert made == sorted(made)


def test_sequential_ids_are_predictable_uuid_shaped_and_ordered() -> None:
    """SequentialIds count up from one in UUID-shaped strings that sort in order."""
    ids = SequentialIds()
    made = [ids.new_id() for _ in range(12)]
    assert made[0] == "00000000-0000-7000-8000-000000000001"
    assert made == sorted(made) and len(set(made)) == 12
    assert all(uuid.UUID(i).version == 7 for i in made)


def test_secrets_random_gives_tokens_and_digit_codes_of_the_asked_size() -> None:
    """Tokens carry the requested entropy; codes are exactly ``length`` decimal digits."""
    rng = SecretsRandom()
    assert len({rng.token() for _ in range(50)}) == 50
    assert len(rng.token(16)) >= 21  # 16 bytes in URL-safe base64
    codes = [rng.digits(6) for _ in range(200)]
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(set(codes)) > 150
    with pytest.raises(ValueError):
        rng.digits(0)
