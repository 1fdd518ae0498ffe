"""JSON columns of the booking tables: quotes, documents and opening hours.

Each shape is written and read by one pair of functions here, so a stored value always comes
back equal to what went in (the contract tests compare whole aggregates).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from bigauto.domain.bookings.lifecycles import SaleDocument
from bigauto.domain.bookings.sales import DocumentTransfer
from bigauto.domain.bookings.test_drives import DayHours, OpeningHours
from bigauto.domain.catalogue.quote import Quote, QuoteLine
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod


def quote_to_json(quote: Quote) -> dict[str, Any]:
    return {
        "start": quote.period.start.isoformat(),
        "end": quote.period.end.isoformat(),
        "days": quote.days,
        "currency": quote.total.currency,
        "lines": [
            {
                "code": line.code,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price.amount,
                "amount": line.amount.amount,
            }
            for line in quote.lines
        ],
        "subtotal": quote.subtotal.amount,
        "discount": quote.discount.amount,
        "deposit": quote.deposit.amount,
        "total": quote.total.amount,
        "promo_code": quote.promo_code,
    }


def quote_from_json(data: dict[str, Any]) -> Quote:
    currency = data["currency"]

    def money(amount: int) -> Money:
        return Money(amount, currency)

    return Quote(
        period=DatePeriod(date.fromisoformat(data["start"]), date.fromisoformat(data["end"])),
        days=data["days"],
        lines=tuple(
            QuoteLine(
                code=line["code"],
                description=line["description"],
                quantity=line["quantity"],
                unit_price=money(line["unit_price"]),
                amount=money(line["amount"]),
            )
            for line in data["lines"]
        ),
        subtotal=money(data["subtotal"]),
        discount=money(data["discount"]),
        deposit=money(data["deposit"]),
        total=money(data["total"]),
        promo_code=data.get("promo_code"),
    )


def documents_to_json(rows: Iterable[DocumentTransfer]) -> list[dict[str, Any]]:
    return [
        {"document": r.document.value, "by": r.transferred_by, "at": r.transferred_at.isoformat()}
        for r in rows
    ]


def documents_from_json(rows: Iterable[dict[str, Any]]) -> tuple[DocumentTransfer, ...]:
    return tuple(
        DocumentTransfer(SaleDocument(r["document"]), r["by"], datetime.fromisoformat(r["at"]))
        for r in rows
    )


def hours_to_json(hours: OpeningHours) -> list[dict[str, Any]]:
    return [
        {"weekday": d.weekday, "opens": d.opens.isoformat(), "closes": d.closes.isoformat()}
        for d in hours.days
    ]


def hours_from_json(rows: Iterable[dict[str, Any]]) -> OpeningHours:
    return OpeningHours(
        tuple(
            DayHours(r["weekday"], time.fromisoformat(r["opens"]), time.fromisoformat(r["closes"]))
            for r in rows
        )
    )


__all__ = [
    "documents_from_json",
    "documents_to_json",
    "hours_from_json",
    "hours_to_json",
    "quote_from_json",
    "quote_to_json",
]
