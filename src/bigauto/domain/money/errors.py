"""Errors of money: the ledger and sellers' funds."""

from __future__ import annotations

from bigauto.domain.shared.errors import Conflict


class LedgerError(Conflict):
    """A ledger transaction that does not balance or would overdraw an account."""

    code = "LEDGER_ERROR"


class InsufficientFunds(LedgerError):
    """An account that may not go below zero would do so."""

    code = "INSUFFICIENT_FUNDS"
