"""Use cases of money: ledger postings, balances and their check, withdrawals."""
