"""How many availability checks per second one core answers against a busy calendar.

Builds a calendar of ``N_ENTRIES`` entries (bookings, owner blocks that overlap them, and a
few payment holds, half of them expired) over about 80 years of days, then times
``Calendar.is_available`` on random periods. Prints the figures and writes
bench/results/availability.json. It reports; it never passes or fails on time.

    PYTHONPATH=src python bench/availability.py
"""

from __future__ import annotations

import json
import platform
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bigauto.domain.catalogue.availability import Calendar, CalendarEntry
from bigauto.domain.shared.periods import DatePeriod

N_ENTRIES = 10_000
N_CHECKS = 200_000
N_HOLDS = 50
TURNAROUND_DAYS = 1
SEED = 20260101
NOW = datetime(2026, 1, 1, tzinfo=UTC)
FIRST_DAY = date(2026, 1, 1)


def build_calendar(rng: random.Random) -> Calendar:
    entries: list[CalendarEntry] = []
    day = FIRST_DAY
    for i in range(N_ENTRIES - N_HOLDS):
        day += timedelta(days=rng.randint(0, 12))
        period = DatePeriod(day, day + timedelta(days=rng.randint(1, 5)))
        if i % 10 == 9:
            entries.append(CalendarEntry.block(f"block-{i}", period))
        else:
            entries.append(CalendarEntry.booking(f"booking-{i}", period))
            day = period.end
    span = (day - FIRST_DAY).days
    for i in range(N_HOLDS):
        start = FIRST_DAY + timedelta(days=rng.randrange(span))
        expires_at = NOW + timedelta(minutes=rng.choice([-30, 30]))
        period = DatePeriod(start, start + timedelta(days=rng.randint(1, 7)))
        entries.append(CalendarEntry.hold(f"hold-{i}", period, expires_at=expires_at))
    return Calendar.of(entries, turnaround_days=TURNAROUND_DAYS)


def main() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    calendar = build_calendar(rng)
    build_seconds = time.perf_counter() - started

    last = max(e.period.end for e in calendar.entries)
    span = (last - FIRST_DAY).days
    periods = []
    for _ in range(N_CHECKS):
        start = FIRST_DAY + timedelta(days=rng.randrange(span))
        periods.append(DatePeriod(start, start + timedelta(days=rng.randint(1, 14))))

    is_available = calendar.is_available
    started = time.perf_counter()
    free = [p for p in periods if is_available(p, at=NOW)]
    check_seconds = time.perf_counter() - started
    # An available answer is the slow path: it must also rule out every live hold.
    started = time.perf_counter()
    for p in free:
        is_available(p, at=NOW)
    free_seconds = time.perf_counter() - started

    within = DatePeriod(FIRST_DAY, FIRST_DAY + timedelta(days=90))
    started = time.perf_counter()
    rounds = 2_000
    for _ in range(rounds):
        calendar.free_windows(within, at=NOW)
    windows_seconds = time.perf_counter() - started

    result = {
        "n_entries": len(calendar),
        "n_checks": N_CHECKS,
        "checks_per_second": round(N_CHECKS / check_seconds),
        "microseconds_per_check": round(check_seconds / N_CHECKS * 1e6, 3),
        "available_fraction": round(len(free) / N_CHECKS, 3),
        "available_checks_per_second": round(len(free) / free_seconds),
        "build_seconds": round(build_seconds, 4),
        "free_windows_90_days_per_second": round(rounds / windows_seconds),
        "turnaround_days": TURNAROUND_DAYS,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }
    for key, value in result.items():
        print(f"{key:>32}: {value}")
    out = Path(__file__).parent / "results" / "availability.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
