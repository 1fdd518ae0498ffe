"""Use cases of money: ledger postings, balances and their check, withdrawals.

The use cases take a ``Payouts`` context first (see :mod:`bigauto.services.money.context`); the
postings run inside the caller's unit of work instead.
"""
