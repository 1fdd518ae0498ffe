"""Midtrans notification rules: signatures, the status table, amounts, payload parsing."""

from __future__ import annotations

import hashlib
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.payments.lifecycle import PaymentState, StatusChangeKind, payment_status_change
from bigauto.domain.payments.midtrans_notifications import (
    FraudStatus,
    MidtransNotification,
    TransactionStatus,
    format_gross_amount,
    map_midtrans_status,
    parse_gross_amount,
    sign_notification,
    verify_signature,
)
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import MAX_AMOUNT, Money

KEY = "SB-Mid-server-test-key"
texts = st.text(alphabet=string.ascii_letters + string.digits + "-_.~", min_size=1, max_size=40)
status_codes = st.sampled_from(["200", "201", "202", "407"])
amounts = st.integers(min_value=1, max_value=10**12).map(format_gross_amount)


def test_the_signature_is_the_sha512_hex_of_the_four_fields_in_order() -> None:
    """The signature is SHA-512 over order_id, status_code, gross_amount and server key."""
    expected = hashlib.sha512(b"1111" + b"200" + b"100000.00" + KEY.encode()).hexdigest()
    assert sign_notification("1111", "200", "100000.00", KEY) == expected


@given(texts, status_codes, amounts, texts)
def test_a_signed_notification_verifies_with_the_same_key(
    order_id: str, status_code: str, gross: str, key: str
) -> None:
    """Whatever the fields, what is signed with a key verifies with that key."""
    signature = sign_notification(order_id, status_code, gross, key)
    assert verify_signature(order_id, status_code, gross, key, signature)


@given(texts, status_codes, amounts, st.data())
def test_changing_any_one_character_of_the_signature_fails(
    order_id: str, status_code: str, gross: str, data: st.DataObject
) -> None:
    """A signature with any single character replaced is refused."""
    signature = sign_notification(order_id, status_code, gross, KEY)
    index = data.draw(st.integers(0, len(signature) - 1))
    other = data.draw(st.characters(codec="utf-8").filter(lambda c: c != signature[index]))
    tampered = signature[:index] + other + signature[index + 1 :]
    assert not verify_signature(order_id, status_code, gross, KEY, tampered)


@given(texts, status_codes, amounts, st.sampled_from(["order_id", "status", "gross", "key"]))
def test_a_signature_does_not_cover_other_fields_or_another_key(
    order_id: str, status_code: str, gross: str, changed: str
) -> None:
    """Changing the order, status code, amount or key breaks the signature."""
    signature = sign_notification(order_id, status_code, gross, KEY)
    fields = {"order_id": order_id, "status": status_code, "gross": gross, "key": KEY}
    fields[changed] += "0"
    assert not verify_signature(
        fields["order_id"], fields["status"], fields["gross"], fields["key"], signature
    )


def test_an_upper_case_or_truncated_signature_is_refused() -> None:
    """Only the exact lower-case hex Midtrans sends is accepted."""
    signature = sign_notification("A-1", "200", "10.00", KEY)
    assert not verify_signature("A-1", "200", "10.00", KEY, signature.upper())
    assert not verify_signature("A-1", "200", "10.00", KEY, signature[:-1])
    assert not verify_signature("A-1", "200", "10.00", KEY, "")


_P = PaymentState
# The table, row by row: (transaction_status, fraud_status) → payment state.
TABLE = {
    ("capture", "accept"): _P.PAID,
    ("capture", None): _P.PAID,
    ("capture", "challenge"): _P.PENDING,
    ("capture", "deny"): _P.FAILED,
    ("settlement", None): _P.PAID,
    ("settlement", "accept"): _P.PAID,
    ("pending", None): _P.PENDING,
    ("authorize", None): _P.PENDING,
    ("authorize", "accept"): _P.PENDING,
    ("deny", None): _P.FAILED,
    ("deny", "deny"): _P.FAILED,
    ("deny", "accept"): _P.FAILED,
    ("cancel", None): _P.FAILED,
    ("cancel", "accept"): _P.FAILED,
    ("failure", None): _P.FAILED,
    ("expire", None): _P.EXPIRED,
    ("refund", None): _P.REFUNDED,
    ("refund", "accept"): _P.REFUNDED,
    ("partial_refund", None): _P.PARTIALLY_REFUNDED,
    ("chargeback", None): _P.REFUNDED,
    ("partial_chargeback", None): _P.PARTIALLY_REFUNDED,
}


@pytest.mark.parametrize(("transaction_status", "fraud_status"), sorted(TABLE, key=str))
def test_midtrans_statuses_map_as_the_table_says(
    transaction_status: str, fraud_status: str | None
) -> None:
    """Each (transaction_status, fraud_status) pair maps to the payment state of the table."""
    expected = TABLE[(transaction_status, fraud_status)]
    assert map_midtrans_status(transaction_status, fraud_status) is expected


