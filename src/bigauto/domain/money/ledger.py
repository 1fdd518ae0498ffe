"""The money ledger: balanced double-entry transactions over a small chart of accounts.

The ledger follows every rupiah a customer pays to where it is now attributed. The one
debit-normal account, ``customer_payments`` (the gateway clearing account), grows with each
payment; every other account is credit-normal and says where that money went: platform
commission, a seller's pending, available, reserved or paid-out funds, or refunds. Because each
transaction balances, ``customer paid = refunds + commission + seller payouts`` holds at all
times, to the rupiah, and every balance is derived from entries alone.

An entry's amount is signed: positive is a debit, negative a credit. The ready-made postings for
the marketplace's flows are in ``bigauto.domain.money.ledger_postings``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime

import attrs

from bigauto.domain.money.errors import InsufficientFunds, LedgerError
from bigauto.domain.shared.errors import MoneyError
from bigauto.domain.shared.money import DEFAULT_CURRENCY, MAX_AMOUNT, Money


class Side(enum.StrEnum):
    """The side on which an account's balance normally sits."""

    DEBIT = "debit"
    CREDIT = "credit"


class AccountKind(enum.StrEnum):
    """The kinds of account in the chart; seller kinds exist once per seller."""

    CUSTOMER_PAYMENTS = "customer_payments"
    PLATFORM_COMMISSION = "platform_commission"
    SELLER_PENDING = "seller_pending"
    SELLER_AVAILABLE = "seller_available"
    SELLER_RESERVED = "seller_reserved"
    SELLER_PAID_OUT = "seller_paid_out"
    CUSTOMER_REFUNDS = "customer_refunds"


@attrs.frozen
class AccountSpec:
    """How the chart treats one kind of account."""

    kind: AccountKind
    normal: Side
    per_seller: bool
    non_negative: bool
    description: str


def _chart() -> dict[AccountKind, AccountSpec]:
    k, debit, credit = AccountKind, Side.DEBIT, Side.CREDIT
    rows = [
        # kind, normal side, one per seller, may not go negative, what it holds
        (k.CUSTOMER_PAYMENTS, debit, False, False, "gateway clearing: all customers have paid"),
        (k.PLATFORM_COMMISSION, credit, False, False, "commission revenue, net of refunds"),
        (k.SELLER_PENDING, credit, True, True, "payouts for deals not yet completed"),
        (k.SELLER_AVAILABLE, credit, True, True, "funds the seller may withdraw"),
        (k.SELLER_RESERVED, credit, True, True, "funds held for withdrawals in progress"),
        (k.SELLER_PAID_OUT, credit, True, False, "transferred to the seller's bank account"),
        (k.CUSTOMER_REFUNDS, credit, False, False, "refunded to customers"),
    ]
    return {row[0]: AccountSpec(*row) for row in rows}


#: The chart of accounts. Seller funds may never go negative: that would be paying out money the
#: seller has not earned.
CHART_OF_ACCOUNTS: Mapping[AccountKind, AccountSpec] = _chart()


@attrs.frozen
class Account:
    """An account of the chart: a kind, and for seller kinds the seller who owns it."""

    kind: AccountKind = attrs.field(converter=AccountKind)
    owner: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.spec.per_seller != (self.owner is not None):
            need = "needs a seller" if self.spec.per_seller else "belongs to no seller"
            raise LedgerError(
                f"a {self.kind} account {need}",
                details={"kind": self.kind.value, "owner": self.owner},
            )

    @property
    def spec(self) -> AccountSpec:
        return CHART_OF_ACCOUNTS[self.kind]

    @classmethod
    def customer_payments(cls) -> Account:
        return cls(AccountKind.CUSTOMER_PAYMENTS)

    @classmethod
    def platform_commission(cls) -> Account:
        return cls(AccountKind.PLATFORM_COMMISSION)

    @classmethod
    def customer_refunds(cls) -> Account:
        return cls(AccountKind.CUSTOMER_REFUNDS)

    @classmethod
    def seller_pending(cls, seller_id: str) -> Account:
        return cls(AccountKind.SELLER_PENDING, seller_id)

    @classmethod
    def seller_available(cls, seller_id: str) -> Account:
        return cls(AccountKind.SELLER_AVAILABLE, seller_id)

    @classmethod
    def seller_reserved(cls, seller_id: str) -> Account:
        return cls(AccountKind.SELLER_RESERVED, seller_id)

    @classmethod
    def seller_paid_out(cls, seller_id: str) -> Account:
        return cls(AccountKind.SELLER_PAID_OUT, seller_id)

    def __str__(self) -> str:
        return self.kind.value if self.owner is None else f"{self.kind.value}:{self.owner}"


