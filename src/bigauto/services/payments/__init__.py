"""Payments: checkout, gateway notifications, settlement of deals, refunds, payouts."""
