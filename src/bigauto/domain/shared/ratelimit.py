"""Rate limits as GCRA (the generic cell rate algorithm), decided purely from state and time.

A :class:`RateRule` allows ``limit`` requests per ``period`` seconds, in bursts of up to
``burst``, and after a refusal may block the key for ``block`` seconds. GCRA keeps one number
per key, the theoretical arrival time (TAT) of the next request; its guarantee, which the tests
check for every adapter, is that **in any window of d seconds at most ``burst + d / interval``
requests are admitted** (``interval = period / limit``).

Several rules can be checked at once (a tier and an endpoint category, say); a request is
admitted only when every rule admits it, and only then does any of them count it. The Redis
adapter runs the same arithmetic in one Lua script; :func:`decide` is the reference.

>>> rule = RateRule(limit=2, period=60)
>>> state = None
>>> decisions = []
>>> for _ in range(3):
...     decision, [state] = decide([(rule, state)], now=0.0)
...     decisions.append(decision.allowed)
>>> decisions
[True, True, False]
>>> decide([(rule, state)], now=30.0)[0].allowed
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

# Float slack (a microsecond; epoch seconds as floats carry about 0.2 µs of rounding).
_EPSILON = 1e-6
_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*(?:,\s*(\d+)\s*)?(?:,\s*(\d+)\s*)?$")


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, not {value}")


@attrs.frozen
class RateRule:
    """``limit`` requests per ``period`` seconds, in bursts up to ``burst``; ``block`` seconds
    of refusals after the first one."""

    limit: int = attrs.field(validator=_positive)
    period: int = attrs.field(validator=_positive)
    burst: int = attrs.field(
        default=attrs.Factory(lambda self: self.limit, takes_self=True), validator=_positive
    )
    block: int = 0

    def __attrs_post_init__(self) -> None:
        if self.block < 0:
            raise ValueError(f"block must be at least 0, not {self.block}")

    @property
    def interval(self) -> float:
        """Seconds between requests at the sustained rate."""
        return self.period / self.limit

    def scaled(self, factor: Decimal) -> RateRule:
        """The rule with ``limit`` and ``burst`` multiplied by ``factor`` (at least 1 each)."""

        def times(n: int) -> int:
            return max(1, int((n * factor).to_integral_value(ROUND_HALF_UP)))

        return attrs.evolve(self, limit=times(self.limit), burst=times(self.burst))

    @classmethod
    def parse(cls, spec: str) -> RateRule:
        """Read ``"limit/period[,burst[,block]]"``, e.g. ``"100/3600,120,300"``."""
        found = _SPEC.match(spec)
        if found is None:
            raise ValueError(f"{spec!r} is not a rate such as '100/3600' or '100/3600,120,300'")
        limit, period, burst, block = found.groups()
        return cls(int(limit), int(period), int(burst or limit), int(block or 0))

    def spec(self) -> str:
        return f"{self.limit}/{self.period},{self.burst},{self.block}"


@attrs.frozen
class BucketState:
    """What a limiter remembers per key: the TAT and, while blocked, until when."""

    tat: float
    blocked_until: float = 0.0

    def is_idle(self, now: float) -> bool:
        """Nothing left to remember: the same as a key never seen."""
        return self.tat <= now and self.blocked_until <= now


@attrs.frozen
class RateDecision:
    """The answer of one check: admitted or not, and what to tell the client in headers."""

    allowed: bool
    limit: int
    remaining: int
    reset_after: float
    retry_after: float = 0.0

    def headers(self) -> dict[str, str]:
        """``X-RateLimit-*`` (and ``Retry-After`` when refused), whole seconds rounded up."""
        values = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(math.ceil(self.reset_after)),
        }
        if not self.allowed:
            values["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        return values


def decide(
    checks: Sequence[tuple[RateRule, BucketState | None]], now: float
) -> tuple[RateDecision, list[BucketState | None]]:
    """Admit one request against every rule, or none; answer the decision and the new states.

    The decision describes the tightest rule: the one with the fewest requests left when
    admitted, the one that asks the longest wait when refused.
    """
    if not checks:
        raise ValueError("decide needs at least one rule")
    admitted: list[tuple[RateRule, float]] = []
    refusals: list[tuple[int, RateRule, float, float]] = []
    for index, (rule, state) in enumerate(checks):
        t = rule.interval
        capacity = rule.burst * t
        tat = max(state.tat if state else now, now)
        new_tat = tat + t
        blocked_until = state.blocked_until if state else 0.0
        if now < blocked_until:
            refusals.append((index, rule, blocked_until - now, max(tat, blocked_until) - now))
        elif new_tat - now > capacity + _EPSILON:
            wait = new_tat - capacity - now
            if rule.block:
                wait = max(wait, float(rule.block))
            refusals.append((index, rule, wait, max(tat - now, wait)))
        else:
            admitted.append((rule, new_tat))
    if refusals:
        states = list(_states(checks))
        for index, rule, _, _ in refusals:
            state = states[index]
            if rule.block and (state is None or state.blocked_until <= now):
                states[index] = BucketState(
                    tat=state.tat if state else now, blocked_until=now + rule.block
                )
        _, rule, wait, reset = max(refusals, key=lambda r: r[2])
        return RateDecision(False, rule.limit, 0, reset, wait), states
    decisions = [
        RateDecision(True, rule.limit, _remaining(rule, new_tat - now), new_tat - now)
        for rule, new_tat in admitted
    ]
    best = min(decisions, key=lambda d: d.remaining)
    return best, [BucketState(tat=new_tat) for _, new_tat in admitted]


def _remaining(rule: RateRule, used: float) -> int:
    """Whole requests still admissible now, given ``used`` seconds of the burst budget."""
    left = (rule.burst * rule.interval - used) / rule.interval
    return max(0, math.floor(left + _EPSILON))


def _states(
    checks: Sequence[tuple[RateRule, BucketState | None]],
) -> Sequence[BucketState | None]:
    return [state for _, state in checks]


__all__ = ["BucketState", "RateDecision", "RateRule", "decide"]
