"""bigauto.domain.bookings."""
