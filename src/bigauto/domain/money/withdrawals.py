"""A seller's request to move available funds to an Indonesian bank account.

The request reserves the funds at once (the service posts ``withdrawal_requested`` to the ledger
in the same unit of work); an admin then approves it and marks it paid once the transfer is
made, or rejects it, which makes the funds available again. Every move goes through the
``WITHDRAWAL`` lifecycle table, so an illegal one raises ``InvalidTransition`` and changes
nothing; each returns ``(new_withdrawal, DomainEvent)``.

Banks are named by short lowercase codes (``bca``, ``mandiri``, ...); the three-digit clearing
code of a listed bank (``"014"`` for BCA) is accepted too and stored as its short code.

>>> from datetime import UTC, datetime
>>> now = datetime(2026, 3, 1, 9, tzinfo=UTC)
>>> account = BankAccount.of("014", "1234-567-890", "  Budi Santoso ")
>>> account
BankAccount(bank_code='bca', account_number='1234567890', account_name='Budi Santoso')
>>> w, event = Withdrawal.request(
...     withdrawal_id="w1", seller_id="budi", amount=Money(250_000), bank_account=account,
...     minimum=Money(50_000), now=now, event_id="e1")
>>> w, event = w.approve(admin_id="admin", at=now, event_id="e2")
>>> w.status.value, event.name, event.payload["account_number"]
('approved', 'withdrawal.approved', '1234567890')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from bigauto.domain.money.events import WithdrawalEvents
from bigauto.domain.money.lifecycle import WITHDRAWAL, WithdrawalEvent, WithdrawalState
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import StatusChange, advance, require_aware, trail
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money

DEFAULT_MIN_WITHDRAWAL = 50_000
MAX_ACCOUNT_NAME = 100
MAX_REASON = 300


@attrs.frozen
class Bank:
    """A bank sellers can be paid to: its short code, clearing code and name."""

    code: str
    clearing_code: str
    name: str


def _banks() -> dict[str, Bank]:
    rows = [
        ("bca", "014", "Bank Central Asia"),
        ("bni", "009", "Bank Negara Indonesia"),
        ("bri", "002", "Bank Rakyat Indonesia"),
        ("mandiri", "008", "Bank Mandiri"),
        ("cimb", "022", "CIMB Niaga"),
        ("permata", "013", "Bank Permata"),
        ("bsi", "451", "Bank Syariah Indonesia"),
        ("danamon", "011", "Bank Danamon"),
        ("btn", "200", "Bank Tabungan Negara"),
        ("panin", "019", "Panin Bank"),
        ("ocbc", "028", "OCBC NISP"),
        ("maybank", "016", "Maybank Indonesia"),
        ("mega", "426", "Bank Mega"),
        ("btpn", "213", "Bank BTPN"),
        ("jago", "542", "Bank Jago"),
        ("seabank", "535", "SeaBank Indonesia"),
        ("bjb", "110", "Bank BJB"),
    ]
    return {code: Bank(code, clearing, name) for code, clearing, name in rows}


#: The banks a withdrawal may go to, by short code.
BANKS: Mapping[str, Bank] = _banks()
_BY_CLEARING = {bank.clearing_code: bank for bank in BANKS.values()}


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, details={"field": field, "errors": [{"field": field, "message": message}]}
    )


def bank_code(value: str) -> str:
    """``value`` as a known bank's short code (a clearing code is translated)."""
    text = value.strip().lower()
    if text in BANKS:
        return text
    if text in _BY_CLEARING:
        return _BY_CLEARING[text].code
    raise _invalid("bank_code", f"{value!r} is not a bank we pay to; use one of {sorted(BANKS)}")


def account_number(value: str) -> str:
    """``value`` without spaces or dashes, when that is 6 to 20 digits."""
    digits = "".join(value.split()).replace("-", "")
    if not (digits.isascii() and digits.isdigit() and 6 <= len(digits) <= 20):
        raise _invalid("account_number", "an account number is 6 to 20 digits")
    return digits


def account_name(value: str) -> str:
    """``value`` trimmed and with single spaces, 1 to 100 characters."""
    name = " ".join(value.split())
    if not 1 <= len(name) <= MAX_ACCOUNT_NAME:
        raise _invalid("account_name", f"the account name is 1 to {MAX_ACCOUNT_NAME} characters")
    return name


