"""HTTP routes of bookings: rentals, sale orders, test drives, reviews, pricing admin."""
