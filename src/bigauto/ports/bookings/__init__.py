"""Ports of bookings: the repositories of rentals, test drives, sale orders, pricing."""
