"""Use cases of bookings: rentals, sale orders, test drives, reviews, pricing, timers."""
