"""The HTTP JSON codec: strict structuring with field paths in errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.entrypoints.http.codec import RequestInvalid, converter, decode


@attrs.frozen
class Booking:
    vehicle_id: str
    start_date: date
    days: int
    rate: Decimal = Decimal("0.05")
    note: str | None = None


def test_a_valid_body_is_structured() -> None:
    """Dates, ints and decimal strings become their Python types."""
    body = b'{"vehicle_id": "v1", "start_date": "2026-12-01", "days": 3, "rate": "0.10"}'
    assert decode(body, Booking) == Booking("v1", date(2026, 12, 1), 3, Decimal("0.10"))


def test_unknown_fields_are_refused_with_their_names() -> None:
    """An extra key is a 422 naming it, so a client's typo is not silently ignored."""
    with pytest.raises(RequestInvalid) as caught:
        decode(b'{"vehicle_id": "v1", "start_date": "2026-12-01", "days": 3, "dayz": 4}', Booking)
    assert "dayz" in caught.value.message


def test_a_missing_field_is_named_by_its_path() -> None:
    """The message carries the JSON path of the missing field."""
    with pytest.raises(RequestInvalid) as caught:
        decode(b'{"start_date": "2026-12-01", "days": 3}', Booking)
    assert "$.vehicle_id" in caught.value.message


@pytest.mark.parametrize("days", ['"3"', "3.5", "true"])
def test_numbers_are_not_coerced_from_other_types(days: str) -> None:
    """A string, a fraction or a boolean is not a whole number of days."""
    with pytest.raises(RequestInvalid) as caught:
        decode(f'{{"vehicle_id": "v", "start_date": "2026-12-01", "days": {days}}}', Booking)
    assert any("$.days" in e for e in caught.value.details["errors"])


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_refused(raw: bytes) -> None:
    """Malformed JSON and non-objects are validation errors, not crashes."""
    with pytest.raises(RequestInvalid):
        decode(raw, Booking)


def test_a_json_number_rate_keeps_its_decimal_digits() -> None:
    """0.05 sent as a JSON number is Decimal('0.05'), not the float's binary expansion."""
    parsed = decode(
        b'{"vehicle_id": "v", "start_date": "2026-12-01", "days": 1, "rate": 0.05}', Booking
    )
    assert parsed.rate == Decimal("0.05")


@given(
    st.builds(
        Booking,
        vehicle_id=st.text(min_size=1),
        start_date=st.dates(),
        days=st.integers(1, 365),
        rate=st.decimals(min_value=0, max_value=1, places=4),
        note=st.none() | st.text(),
    )
)
def test_structure_undoes_unstructure(booking: Booking) -> None:
    """Round trip through the converter gives back the same value."""
    assert converter.structure(converter.unstructure(booking), Booking) == booking