@attrs.frozen
class Entry:
    """One line of a transaction: a signed amount on an account (debit > 0, credit < 0)."""

    account: Account
    amount: Money

    @classmethod
    def debit(cls, account: Account, amount: Money) -> Entry:
        return cls(account, _unsigned(amount))

    @classmethod
    def credit(cls, account: Account, amount: Money) -> Entry:
        return cls(account, -_unsigned(amount))

    @property
    def side(self) -> Side:
        return Side.CREDIT if self.amount.is_negative else Side.DEBIT


def _unsigned(amount: Money) -> Money:
    if amount.is_negative:
        raise MoneyError(
            "debit and credit amounts are not negative", details={"amount": amount.amount}
        )
    return amount


class TransactionKind(enum.StrEnum):
    """The money movements the marketplace makes."""

    PAYMENT_RECEIVED = "payment_received"
    PAYOUT_RELEASED = "payout_released"
    REFUND_ISSUED = "refund_issued"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    WITHDRAWAL_REJECTED = "withdrawal_rejected"
    WITHDRAWAL_PAID = "withdrawal_paid"


def _entries(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(entries)


@attrs.frozen
class LedgerTransaction:
    """A balanced set of entries in one currency; ``reference`` names what it is about
    (a payment, booking or withdrawal id)."""

    id: str
    kind: TransactionKind = attrs.field(converter=TransactionKind)
    occurred_at: datetime
    entries: tuple[Entry, ...] = attrs.field(converter=_entries)
    reference: str

    def __attrs_post_init__(self) -> None:
        details = {"transaction_id": self.id, "kind": self.kind.value}
        if self.occurred_at.tzinfo is None:
            raise LedgerError("a transaction's time must be timezone-aware", details=details)
        if len(self.entries) < 2:
            raise LedgerError("a transaction needs at least two entries", details=details)
        currencies = {entry.amount.currency for entry in self.entries}
        if len(currencies) != 1:
            raise LedgerError(
                "a transaction is in one currency",
                details={**details, "currencies": sorted(currencies)},
            )
        total = sum(entry.amount.amount for entry in self.entries)
        if total != 0:
            raise LedgerError(
                "a transaction's debits and credits must balance",
                details={**details, "imbalance": total},
            )
        if all(entry.amount.is_zero for entry in self.entries):
            raise LedgerError("a transaction must move some money", details=details)

    @property
    def currency(self) -> str:
        return self.entries[0].amount.currency


@attrs.frozen
class SellerBalance:
    """A seller's funds as the ledger has them (the API shows ``pending`` and ``available``)."""

    pending: Money
    available: Money
    currency: str
    reserved: Money
    paid_out: Money


@attrs.frozen
class LedgerTotals:
    """Where all the money customers paid is now, across every account."""

    customer_paid: Money
    refunds: Money
    commission: Money
    seller_pending: Money
    seller_available: Money
    seller_reserved: Money
    seller_paid_out: Money

    @property
    def seller_payouts(self) -> Money:
        return (
            self.seller_pending
            + self.seller_available
            + self.seller_reserved
            + self.seller_paid_out
        )

    @property
    def is_conserved(self) -> bool:
        """customer paid = refunds + commission + seller payouts, to the rupiah."""
        return self.customer_paid == self.refunds + self.commission + self.seller_payouts

    @classmethod
    def of(cls, by_kind: Mapping[AccountKind, int], currency: str) -> LedgerTotals:
        """The totals from the sum of balances (normal side) of each kind of account."""

        def total(kind: AccountKind) -> Money:
            return Money(by_kind.get(kind, 0), currency)

        return cls(
            customer_paid=total(AccountKind.CUSTOMER_PAYMENTS),
            refunds=total(AccountKind.CUSTOMER_REFUNDS),
            commission=total(AccountKind.PLATFORM_COMMISSION),
            seller_pending=total(AccountKind.SELLER_PENDING),
            seller_available=total(AccountKind.SELLER_AVAILABLE),
            seller_reserved=total(AccountKind.SELLER_RESERVED),
            seller_paid_out=total(AccountKind.SELLER_PAID_OUT),
        )


def to_normal(account: Account, signed: int) -> int:
    """A signed ledger amount (debit > 0) seen from ``account``'s normal side."""
    return signed if account.spec.normal is Side.DEBIT else -signed


@attrs.define
class Ledger:
    """The ledger of one currency: applies transactions and answers balances derived from them.

    Applying checks everything first and then changes everything, so a refused transaction
    leaves the ledger exactly as it was. Applying a transaction id a second time is a no-op when
    the transaction is the same (a replayed message), and an error when it differs.
    """

    currency: str = DEFAULT_CURRENCY
    _transactions: list[LedgerTransaction] = attrs.field(factory=list, init=False)
    _by_id: dict[str, LedgerTransaction] = attrs.field(factory=dict, init=False)
    # Signed sum of entries per account (debit positive); a cache of the entries, nothing more.
    _raw: dict[Account, int] = attrs.field(factory=dict, init=False)

    @classmethod
    def replay(
        cls, transactions: Iterable[LedgerTransaction], currency: str = DEFAULT_CURRENCY
    ) -> Ledger:
        """A ledger rebuilt by applying stored ``transactions`` in order."""
        ledger = cls(currency)
        for transaction in transactions:
            ledger.apply(transaction)
        return ledger

    @property
    def transactions(self) -> tuple[LedgerTransaction, ...]:
        return tuple(self._transactions)

    def apply(self, transaction: LedgerTransaction) -> bool:
        """Record ``transaction``; True when applied, False when it was already recorded."""
        known = self._by_id.get(transaction.id)
        if known is not None:
            if known == transaction:
                return False
            raise LedgerError(
                f"transaction {transaction.id} was already recorded with other contents",
                details={"transaction_id": transaction.id},
            )
        if transaction.currency != self.currency:
            raise LedgerError(
                f"a {self.currency} ledger cannot take a {transaction.currency} transaction",
                details={"transaction_id": transaction.id, "currency": transaction.currency},
            )
        after = dict(self._after(transaction))
        self._raw.update(after)
        self._transactions.append(transaction)
        self._by_id[transaction.id] = transaction
        return True

    def _after(self, transaction: LedgerTransaction) -> Iterable[tuple[Account, int]]:
        moves: dict[Account, int] = {}
        for entry in transaction.entries:
            moves[entry.account] = moves.get(entry.account, 0) + entry.amount.amount
        checked = []
        for account, move in moves.items():
            raw = self._raw.get(account, 0) + move
            balance = to_normal(account, raw)
            if account.spec.non_negative and balance < 0:
                raise InsufficientFunds(
                    f"{account} would go below zero",
                    details={
                        "transaction_id": transaction.id,
                        "account": str(account),
                        "balance": to_normal(account, self._raw.get(account, 0)),
                        "would_be": balance,
                    },
                )
            if abs(raw) > MAX_AMOUNT:
                raise LedgerError(
                    f"{account} would exceed the largest amount",
                    details={"transaction_id": transaction.id, "account": str(account)},
                )
            checked.append((account, raw))
        return checked

    def balance(self, account: Account) -> Money:
        """``account``'s balance on its normal side (a seller's pending funds are positive)."""
        return Money(to_normal(account, self._raw.get(account, 0)), self.currency)

    def balances(self) -> dict[Account, Money]:
        """Every account that has seen an entry, with its balance."""
        return {account: self.balance(account) for account in self._raw}

    def seller_balance(self, seller_id: str) -> SellerBalance:
        """What ``seller_id`` has pending, available, reserved and paid out."""
        return SellerBalance(
            pending=self.balance(Account.seller_pending(seller_id)),
            available=self.balance(Account.seller_available(seller_id)),
            currency=self.currency,
            reserved=self.balance(Account.seller_reserved(seller_id)),
            paid_out=self.balance(Account.seller_paid_out(seller_id)),
        )

    def lines(self, account: Account) -> list[tuple[LedgerTransaction, Entry]]:
        """Every entry on ``account`` with its transaction, oldest first."""
        return [
            (transaction, entry)
            for transaction in self._transactions
            for entry in transaction.entries
            if entry.account == account
        ]

    def balance_for(self, account: Account, reference: str) -> Money:
        """The part of ``account``'s balance that transactions about ``reference`` put there
        (e.g. what a booking still has in its seller's pending funds)."""
        raw = sum(
            entry.amount.amount
            for transaction, entry in self.lines(account)
            if transaction.reference == reference
        )
        return Money(to_normal(account, raw), self.currency)

    def totals(self) -> LedgerTotals:
        """The whole ledger summed by kind of account."""
        by_kind = dict.fromkeys(AccountKind, 0)
        for account, raw in self._raw.items():
            by_kind[account.kind] += to_normal(account, raw)
        return LedgerTotals.of(by_kind, self.currency)


__all__ = [
    "CHART_OF_ACCOUNTS",
    "Account",
    "AccountKind",
    "AccountSpec",
    "Entry",
    "Ledger",
    "LedgerTotals",
    "LedgerTransaction",
    "SellerBalance",
    "Side",
    "TransactionKind",
    "to_normal",
]
