"""HTTP routes of money: seller balances and withdrawals, and their administration."""
