"""Payments: the Payment aggregate, its lifecycle, the rules of Midtrans notifications."""
