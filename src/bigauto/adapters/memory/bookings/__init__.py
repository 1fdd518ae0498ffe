"""In-memory repositories of bookings: rentals, test drives, sale orders, pricing, reviews."""
