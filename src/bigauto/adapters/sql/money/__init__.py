"""SQL tables and repositories of money: the ledger, balances and withdrawals."""
