"""Ports of money: the ledger and withdrawals."""
