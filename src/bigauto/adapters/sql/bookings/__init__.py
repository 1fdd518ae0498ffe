"""bigauto.adapters.sql.bookings."""
