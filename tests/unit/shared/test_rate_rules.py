"""GCRA decisions: bursts, the sustained rate, blocking, several rules at once, settings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bigauto.config import ConfigError, RateLimits, Settings
from bigauto.domain.shared.ratelimit import BucketState, RateRule, decide


def run(rule: RateRule, times: list[float]) -> list[bool]:
    state: BucketState | None = None
    answers = []
    for now in times:
        decision, [state] = decide([(rule, state)], now)
        answers.append(decision.allowed)
    return answers


def test_a_burst_is_admitted_at_once_and_then_the_sustained_rate() -> None:
    """burst requests at t=0, then one per interval (here 10 per 100 s: one every 10 s)."""
    rule = RateRule(limit=10, period=100, burst=3)
    assert run(rule, [0, 0, 0, 0]) == [True, True, True, False]
    assert run(rule, [0, 0, 0, 9.9, 10, 10]) == [True, True, True, False, True, False]


def test_a_refusal_blocks_the_key_for_the_block_time() -> None:
    """With block=60 the next minute is refused even when the budget would allow it."""
    rule = RateRule(limit=1, period=10, burst=1, block=60)
    assert run(rule, [0, 1, 30, 59.9, 61]) == [True, False, False, False, True]


def test_the_decision_says_how_long_to_wait() -> None:
    """Retry-After is the time to the next free slot, rounded up; remaining counts down."""
    rule = RateRule(limit=2, period=60)
    decision, states = decide([(rule, None)], 0)
    assert (decision.allowed, decision.remaining, decision.limit) == (True, 1, 2)
    decision, states = decide([(rule, states[0])], 0)
    decision, _ = decide([(rule, states[0])], 0)
    assert not decision.allowed
    assert decision.retry_after == pytest.approx(30)
    assert decision.headers()["Retry-After"] == "30"
    assert decision.headers()["X-RateLimit-Remaining"] == "0"


def test_several_rules_admit_together_or_count_nothing() -> None:
    """A refusal by one rule leaves the others' budgets untouched."""
    loose, tight = RateRule(limit=100, period=100), RateRule(limit=1, period=100)
    first, states = decide([(loose, None), (tight, None)], 0)
    assert first.allowed and first.limit == 1  # the tightest rule speaks
    second, after = decide([(loose, states[0]), (tight, states[1])], 0)
    assert not second.allowed
    assert after[0] == states[0]


def test_rules_parse_and_scale() -> None:
    """'limit/period,burst,block' reads back; scaling multiplies limit and burst only."""
    rule = RateRule.parse("100/3600,120,300")
    assert rule == RateRule(100, 3600, 120, 300)
    assert RateRule.parse("5/3600") == RateRule(5, 3600, 5, 0)
    assert rule.scaled(Decimal("0.5")) == RateRule(50, 3600, 60, 300)
    assert RateRule(1, 60).scaled(Decimal("0.001")) == RateRule(1, 60, 1, 0)
    for bad in ("100", "0/60", "a/b", "10/60,0"):
        with pytest.raises(ValueError):
            RateRule.parse(bad)


def test_rate_limits_come_from_the_environment() -> None:
    """RATE_LIMIT_<NAME> overrides one rule; RATE_LIMIT_SCALE multiplies them all."""
    settings = Settings.from_env({"RATE_LIMIT_SEARCH": "7/60", "RATE_LIMIT_SCALE": "2"})
    assert settings.runtime.rate_limits.search == RateRule(7, 60)
    assert settings.runtime.rate_limits.guest == RateLimits().guest == RateRule(100, 3600, 120, 300)
    assert settings.runtime.effective_rate_limits.search == RateRule(14, 60, 14)
    assert settings.runtime.effective_rate_limits.seller == RateRule(1000, 3600, 1200, 900)
    with pytest.raises(ConfigError, match="RATE_LIMIT_UPLOAD"):
        Settings.from_env({"RATE_LIMIT_UPLOAD": "lots"})
