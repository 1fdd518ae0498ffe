"""Money movements: commission, the double-entry ledger and its postings, withdrawals."""
