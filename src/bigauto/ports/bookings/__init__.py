"""bigauto.ports.bookings."""