def test_every_midtrans_status_and_verdict_has_a_mapping() -> None:
    """No status or fraud verdict Midtrans sends is left out of the table."""
    assert {status for status, _ in TABLE} == set(TransactionStatus)
    verdicts = {fraud for status, fraud in TABLE if status == "capture"}
    assert verdicts == {None, *FraudStatus}


@pytest.mark.parametrize(
    ("transaction_status", "fraud_status"),
    [("settled", None), ("", None), ("CAPTURE", "accept"), ("capture", "maybe")],
)
def test_an_unknown_status_or_verdict_is_a_validation_error(
    transaction_status: str, fraud_status: str | None
) -> None:
    """Statuses outside Midtrans' vocabulary are refused, never guessed."""
    with pytest.raises(ValidationFailed):
        map_midtrans_status(transaction_status, fraud_status)


def test_a_challenged_capture_then_its_acceptance_moves_the_payment_forward() -> None:
    """capture+challenge keeps the payment pending, so the later settlement still applies."""
    held = map_midtrans_status("capture", "challenge")
    settled = map_midtrans_status("settlement")
    assert payment_status_change(held, settled).kind is StatusChangeKind.FORWARD


@pytest.mark.parametrize(("text", "units"), [("150000.00", 150000), ("150000", 150000), ("0.0", 0)])
def test_gross_amounts_are_read_as_whole_rupiah(text: str, units: int) -> None:
    """Midtrans' decimal strings with a zero fraction are whole rupiah."""
    assert parse_gross_amount(text) == Money(units)


@pytest.mark.parametrize(
    "text", ["150000.50", "150000.01", "-1.00", "1e5", " 100.00", "1,000.00", "", "abc", ".5"]
)
def test_odd_or_fractional_gross_amounts_are_refused(text: str) -> None:
    """A fractional, signed, exponent or otherwise odd amount is not one Midtrans sends."""
    with pytest.raises(ValidationFailed):
        parse_gross_amount(text)


def test_an_amount_beyond_the_money_bound_is_refused() -> None:
    """An amount over the engine's bound is an error, not a wrap."""
    with pytest.raises(ValidationFailed):
        parse_gross_amount(format_gross_amount(MAX_AMOUNT + 1))


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_formatting_then_parsing_an_amount_gives_it_back(units: int) -> None:
    """format_gross_amount and parse_gross_amount are inverse on whole amounts."""
    assert parse_gross_amount(format_gross_amount(Money(units))) == Money(units)


def _payload(**changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "transaction_time": "2025-01-01 10:00:00",
        "transaction_status": "capture",
        "transaction_id": "513f1f01-c9da-474c-9fc9-d5c64364b709",
        "status_message": "midtrans payment notification",
        "status_code": "200",
        "payment_type": "credit_card",
        "order_id": "RENT-42",
        "gross_amount": "450000.00",
        "fraud_status": "accept",
        "masked_card": "48111111-1114",
    }
    payload["signature_key"] = sign_notification("RENT-42", "200", "450000.00", KEY)
    payload.update(changes)
    return payload


def test_a_notification_payload_is_read_with_its_state_amount_and_signature() -> None:
    """from_payload reads the fields the engine acts on and keeps the rest as raw."""
    notification = MidtransNotification.from_payload(_payload())
    assert notification.state is PaymentState.PAID
    assert notification.amount == Money(450_000)
    assert notification.signature_is_valid(KEY)
    assert not notification.signature_is_valid("another-key")
    assert notification.raw["masked_card"] == "48111111-1114"


@pytest.mark.parametrize(
    "field", ["order_id", "status_code", "gross_amount", "signature_key", "transaction_status"]
)
def test_a_notification_without_a_required_field_is_refused_naming_it(field: str) -> None:
    """A missing, empty or non-text required field is a ValidationFailed naming the field."""
    for broken in (_payload(**{field: None}), _payload(**{field: ""}), _payload(**{field: 7})):
        with pytest.raises(ValidationFailed) as caught:
            MidtransNotification.from_payload(broken)
        assert caught.value.details["field"] == field


def test_optional_notification_fields_may_be_absent_but_not_of_another_type() -> None:
    """fraud_status and the like may be missing; a number where text belongs is refused."""
    payload = _payload()
    del payload["fraud_status"], payload["payment_type"]
    notification = MidtransNotification.from_payload(payload)
    assert notification.fraud_status is None and notification.state is PaymentState.PAID
    with pytest.raises(ValidationFailed):
        MidtransNotification.from_payload(_payload(fraud_status=1))


def test_a_payload_that_is_not_an_object_is_refused() -> None:
    """A JSON array or string is not a notification."""
    with pytest.raises(ValidationFailed):
        MidtransNotification.from_payload(["order_id"])  # type: ignore[arg-type]
