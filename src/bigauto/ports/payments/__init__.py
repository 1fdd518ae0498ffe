"""Ports of payments: the payment gateway and the payment records."""
