"""Bookings: rentals, sale orders, test drives, pricing, promo codes, cancellation, reviews."""
