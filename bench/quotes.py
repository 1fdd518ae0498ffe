"""Rental quotes per second on one core, for random 1-90 day rentals.

Run: ``python bench/quotes.py [seconds]``. Prints the figures and writes
bench/results/quotes.json. Two plans are measured: a plain one (daily, weekly, monthly rates)
and a full one (weekend and holiday surcharges, two options, a deposit and a promo code).
Reports figures only; it never passes or fails on time.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Measure this checkout's code, not whatever bigauto the interpreter happens to have installed.
sys.path.insert(0, str(ROOT / "src"))

from bigauto.domain.catalogue.pricing import (  # noqa: E402
    WEEKEND,
    OptionCharge,
    PriceRule,
    RatePlan,
    RentalOption,
    quote_rental,
)
from bigauto.domain.catalogue.promo import PromoCode  # noqa: E402
from bigauto.domain.shared.money import Money  # noqa: E402

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PLAIN = RatePlan(Money(500_000), weekly=Money(3_000_000), monthly=Money(10_000_000))
FULL = RatePlan(
    Money(500_000),
    weekly=Money(3_000_000),
    monthly=Money(10_000_000),
    deposit=Money(2_000_000),
    rules=[
        PriceRule("WEEKEND", "Weekend surcharge", weekdays=WEEKEND, percent=Decimal("0.20")),
        PriceRule(
            "HOLIDAY",
            "Public holiday",
            dates=[date(2026, 1, 1), date(2026, 3, 20), date(2026, 3, 21), date(2026, 12, 25)],
            per_day=Money(150_000),
        ),
    ],
    options=[
        RentalOption("WITH_DRIVER", "Driver", Money(300_000)),
        RentalOption("DELIVERY", "Delivery", Money(150_000), OptionCharge.FLAT),
    ],
)
PROMO = PromoCode.percent("HEMAT10", "0.10", expires_at=datetime(2027, 1, 1, tzinfo=UTC))


def requests(n: int, seed: int) -> list[tuple[date, date]]:
    rng = random.Random(seed)
    first = date(2026, 1, 1)
    out = []
    for _ in range(n):
        start = first + timedelta(days=rng.randrange(365))
        out.append((start, start + timedelta(days=rng.randint(1, 90))))
    return out


def measure(plan: RatePlan, full: bool, seconds: float) -> dict[str, float]:
    """Rounds of 1,000 quotes for ``seconds``; the median round is robust to a busy machine."""
    periods = requests(10_000, seed=42)
    options = ("WITH_DRIVER", "DELIVERY") if full else ()
    promo = PROMO if full else None
    rounds: list[float] = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        i = len(rounds) % 10
        batch = periods[i * 1000 : (i + 1) * 1000]
        t0 = time.perf_counter()
        for start, end in batch:
            quote_rental(plan, start, end, options, promo, at=NOW)
        rounds.append(1000 / (time.perf_counter() - t0))
    elapsed = time.perf_counter() - started
    return {
        "median": statistics.median(rounds),
        "best": max(rounds),
        "overall": 1000 * len(rounds) / elapsed,
        "quotes": 1000 * len(rounds),
    }


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    plain = measure(PLAIN, False, seconds)
    full = measure(FULL, True, seconds)
    result = {
        "quotes_per_second": round(plain["median"]),
        "quotes_per_second_full_plan": round(full["median"]),
        "plain_plan": {k: round(v) for k, v in plain.items()},
        "full_plan": {k: round(v) for k, v in full.items()},
        "rental_days": [1, 90],
        "seconds_per_case": seconds,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    for name, figures in (
        ("plain plan (rates only)", plain),
        ("full plan (rules, options, promo)", full),
    ):
        print(
            f"{name:36} median {figures['median']:9,.0f}  best {figures['best']:9,.0f}  "
            f"overall {figures['overall']:9,.0f} quotes/s"
        )
    out = ROOT / "bench" / "results" / "quotes.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
