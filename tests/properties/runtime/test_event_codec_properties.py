"""The bus codec: every event survives the trip to bytes and back; bad bytes say what is wrong."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.adapters.event_codec import EventDecodeError, decode_event, encode_event
from bigauto.domain.shared.events import DomainEvent

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
events = st.builds(
    DomainEvent,
    name=st.from_regex(r"[a-z]{1,10}(\.[a-z_]{1,12}){1,2}", fullmatch=True),
    event_id=st.uuids().map(str),
    occurred_at=st.datetimes(timezones=offsets),
    aggregate_type=st.text(min_size=1, max_size=20),
    aggregate_id=st.text(min_size=1, max_size=40),
    payload=st.dictionaries(st.text(max_size=12), json_values, max_size=6),
)


@given(events)
def test_an_event_decodes_to_itself(event: DomainEvent):
    """decode(encode(e)) == e, payload, offset and microseconds included."""
    decoded = decode_event(encode_event(event))
    assert decoded == event
    assert decoded.occurred_at.utcoffset() == event.occurred_at.utcoffset()


@given(events)
def test_unknown_keys_from_a_newer_writer_are_ignored(event: DomainEvent):
    """An event written with an extra field still decodes (rolling deploys read each other)."""
    wire = json.loads(encode_event(event))
    wire["added_in_a_later_version"] = {"x": 1}
    assert decode_event(json.dumps(wire).encode()) == event


def good_wire() -> dict[str, object]:
    event = DomainEvent("rental.paid", "e-1", datetime(2026, 1, 1, tzinfo=UTC), "rental", "r-1")
    return json.loads(encode_event(event))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda w: w.pop("event_id"), "required field missing @ $.event_id"),
        (lambda w: w.update(occurred_at="2026-01-01T00:00:00"), "$.occurred_at"),
        (lambda w: w.update(occurred_at=12), "$.occurred_at"),
        (lambda w: w.update(payload=[1, 2]), "expected an object @ $.payload"),
    ],
)
def test_a_malformed_event_names_the_field(change, says: str):
    """Missing fields, naive or non-string times and a non-object payload are refused by name."""
    wire = good_wire()
    change(wire)
    with pytest.raises(EventDecodeError, match=says.replace("$", r"\$").replace(".", r"\.")):
        decode_event(json.dumps(wire).encode())


@pytest.mark.parametrize("data", [b"", b"{", b"\xff\xfe", b"[1]", b'"text"'])
def test_bytes_that_are_not_a_json_object_are_refused(data: bytes):
    """Garbage on the stream is an EventDecodeError, never another exception."""
    with pytest.raises(EventDecodeError):
        decode_event(data)
