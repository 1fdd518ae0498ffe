"""bigauto.services.bookings."""