@attrs.frozen
class BankAccount:
    """Where a withdrawal is transferred to; the fields are checked and normalised."""

    bank_code: str = attrs.field(converter=bank_code)
    account_number: str = attrs.field(converter=account_number)
    account_name: str = attrs.field(converter=account_name)

    @classmethod
    def of(cls, bank: str, number: str, name: str) -> BankAccount:
        """The account, or one ValidationFailed naming every bad field (not just the first)."""
        errors: list[dict[str, str]] = []
        for check, value in ((bank_code, bank), (account_number, number), (account_name, name)):
            try:
                check(value)
            except ValidationFailed as error:
                errors.extend(error.details["errors"])
        if errors:
            raise ValidationFailed(
                f"{errors[0]['message']} @ $.{errors[0]['field']}",
                details={"field": errors[0]["field"], "errors": errors},
            )
        return cls(bank, number, name)

    @property
    def bank(self) -> Bank:
        return BANKS[self.bank_code]


@attrs.frozen
class Withdrawal:
    """A seller's withdrawal of ``amount`` to ``bank_account``, with its audit trail.

    ``reason`` is the admin's reason for a rejection.
    """

    id: str
    seller_id: str
    amount: Money
    bank_account: BankAccount
    status: WithdrawalState = attrs.field(converter=WithdrawalState)
    requested_at: datetime
    updated_at: datetime
    history: tuple[StatusChange, ...] = attrs.field(converter=trail)
    reason: str | None = None

    @classmethod
    def request(
        cls,
        *,
        withdrawal_id: str,
        seller_id: str,
        amount: Money,
        bank_account: BankAccount,
        minimum: Money,
        now: datetime,
        event_id: str,
    ) -> tuple[Withdrawal, DomainEvent]:
        """A new request in ``requested``; at least ``minimum`` (and more than zero).

        Whether the seller has the funds is the ledger's question, asked when the service
        reserves them in the same unit of work.
        """
        require_aware(now, "now")
        if amount < minimum or amount.amount <= 0:
            raise _invalid("amount", f"the least you can withdraw is {minimum}")
        draft = cls(
            id=withdrawal_id,
            seller_id=seller_id,
            amount=amount,
            bank_account=bank_account,
            status=WITHDRAWAL.initial,
            requested_at=now,
            updated_at=now,
            history=(),
        )
        step = WITHDRAWAL.start("request", Actor.SELLER, emits=WithdrawalEvents.REQUESTED)
        return advance(draft, step, seller_id, now, event_id, facts=Withdrawal._facts)

    def approve(
        self, *, admin_id: str, at: datetime, event_id: str
    ) -> tuple[Withdrawal, DomainEvent]:
        """An admin accepts the request; the transfer is to be made."""
        return self._fire(WithdrawalEvent.APPROVE, admin_id, at, event_id)

    def reject(
        self, *, admin_id: str, at: datetime, event_id: str, reason: str | None = None
    ) -> tuple[Withdrawal, DomainEvent]:
        """An admin refuses the request; the reserved funds become available again."""
        text = " ".join(reason.split()) if reason else None
        if text is not None and len(text) > MAX_REASON:
            raise _invalid("reason", f"the reason is at most {MAX_REASON} characters")
        return self._fire(WithdrawalEvent.REJECT, admin_id, at, event_id, reason=text or None)

    def mark_paid(
        self, *, admin_id: str, at: datetime, event_id: str
    ) -> tuple[Withdrawal, DomainEvent]:
        """An admin records that the transfer was made; the funds are paid out."""
        return self._fire(WithdrawalEvent.MARK_PAID, admin_id, at, event_id)

    def _facts(self) -> dict[str, Any]:
        # The worker's payout notifications read seller_id, amount, bank_code, account_number
        # (shown masked) and reason.
        return {
            "withdrawal_id": self.id,
            "seller_id": self.seller_id,
            "amount": self.amount.amount,
            "currency": self.amount.currency,
            "bank_code": self.bank_account.bank_code,
            "account_number": self.bank_account.account_number,
        }

    def _fire(
        self,
        event: WithdrawalEvent,
        admin_id: str,
        at: datetime,
        event_id: str,
        *,
        reason: str | None = None,
    ) -> tuple[Withdrawal, DomainEvent]:
        require_aware(at, "at")
        step = WITHDRAWAL.fire(self.status, event, Actor.ADMIN)
        # Only a rejection gives the withdrawal a reason; the other moves keep the one it has.
        changes = {
            "updated_at": at,
            "reason": reason if event is WithdrawalEvent.REJECT else self.reason,
        }
        facts = Withdrawal._facts
        return advance(
            self, step, admin_id, at, event_id, facts=facts, reason=reason, changes=changes
        )


__all__ = [
    "BANKS",
    "DEFAULT_MIN_WITHDRAWAL",
    "Bank",
    "BankAccount",
    "Withdrawal",
    "account_name",
    "account_number",
    "bank_code",
]
