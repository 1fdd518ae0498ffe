"""In-memory repositories of money: the ledger and withdrawals."""
