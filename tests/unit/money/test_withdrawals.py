"""The withdrawal aggregate and the bank account it pays to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.money.withdrawals import BANKS, BankAccount, Withdrawal
from bigauto.domain.shared.errors import InvalidTransition, ValidationFailed
from bigauto.domain.shared.money import Money

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)
ACCOUNT = BankAccount("mandiri", "1370012345678", "PT Maju Jaya")


def a_request(amount: int = 100_000) -> Withdrawal:
    withdrawal, _ = Withdrawal.request(
        withdrawal_id="w1",
        seller_id="budi",
        amount=Money(amount),
        bank_account=ACCOUNT,
        minimum=Money(50_000),
        now=NOW,
        event_id="e1",
    )
    return withdrawal


def test_a_clearing_code_is_stored_as_the_banks_short_code() -> None:
    """ "014" is BCA; upper case and spaces do not matter; every listed code round-trips."""
    assert BankAccount(" 014 ", "123456", "A").bank_code == "bca"
    assert BankAccount("BNI", "123456", "A").bank.name == "Bank Negara Indonesia"
    for bank in BANKS.values():
        assert BankAccount(bank.clearing_code, "123456", "A").bank_code == bank.code


@given(st.text(alphabet="0123456789", min_size=6, max_size=20))
def test_any_six_to_twenty_digits_is_an_account_number(digits: str) -> None:
    """Leading zeros are kept; dashes and spaces people type are dropped."""
    spaced = "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    assert BankAccount("bca", spaced, "A").account_number == digits


def _digits_once_tidied(text: str) -> bool:
    tidy = "".join(text.split()).replace("-", "")
    return tidy.isascii() and tidy.isdigit()


@given(
    st.text(alphabet="0123456789", max_size=5)
    | st.text(alphabet="0123456789", min_size=21, max_size=40)
    | st.text(min_size=1).filter(lambda t: not _digits_once_tidied(t))
)
def test_anything_else_is_not_an_account_number(text: str) -> None:
    """Too short, too long, or not digits: refused, naming the field."""
    with pytest.raises(ValidationFailed) as refused:
        BankAccount("bca", text, "A")
    assert refused.value.details["field"] == "account_number"


def test_the_account_name_is_trimmed_and_bounded() -> None:
    """Inner runs of spaces collapse; empty and over-long names are refused."""
    assert BankAccount("bca", "123456", "  Budi   Santoso ").account_name == "Budi Santoso"
    for bad in ("", "   ", "x" * 101):
        with pytest.raises(ValidationFailed):
            BankAccount("bca", "123456", bad)


def test_a_request_starts_requested_with_its_creation_in_the_history() -> None:
    """The first history row has no previous state and is the seller's."""
    withdrawal = a_request()
    assert withdrawal.status == "requested"
    assert withdrawal.history[0].from_state is None
    assert withdrawal.history[0].actor_id == "budi"


def test_a_request_below_the_minimum_is_refused() -> None:
    """The minimum is inclusive."""
    a_request(50_000)
    with pytest.raises(ValidationFailed):
        a_request(49_999)


def test_reject_keeps_a_tidy_reason_and_refuses_an_essay() -> None:
    """The reason is stored trimmed; more than 300 characters is a validation error."""
    rejected, event = a_request().reject(
        admin_id="admin", at=NOW + timedelta(hours=1), event_id="e2", reason="  salah   nama "
    )
    assert rejected.reason == "salah nama"
    assert event.payload["reason"] == "salah nama"
    assert rejected.updated_at == NOW + timedelta(hours=1)
    with pytest.raises(ValidationFailed):
        a_request().reject(admin_id="admin", at=NOW, event_id="e2", reason="x" * 301)


def test_a_paid_or_rejected_withdrawal_is_final() -> None:
    """Nothing moves a terminal withdrawal; the refusal names the state."""
    approved, _ = a_request().approve(admin_id="admin", at=NOW, event_id="e2")
    paid, _ = approved.mark_paid(admin_id="admin", at=NOW, event_id="e3")
    rejected, _ = a_request().reject(admin_id="admin", at=NOW, event_id="e4")
    for final in (paid, rejected):
        for move in (final.approve, final.mark_paid):
            with pytest.raises(InvalidTransition) as refused:
                move(admin_id="admin", at=NOW, event_id="e5")
            assert refused.value.state == final.status
