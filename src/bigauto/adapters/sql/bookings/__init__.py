"""SQL tables and repositories of bookings: rentals, test drives, sale orders, reviews."""
