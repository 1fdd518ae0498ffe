"""Errors of money: the ledger and sellers' funds."""

from __future__ import annotations

from bigauto.domain.shared.errors import Conflict


class LedgerError(Conflict, code="LEDGER_ERROR"):
    """A ledger transaction that does not balance or would overdraw an account."""


class InsufficientFunds(LedgerError, code="INSUFFICIENT_FUNDS"):
    """An account that may not go below zero would do so."""
