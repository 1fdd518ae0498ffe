"""Domain events to bytes and back, for the bus (NATS JetStream payloads).

The wire form is one JSON object: ``event_id``, ``name``, ``occurred_at`` (ISO 8601 with its
offset), ``aggregate_type``, ``aggregate_id`` and ``payload`` (the event's JSON-friendly values).

Unknown keys are ignored here, unlike at the HTTP edge: a durable stream is read by old and new
versions side by side during a rolling deploy, and an older worker must still handle an event a
newer one wrote with an extra field.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import cattrs
from cattrs.errors import ClassValidationError
from cattrs.v import transform_error

from bigauto.domain.shared.events import DomainEvent


class EventDecodeError(ValueError):
    """Bytes that are not a well-formed event; the message names the offending field."""


def _structure_datetime(value: Any, _: type) -> datetime:
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 date-time string")
    at = datetime.fromisoformat(value)
    if at.tzinfo is None:
        raise ValueError("expected a date-time with an offset")
    return at


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(datetime, _structure_datetime)
    return converter


_converter = _make_converter()


def encode_event(event: DomainEvent) -> bytes:
    """The wire form of ``event`` (compact UTF-8 JSON)."""
    data = _converter.unstructure(event)
    data["payload"] = dict(event.payload)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def decode_event(data: bytes) -> DomainEvent:
    """The event ``data`` encodes; :class:`EventDecodeError` if it does not encode one."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EventDecodeError(f"not JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise EventDecodeError("expected a JSON object")
    if not isinstance(raw.get("payload", {}), dict):
        raise EventDecodeError("expected an object @ $.payload")
    try:
        return _converter.structure(raw, DomainEvent)
    except ClassValidationError as exc:
        raise EventDecodeError("; ".join(transform_error(exc))) from None


__all__ = ["EventDecodeError", "decode_event", "encode_event"]
