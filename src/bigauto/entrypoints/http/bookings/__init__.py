"""bigauto.entrypoints.http.bookings."""
