"""The global rate limiter: GCRA in one Lua script, so a check is one atomic round trip.

The script is the Redis twin of :func:`bigauto.domain.shared.ratelimit.decide` (the contract
tests run both on the same sequences). Each key is a hash ``{tat, blocked}`` that expires when it
would be forgotten anyway. Time comes from the caller's clock, so tests can drive it; instances
should run NTP, as a skew of a second moves a budget by a second.

Fail closed: if Redis cannot be asked, :meth:`RedisRateLimiter.check` raises
``RateLimiterUnavailable`` and the request is refused, never waved through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bigauto.domain.shared.errors import RateLimiterUnavailable
from bigauto.domain.shared.ratelimit import RateDecision
from bigauto.ports.identity.security import RateCheck
from bigauto.ports.shared.system import Clock

# KEYS: one per rule. ARGV: now, then per rule: interval, burst, block, limit.
# Returns {allowed (0/1), limit, remaining, reset_after, retry_after} with floats as strings.
_GCRA = """
local now = tonumber(ARGV[1])
local n = #KEYS
local eps = 1e-6
local admitted = {}
local refused = {}
local states = {}
for i = 1, n do
  local base = 1 + (i - 1) * 4
  local t = tonumber(ARGV[base + 1])
  local burst = tonumber(ARGV[base + 2])
  local block = tonumber(ARGV[base + 3])
  local limit = tonumber(ARGV[base + 4])
  local stored = redis.call('HMGET', KEYS[i], 'tat', 'blocked')
  local tat = tonumber(stored[1]) or now
  local blocked = tonumber(stored[2]) or 0
  states[i] = {tat, blocked}
  if tat < now then tat = now end
  local new_tat = tat + t
  local capacity = burst * t
  if now < blocked then
    local reset = blocked
    if tat > reset then reset = tat end
    refused[#refused + 1] = {i, limit, blocked - now, reset - now, block}
  elseif new_tat - now > capacity + eps then
    local wait = new_tat - capacity - now
    if block > 0 and block > wait then wait = block end
    local reset = tat - now
    if wait > reset then reset = wait end
    refused[#refused + 1] = {i, limit, wait, reset, block}
  else
    local left = math.floor((capacity - (new_tat - now)) / t + eps)
    if left < 0 then left = 0 end
    admitted[#admitted + 1] = {i, limit, left, new_tat - now, new_tat}
  end
end
local function fmt(x) return string.format('%.17g', x) end
if #refused > 0 then
  local worst = refused[1]
  for _, r in ipairs(refused) do
    local i, block = r[1], r[5]
    if block > 0 and states[i][2] <= now then
      local tat = states[i][1]
      local until_ = now + block
      local keep = until_
      if tat > keep then keep = tat end
      redis.call('HSET', KEYS[i], 'tat', fmt(tat), 'blocked', fmt(until_))
      redis.call('PEXPIRE', KEYS[i], math.ceil((keep - now) * 1000) + 1000)
    end
    if r[3] > worst[3] then worst = r end
  end
  return {0, worst[2], 0, fmt(worst[4]), fmt(worst[3])}
end
local best = admitted[1]
for _, a in ipairs(admitted) do
  redis.call('HSET', KEYS[a[1]], 'tat', fmt(a[5]), 'blocked', '0')
  redis.call('PEXPIRE', KEYS[a[1]], math.ceil((a[5] - now) * 1000) + 1000)
  if a[3] < best[3] then best = a end
end
return {1, best[2], best[3], fmt(best[4]), '0'}
"""


class RedisRateLimiter:
    """The ``RateLimiter`` port on Redis (global across instances)."""

    def __init__(self, redis: Redis, clock: Clock, *, prefix: str = "bigauto:rl:") -> None:
        self._redis = redis
        self._clock = clock
        self._prefix = prefix
        self._script = redis.register_script(_GCRA)

    async def check(self, checks: Sequence[RateCheck]) -> RateDecision:
        if not checks:
            raise ValueError("check needs at least one rule")
        now = self._clock.now().timestamp()
        keys = [self._prefix + c.key for c in checks]
        args: list[Any] = [repr(now)]
        for c in checks:
            args += [repr(c.rule.interval), c.rule.burst, c.rule.block, c.rule.limit]
        try:
            # EVALSHA, falling back to EVAL once per server: one round trip per check.
            allowed, limit, remaining, reset, retry = await self._script(keys=keys, args=args)
        except (RedisError, OSError) as error:
            raise RateLimiterUnavailable() from error
        return RateDecision(
            allowed=bool(int(allowed)),
            limit=int(limit),
            remaining=int(remaining),
            reset_after=max(0.0, float(reset)),
            retry_after=max(0.0, float(retry)),
        )


__all__ = ["RedisRateLimiter"]
