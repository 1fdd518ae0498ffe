"""The embedded rate limiter: GCRA state in a dict, for one process.

Limits are per process; run several instances and each keeps its own counts (set ``REDIS_URL``
for global limits). Idle keys are swept now and then, so memory follows the active clients.
"""

from __future__ import annotations

from collections.abc import Sequence

from bigauto.domain.shared.ratelimit import BucketState, RateDecision, decide
from bigauto.ports.identity.security import RateCheck
from bigauto.ports.shared.system import Clock

_SWEEP_EVERY = 10_000


class MemoryRateLimiter:
    """The ``RateLimiter`` port in process memory (atomic: no await between read and write)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._states: dict[str, BucketState] = {}
        self._checks = 0

    async def check(self, checks: Sequence[RateCheck]) -> RateDecision:
        now = self._clock.now().timestamp()
        decision, states = decide([(c.rule, self._states.get(c.key)) for c in checks], now)
        for check, state in zip(checks, states, strict=True):
            if state is None:
                self._states.pop(check.key, None)
            else:
                self._states[check.key] = state
        self._checks += 1
        if self._checks % _SWEEP_EVERY == 0:
            self._sweep(now)
        return decision

    def _sweep(self, now: float) -> None:
        for key in [k for k, state in self._states.items() if state.is_idle(now)]:
            del self._states[key]

    def __len__(self) -> int:
        return len(self._states)


__all__ = ["MemoryRateLimiter"]
