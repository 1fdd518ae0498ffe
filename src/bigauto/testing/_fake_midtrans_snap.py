"""The fake Midtrans server's check of a Snap request body, with Snap's own messages."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, TypeGuard

import attrs

from bigauto.ports.payments.gateway import KNOWN_PAYMENTS

_ORDER_ID = re.compile(r"[A-Za-z0-9\-_~.]{1,50}")
_MINUTES = {"minute": 1, "minutes": 1, "hour": 60, "hours": 60, "day": 1440, "days": 1440}
_DEFAULT_EXPIRY = 24 * 60  # Snap's own default


class SnapBodyError(Exception):
    """A Snap request Midtrans would refuse with a 400 and these ``error_messages``."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@attrs.frozen
class SnapCheckout:
    """What the fake needs from an accepted Snap body."""

    order_id: str
    gross_amount: int
    enabled_payments: tuple[str, ...]
    expiry_minutes: int
    starts_at: datetime | None


def _integer(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _items(items: Any, gross: Any, problems: list[str]) -> None:
    if not isinstance(items, list):
        problems.append("item_details must be an array")
        return
    total = 0
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"item_details[{n}] must be an object")
            continue
        price, quantity, name = item.get("price"), item.get("quantity"), item.get("name")
        if not _integer(price):
            problems.append(f"item_details[{n}].price must be an integer")
        if not _integer(quantity) or quantity < 1:
            problems.append(f"item_details[{n}].quantity must be an integer of at least 1")
        if not isinstance(name, str) or not name:
            problems.append(f"item_details[{n}].name is required")
        elif len(name) > 50:
            problems.append(f"item_details[{n}].name is too long (maximum is 50 characters)")
        if _integer(price) and _integer(quantity):
            total += price * quantity
    if not problems and _integer(gross) and total != gross:
        problems.append("transaction_details.gross_amount is not equal to the sum of item_details")


def _expiry(expiry: Any, problems: list[str]) -> tuple[int, datetime | None]:
    if expiry is None:
        return _DEFAULT_EXPIRY, None
    if not isinstance(expiry, dict):
        problems.append("expiry must be an object")
        return 0, None
    unit, duration = expiry.get("unit"), expiry.get("duration")
    if not isinstance(unit, str) or unit not in _MINUTES:
        problems.append("expiry.unit must be minute, hour or day")
        unit = "minutes"
    if not _integer(duration) or duration < 1:
        problems.append("expiry.duration must be a positive integer")
        duration = 0
    starts_at = None
    if expiry.get("start_time") is not None:
        try:
            starts_at = datetime.strptime(str(expiry["start_time"]), "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            problems.append("expiry.start_time must be in yyyy-MM-dd HH:mm:ss Z format")
    if problems:
        return 0, None
    return _MINUTES[unit] * duration, starts_at


def check_snap_body(body: Any) -> SnapCheckout:
    """The checkout ``body`` asks for, or the SnapBodyError Midtrans would answer."""
    if not isinstance(body, dict):
        raise SnapBodyError(["request body must be a JSON object"])
    problems: list[str] = []
    details = body.get("transaction_details")
    if not isinstance(details, dict):
        raise SnapBodyError(["transaction_details is required"])
    order_id, gross = details.get("order_id"), details.get("gross_amount")
    if not isinstance(order_id, str) or not _ORDER_ID.fullmatch(order_id):
        problems.append("transaction_details.order_id is invalid")
    if not _integer(gross) or gross < 1:
        problems.append("transaction_details.gross_amount must be a positive integer")
        gross = 0
    if "item_details" in body:
        _items(body["item_details"], gross, problems)
    methods = body.get("enabled_payments", sorted(KNOWN_PAYMENTS))
    if not isinstance(methods, list) or not all(m in KNOWN_PAYMENTS for m in methods):
        problems.append("enabled_payments holds an unknown payment method")
    minutes, starts_at = _expiry(body.get("expiry"), problems)
    if problems:
        raise SnapBodyError(problems)
    return SnapCheckout(str(order_id), gross, tuple(methods), minutes, starts_at)


__all__ = ["SnapBodyError", "SnapCheckout", "check_snap_body"]
